//! The logical structure of a document, for a tagged PDF (ISO 32000-1 14.7–14.8).
//!
//! Layout builds a tree of [`Node`]s as it turns blocks into entries (a heading, a paragraph, a list item, a
//! table cell…) and stamps each text item and link with the node it belongs to (its `tag`; 0 is the root, used
//! for artifacts: running header and footer, repeated table headers, rules and boxes). Export then wraps each run
//! of text of one node in a marked-content sequence with its own id (MCID) and writes the tree, its parent tree
//! and the link annotations' object references ([`write`]). Only the standard structure types are used, so no
//! role map is needed.

use std::io::Write as _;

use serde::{Deserialize, Serialize};

use crate::writer::{self, Writer, int};

/// A standard structure type (ISO 32000-1 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The whole document (the root).
    Document,
    /// A section (a reflex sheet, a crisis-log page).
    Sect,
    /// A generic block (a framed callout).
    Div,
    /// Headings, by level.
    H1,
    /// Level 2 heading.
    H2,
    /// Level 3 heading.
    H3,
    /// A paragraph.
    P,
    /// A list, its items, an item's label (bullet, number) and body.
    L,
    /// List item.
    LI,
    /// List item label.
    Lbl,
    /// List item body.
    LBody,
    /// A table, its rows, header cells and data cells.
    Table,
    /// Table row.
    TR,
    /// Header cell.
    TH,
    /// Data cell.
    TD,
    /// A link (its text and its annotation).
    Link,
    /// The table of contents and its entries.
    TOC,
    /// Contents entry.
    TOCI,
}

impl Role {
    /// The type's PDF name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Link => "Link",
            Role::TOC => "TOC",
            Role::TOCI => "TOCI",
        }
    }

    /// The heading type of a level (0 and 1 are chapters).
    pub fn heading(level: u8) -> Role {
        match level {
            0 | 1 => Role::H1,
            2 => Role::H2,
            _ => Role::H3,
        }
    }
}

/// A structure element: its type and its parent (the root is its own parent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Structure type.
    pub role: Role,
    /// Index of the parent node.
    pub parent: u32,
}

/// What a page contributes to the tree: the node of each of its marked-content ids, in order, and its link
/// annotations (object number and node).
#[derive(Debug, Clone, Default)]
pub(crate) struct PageMarks {
    pub mcids: Vec<u32>,
    pub annots: Vec<(u32, u32)>,
}

/// A kid of a structure element, in reading order.
#[derive(Debug, Clone, Copy)]
enum Kid {
    Node(u32),
    /// Page index, MCID.
    Content(usize, u32),
    /// Page index, annotation object.
    Annot(usize, u32),
}

/// The elements' kids, in reading order: the content of each page in turn, each node attached to its parent
/// when its first content comes. Nodes without content are left out.
fn kids(nodes: &[Node], pages: &[PageMarks]) -> (Vec<Vec<Kid>>, Vec<bool>) {
    let mut kids: Vec<Vec<Kid>> = vec![Vec::new(); nodes.len()];
    let mut attached = vec![false; nodes.len()];
    if let Some(root) = attached.first_mut() {
        *root = true;
    }
    let mut attach = |node: u32, kids: &mut Vec<Vec<Kid>>| {
        let mut chain = Vec::new();
        let mut n = node as usize;
        while n < nodes.len() && !attached[n] {
            chain.push(n);
            attached[n] = true;
            n = nodes[n].parent as usize;
        }
        for &c in chain.iter().rev() {
            let parent = nodes[c].parent as usize;
            if let Some(k) = kids.get_mut(parent) {
                k.push(Kid::Node(c as u32));
            }
        }
    };
    for (p, marks) in pages.iter().enumerate() {
        for (mcid, &node) in marks.mcids.iter().enumerate() {
            attach(node, &mut kids);
            if let Some(k) = kids.get_mut(node as usize) {
                k.push(Kid::Content(p, mcid as u32));
            }
        }
        for &(annot, node) in &marks.annots {
            attach(node, &mut kids);
            if let Some(k) = kids.get_mut(node as usize) {
                k.push(Kid::Annot(p, annot));
            }
        }
    }
    (kids, attached)
}

