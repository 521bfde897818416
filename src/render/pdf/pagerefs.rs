//! Page references on paper: a cross-reference (a link to a reflex sheet, procedure, obligation, message,
//! application, function, exercise or section) is followed by the page of its target ("→ p. 23"). Links to a
//! person or a role are not: they cite a name and a number, not a place to turn to.
//!
//! Pages are known only once the binder is laid out, so it is laid out with a placeholder number first, then
//! again with the pages found, until two layouts agree (twice in practice, at most [`MAX_PASSES`]): the
//! same document always gives the same passes, so the output stays deterministic.

use pbn_typeset::{Block, Inline, Layout, Style, Target};
use std::collections::BTreeMap;

/// Layouts tried before the last one is kept as it is.
pub(super) const MAX_PASSES: usize = 3;

/// Page number (1-based) of each anchor; before the first layout, a placeholder for every anchor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Pages {
    of: BTreeMap<String, usize>,
    placeholder: bool,
}

impl Pages {
    /// Before any layout: every reference gets a two-digit placeholder, the width most numbers will have.
    pub fn placeholder() -> Self {
        Pages {
            of: BTreeMap::new(),
            placeholder: true,
        }
    }

    /// The pages of a layout's anchors.
    pub fn of(layout: &Layout) -> Self {
        Pages {
            of: layout
                .anchors
                .iter()
                .map(|(a, (page, _))| (a.clone(), page + 1))
                .collect(),
            placeholder: false,
        }
    }

    /// The page of each anchor.
    pub fn into_map(self) -> BTreeMap<String, usize> {
        self.of
    }

    fn number(&self, anchor: &str) -> Option<String> {
        if self.placeholder {
            return Some("00".into());
        }
        self.of.get(anchor).map(usize::to_string)
    }
}

/// Whether a link to `anchor` is a cross-reference that gets its page.
fn is_cross_reference(anchor: &str) -> bool {
    !(anchor.starts_with("contact-") || anchor.starts_with("role-") || anchor.starts_with("card-"))
}

/// Adds the page after every cross-reference of `blocks` (tables, lists, boxes and sheets included).
pub(super) fn annotate(blocks: &mut [Block], pages: &Pages, label: &str) {
    for b in blocks {
        match b {
            Block::Paragraph(v) | Block::Large(v) | Block::Small(v) => inlines(v, pages, label),
            Block::List { items, .. } => {
                for item in items {
                    annotate(item, pages, label);
                }
            }
            Block::Callout { blocks, .. } | Block::Sheet { blocks, .. } => {
                annotate(blocks, pages, label);
            }
            Block::Table { rows, .. } => {
                for cell in rows.iter_mut().flatten() {
                    inlines(cell, pages, label);
                }
            }
            Block::KeyValue(pairs) => {
                for (_, v) in pairs {
                    inlines(v, pages, label);
                }
            }
            _ => {}
        }
    }
}

fn inlines(v: &mut Vec<Inline>, pages: &Pages, label: &str) {
    let refs = v.iter().any(|i| target(i).is_some());
    if !refs {
        return;
    }
    let mut out = Vec::with_capacity(v.len() + 2);
    for i in v.drain(..) {
        let page = target(&i).and_then(|a| pages.number(a));
        out.push(i);
        if let Some(n) = page {
            // No-break spaces: the arrow, the label and the number stay with the reference.
            out.push(Inline::Text {
                text: format!("\u{a0}→\u{a0}{label}\u{a0}{n}"),
                style: Style::default(),
            });
        }
    }
    *v = out;
}

/// The anchor of an internal cross-reference.
fn target(i: &Inline) -> Option<&str> {
    match i {
        Inline::Link {
            target: Target::Internal(a),
            ..
        } if is_cross_reference(a) => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(a: &str) -> Inline {
        Inline::Link {
            text: "x".into(),
            target: Target::Internal(a.into()),
            style: Style::default(),
        }
    }

    #[test]
    fn cross_references_get_their_page_and_people_do_not() {
        let mut pages = Pages::default();
        pages.of.insert("reflex-a".into(), 23);
        pages.of.insert("contact-b".into(), 40);
        let mut blocks = vec![Block::Table {
            columns: Vec::new(),
            rows: vec![vec![vec![
                link("reflex-a"),
                link("contact-b"),
                link("nowhere"),
            ]]],
        }];
        annotate(&mut blocks, &pages, "p.");
        let Block::Table { rows, .. } = &blocks[0] else {
            panic!("table");
        };
        let texts: Vec<String> = rows[0][0]
            .iter()
            .filter_map(|i| match i {
                Inline::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["\u{a0}→\u{a0}p.\u{a0}23"]);
    }

    #[test]
    fn the_placeholder_numbers_every_reference() {
        let mut v = vec![link("procedure-x")];
        inlines(&mut v, &Pages::placeholder(), "p.");
        assert_eq!(v.len(), 2);
    }
}
