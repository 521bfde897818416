//! `pbn-typeset`: the printed binder's typesetter.
//!
//! Two stages, as in typst: **layout** turns a [`Document`] (blocks of styled text) into
//! pages of positioned items ([`Layout`]), and **export** writes those pages as a PDF (fonts
//! embedded with printpdf, the rest written object by object). Layout knows nothing about PDF; export makes no layout decision. Layout can
//! be inspected without a PDF through [`dump`], a stable text form for snapshot tests.
//!
//! Both stages are deterministic: the same document gives the same bytes (fixed font
//! resource names, dates from [`Meta::creation_date`], trailer `/ID` from a hash of the
//! file), and neither reads the clock nor any process-wide counter.
//!
//! ```
//! use pbn_typeset::{Block, Document, Inline, render_pdf};
//!
//! let mut doc = Document::default();
//! doc.meta.title = "Plan blanc".into();
//! doc.blocks.push(Block::Paragraph(vec![Inline::text("Établissement"), Inline::bold(" en crise")]));
//! let out = render_pdf(&doc)?;
//! assert!(out.pdf.starts_with(b"%PDF-1.7") && out.pages == 1 && out.overflows.is_empty());
//! # Ok::<(), pbn_typeset::Error>(())
//! ```
//!
//! Modules: `doc` (the input), `font` (faces and widths), `linebreak` (UAX #14 breaks,
//! French hyphenation), `layout` (vertical list, pagination), `pdf`, `content` and `writer` (export).

mod content;
mod doc;
mod font;
mod layout;
mod linebreak;
mod pdf;
mod structure;
mod writer;

pub use doc::{
    Align, Block, CalloutStyle, Column, DateTime, Document, Inline, Labels, ListKind, Meta, Style,
    Target,
};
pub use font::{Font, preload, text_width};
pub use layout::{
    Item, Layout, OutlineEntry, Overflow, PAGE_HEIGHT, PAGE_WIDTH, Page, Typesetter, dump, layout,
};
pub use pdf::{Prepared, Rendered, prepare, render_pdf, write_pdf};
pub use structure::{Node, Role};

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
