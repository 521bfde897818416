//! Page references on paper: a cross-reference (a link to a reflex sheet, procedure, obligation, message,
//! application, function, exercise or section) is followed by the page of its target ("→ p. 23"). Links to a
//! person or a role are not: they cite a name and a number, not a place to turn to.
//!
//! The number is the typesetter's [`Inline::PageRef`]: it reserves a fixed width and is filled in once the binder
//! is paginated, so one layout is enough. Only anchors the binder prints get a page: a reference to something
//! left out (another audience's section) prints no "→ p. ?".

use pbn_typeset::{Block, Inline, Style, Target};
use std::collections::BTreeSet;

/// The anchors a document prints: its headings, sheets and crisis-log pages.
pub(super) fn anchors(blocks: &[Block], out: &mut BTreeSet<String>) {
    for b in blocks {
        match b {
            Block::Heading { anchor, .. } | Block::Sheet { anchor, .. } if !anchor.is_empty() => {
                out.insert(anchor.clone());
            }
            Block::CrisisLog {
                anchor: Some(a), ..
            } => {
                out.insert(a.clone());
            }
            _ => {}
        }
        match b {
            Block::Sheet { blocks, .. } | Block::Callout { blocks, .. } => anchors(blocks, out),
            Block::List { items, .. } => {
                for item in items {
                    anchors(item, out);
                }
            }
            _ => {}
        }
    }
}

/// Whether a link to `anchor` is a cross-reference that gets its page.
fn is_cross_reference(anchor: &str) -> bool {
    !(anchor.starts_with("contact-") || anchor.starts_with("role-") || anchor.starts_with("card-"))
}

/// Adds the page after every cross-reference of `blocks` (tables, lists, boxes and sheets included) to one of
/// `pages` (the anchors printed).
pub(super) fn annotate(blocks: &mut [Block], pages: &BTreeSet<String>, label: &str) {
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

fn inlines(v: &mut Vec<Inline>, pages: &BTreeSet<String>, label: &str) {
    let refs = v.iter().any(|i| target(i).is_some());
    if !refs {
        return;
    }
    let mut out = Vec::with_capacity(v.len() + 4);
    for i in v.drain(..) {
        let anchor = target(&i)
            .filter(|a| pages.contains(*a))
            .map(str::to_string);
        out.push(i);
        if let Some(anchor) = anchor {
            // No-break spaces: the arrow, the label and the number stay with the reference.
            out.push(Inline::Text {
                text: format!("\u{a0}→\u{a0}{label}\u{a0}"),
                style: Style::default(),
            });
            out.push(Inline::PageRef {
                anchor,
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
    fn cross_references_to_printed_anchors_get_their_page_and_people_do_not() {
        let pages: BTreeSet<String> = ["reflex-a".to_string(), "contact-b".to_string()].into();
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
        let added: Vec<String> = rows[0][0]
            .iter()
            .filter_map(|i| match i {
                Inline::Text { text, .. } => Some(text.clone()),
                Inline::PageRef { anchor, .. } => Some(format!("#{anchor}")),
                _ => None,
            })
            .collect();
        assert_eq!(added, ["\u{a0}→\u{a0}p.\u{a0}", "#reflex-a"]);
    }

    #[test]
    fn printed_anchors_are_found_inside_sheets_and_boxes() {
        let blocks = vec![Block::Sheet {
            anchor: "reflex-a".into(),
            title: "A".into(),
            outline: true,
            blocks: vec![Block::Heading {
                level: 3,
                text: "B".into(),
                anchor: "procedure-b".into(),
                outline: false,
            }],
            source: None,
        }];
        let mut found = BTreeSet::new();
        anchors(&blocks, &mut found);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            ["procedure-b", "reflex-a"]
        );
    }
}
