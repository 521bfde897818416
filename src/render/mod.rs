//! Rendering: the merged plan → the [`view::View`] (what the documents show, audience applied) → the HTML
//! page (`html`, tera) or, through `pbn-typeset`, the PDF. Labels come from one table per language
//! (`labels`); plan markdown goes through `markdown` (raw HTML becomes text).

mod annexes;
mod assemble;
pub mod audience;
mod emergency;
pub mod html;
pub mod labels;
pub mod markdown;
pub mod pdf;
pub(crate) mod phrase;
mod resolve;
mod response;
pub mod view;

pub use audience::Audience;
pub use emergency::FIRST_GESTURES;
pub use labels::Labels;
pub use resolve::anchor as resolve_anchor;
pub use view::{View, ViewOptions};

#[cfg(test)]
mod tests;
