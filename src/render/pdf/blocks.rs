//! Blocks every part of the binder starts with: headings (levels 1–2 in the PDF outline) and a section's title.
//! Apart from `sections` so that the files of other sections (`response`) use them without a circle.

use crate::render::view::Section;
use pbn_typeset::Block;

/// A heading; levels 1 and 2 also go into the PDF outline (the reader's bookmarks).
pub(super) fn heading(level: u8, text: &str, anchor: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_string(),
        anchor: anchor.to_string(),
        outline: level <= 2,
    }
}

/// A section's own heading: its title, at its anchor.
pub(super) fn title(s: &Section) -> Block {
    heading(1, &s.title, s.anchor)
}
