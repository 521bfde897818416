//! `pbn-typeset`: the printed binder's typesetter.
//!
//! Two stages, as in typst: **layout** turns a [`Document`] (blocks of styled text) into
//! pages of positioned items ([`Layout`]), and **export** writes those pages as a PDF with
//! printpdf. Layout knows nothing about PDF; export makes no layout decision. Layout can
//! be inspected without a PDF through [`dump`], a stable text form for snapshot tests.
//!
//! Both stages are deterministic: the same document gives the same bytes (fixed font
//! resource names, dates from [`Meta::creation_date`], trailer `/ID` from a hash of the
//! file), and neither reads the clock nor any process-wide counter.

mod content;
mod doc;
mod font;
mod layout;
mod linebreak;
mod pdf;

pub use doc::{
    Align, Block, CalloutStyle, Column, DateTime, Document, Inline, Labels, ListKind, Meta, Style,
    Target,
};
pub use font::{Font, text_width};
pub use layout::{
    Item, Layout, OutlineEntry, Overflow, PAGE_HEIGHT, PAGE_WIDTH, Page, dump, layout,
};
pub use pdf::{Rendered, render_pdf, write_pdf};

/// What can go wrong while typesetting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An embedded font could not be parsed or subset.
    Font(String),
    /// The PDF could not be written.
    Pdf(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Font(m) => write!(f, "font error: {m}"),
            Error::Pdf(m) => write!(f, "cannot write the PDF: {m}"),
        }
    }
}

impl std::error::Error for Error {}