/// Write the structure tree and its parent tree. Pages get `/StructParents` equal to their index and link
/// annotations `/StructParent` equal to the page count plus their rank (see `pdf.rs`); returns the
/// `/StructTreeRoot` object.
pub(crate) fn write(
    w: &mut Writer,
    nodes: &[Node],
    pages: &[PageMarks],
    page_id: impl Fn(usize) -> u32 + Sync,
) -> u32 {
    let (kids, attached) = kids(nodes, pages);
    // The elements written (the attached nodes), in order, and their object numbers by node (0 for the others).
    let written: Vec<u32> = (0..nodes.len() as u32)
        .filter(|&n| attached[n as usize])
        .collect();
    let mut ids: Vec<u32> = vec![0; nodes.len()];
    let root = w.reserve();
    let parent_tree = w.reserve();
    let first = w.reserve_many(written.len());
    for (k, &n) in written.iter().enumerate() {
        ids[n as usize] = first + k as u32;
    }
    let id = |n: u32| ids.get(n as usize).copied().unwrap_or(0);
    let objects: Vec<u32> = (0..written.len() as u32).map(|k| first + k).collect();
    // Tens of thousands of elements in a binder: written and compressed side by side.
    w.pack_all(&objects, |k, body| {
        let n = written[k];
        let parent = if n == 0 {
            root
        } else {
            id(nodes[n as usize].parent)
        };
        element(
            body,
            nodes[n as usize],
            &kids[n as usize],
            parent,
            &id,
            &page_id,
        );
    });
    // The parent tree: for each page its MCIDs' elements, for each link annotation its element.
    let mut body = Vec::new();
    body.extend_from_slice(b"<</Nums[");
    for (p, marks) in pages.iter().enumerate() {
        int(&mut body, p);
        body.push(b'[');
        for (i, &node) in marks.mcids.iter().enumerate() {
            if i > 0 {
                body.push(b' ');
            }
            reference(&mut body, id(node));
        }
        body.extend_from_slice(b"]\n");
    }
    let mut key = pages.len();
    for marks in pages {
        for &(_, node) in &marks.annots {
            int(&mut body, key);
            body.push(b' ');
            reference(&mut body, id(node));
            body.push(b'\n');
            key += 1;
        }
    }
    body.extend_from_slice(b"]>>");
    w.raw(parent_tree, &body);
    body.clear();
    let _ = write!(
        body,
        "<</Type/StructTreeRoot/K {} 0 R/ParentTree {parent_tree} 0 R/ParentTreeNextKey {key}>>",
        id(0)
    );
    w.raw(root, &body);
    root
}

/// One structure element's dictionary: its type, parent, page (that of its first marked content or annotation)
/// and kids (elements, marked-content ids on its page, references to content on other pages and to annotations).
fn element(
    body: &mut Vec<u8>,
    node: Node,
    kids: &[Kid],
    parent: u32,
    id: &impl Fn(u32) -> u32,
    page_id: &impl Fn(usize) -> u32,
) {
    let own = kids.iter().find_map(|k| match k {
        Kid::Content(p, _) | Kid::Annot(p, _) => Some(*p),
        Kid::Node(_) => None,
    });
    // `/Type/StructElem` is optional (ISO 32000-1 table 323): left out of the tens of thousands of elements.
    body.extend_from_slice(b"<</S");
    // A link whose target is not in the document lost its annotation: plain text, a `Span`.
    let annotated = kids.iter().any(|k| matches!(k, Kid::Annot(..)));
    let role = if node.role == Role::Link && !annotated {
        "Span"
    } else {
        node.role.name()
    };
    writer::name(body, role.as_bytes());
    body.extend_from_slice(b"/P ");
    reference(body, parent);
    if let Some(p) = own {
        body.extend_from_slice(b"/Pg ");
        reference(body, page_id(p));
    }
    body.extend_from_slice(b"/K[");
    for (i, kid) in kids.iter().enumerate() {
        if i > 0 {
            body.push(b' ');
        }
        match *kid {
            Kid::Node(c) => reference(body, id(c)),
            Kid::Content(p, mcid) if Some(p) == own => int(body, mcid),
            Kid::Content(p, mcid) => {
                body.extend_from_slice(b"<</Type/MCR/Pg ");
                reference(body, page_id(p));
                body.extend_from_slice(b"/MCID ");
                int(body, mcid);
                body.extend_from_slice(b">>");
            }
            Kid::Annot(p, annot) => {
                body.extend_from_slice(b"<</Type/OBJR/Pg ");
                reference(body, page_id(p));
                body.extend_from_slice(b"/Obj ");
                reference(body, annot);
                body.extend_from_slice(b">>");
            }
        }
    }
    body.extend_from_slice(b"]>>");
}

/// Appends an indirect reference to object `id` (`12 0 R`).
fn reference(out: &mut Vec<u8>, id: u32) {
    int(out, id);
    out.extend_from_slice(b" 0 R");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = Vec::new();
        for n in [0u32, 7, 10, 4_294_967_295] {
            int(&mut out, n);
            out.push(b' ');
        }
        reference(&mut out, 12);
        assert_eq!(out, b"0 7 10 4294967295 12 0 R");
    }

    #[test]
    fn kids_follow_reading_order_and_skip_empty_nodes() {
        let nodes = [
            Node {
                role: Role::Document,
                parent: 0,
            },
            Node {
                role: Role::P,
                parent: 0,
            },
            Node {
                role: Role::Link,
                parent: 1,
            },
            Node {
                role: Role::P,
                parent: 0,
            },
        ];
        // Page 0: P text, the link's text, P text again, and the link's annotation; node 3 has no content.
        let pages = [PageMarks {
            mcids: vec![1, 2, 1],
            annots: vec![(40, 2)],
        }];
        let (kids, attached) = kids(&nodes, &pages);
        assert_eq!(attached, [true, true, true, false]);
        let show = |k: &[Kid]| format!("{k:?}");
        assert_eq!(show(&kids[0]), "[Node(1)]");
        assert_eq!(show(&kids[1]), "[Content(0, 0), Node(2), Content(0, 2)]");
        assert_eq!(show(&kids[2]), "[Content(0, 1), Annot(0, 40)]");
    }
}
