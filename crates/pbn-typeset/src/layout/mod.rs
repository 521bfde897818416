//! Layout: a [`Document`] becomes pages of positioned items.
//!
//! Blocks are first turned into a vertical list of unbreakable entries (a line of a
//! paragraph, a table row, a heading…) that carry their break rules — keep with the
//! previous entry, start a page, header to repeat on a continuation page, frame to draw
//! around (`flow.rs`, `blocks.rs`). Blocks that introduce what follows — a heading, a run-in
//! label, a key–value block, a heading's intro paragraph, a line ending with a colon — form a
//! keep-with-next run glued to the first lines of the next block, up to a quarter page (a
//! longer run breaks as usual, so nothing is pushed from page to page forever); paragraphs
//! keep two lines at either end, short tables stay whole, a section's tail of two lines or the
//! contents' last one to three lines are not left alone on a page when an earlier break can send more. Pagination then fills pages greedily, going back to
//! the last legal break when an entry does not fit, and only then gives the entries
//! their page coordinates (`paginate.rs`). Page numbers in the table of contents and the
//! running footers are filled in last, once the page count is known, so one pass is
//! enough: the contents reserve a fixed column for the numbers.
//!
//! Coordinates are PDF points with the origin at the bottom left of an A4 page; a text
//! item's `y` is its baseline.

mod blocks;
mod flow;
mod paginate;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::font::{Font, fonts};
use crate::linebreak::{Breaker, Lang, Memo};
use crate::structure::Node;
use crate::{Block, Document, Error, Inline, Target};

/// Page width (A4), points.
pub const PAGE_WIDTH: f32 = 595.28;
/// Page height (A4), points.
pub const PAGE_HEIGHT: f32 = 841.89;

/// A positioned item of a page, in PDF points (origin bottom left).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A run of text in one face; `y` is the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Face.
        font: Font,
        /// Size in points.
        size: f32,
        /// Text (only characters the face can draw).
        text: String,
        /// Structure node the text belongs to (0: an artifact, such as a running header).
        #[serde(default)]
        tag: u32,
    },
    /// A black straight line.
    Rule {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Line width.
        width: f32,
    },
    /// A rectangle, filled with a grey level (0 black … 1 white) and/or stroked in black.
    Rect {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Grey level of the fill, if filled.
        fill: Option<f32>,
        /// Line width of the black border, if stroked.
        stroke: Option<f32>,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Bottom.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Where it goes.
        target: Target,
        /// Its `Link` structure node (0: none).
        #[serde(default)]
        tag: u32,
    },
    /// The page number of `anchor`, before pagination has found it ([`crate::Inline::PageRef`]); a [`Item::Text`]
    /// once the layout is finished.
    PageRef {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Face.
        font: Font,
        /// Size in points.
        size: f32,
        /// The anchor whose page is printed.
        anchor: String,
        /// Width reserved for the number.
        width: f32,
        /// How many items after this one are the rest of its line (moved when the number is narrower).
        follow: u32,
        /// Structure node.
        #[serde(default)]
        tag: u32,
    },
    /// A named destination: `anchor` is at height `y` of this page.
    Dest {
        /// Anchor name.
        anchor: String,
        /// Top of the target, points from the bottom.
        y: f32,
    },
}

/// One page of positioned items, drawn in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Items; graphics should be drawn before text (the PDF writer does so).
    pub items: Vec<Item>,
}

/// A bookmark of the PDF outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutlineEntry {
    /// Bookmark text.
    pub title: String,
    /// Nesting level, 1 for chapters.
    pub level: u8,
    /// Page index (0-based).
    pub page: usize,
    /// Top of the target, points from the bottom of the page.
    pub y: f32,
}

/// A reflex sheet that did not fit on one page and was continued on the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overflow {
    /// The sheet's anchor.
    pub anchor: String,
    /// The sheet's source location, as given in [`crate::Block::Sheet`].
    pub source: Option<String>,
    /// How many pages the sheet took.
    pub pages: usize,
}

/// The result of layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// Bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
    /// Every anchor: page index (0-based) and top y.
    pub anchors: BTreeMap<String, (usize, f32)>,
    /// Sheets that did not fit on one page.
    pub overflows: Vec<Overflow>,
    /// The logical structure (node 0 is the document); items refer to it by their `tag`.
    pub structure: Vec<Node>,
    /// Internal link targets that name no anchor (the links are dropped).
    pub broken_links: Vec<String>,
}

impl Layout {
    /// Puts the pages of `next` after these: page indexes of bookmarks and anchors move along, and the
    /// structure nodes of `next` (its document node excepted) are appended under this document's node.
    pub fn append(&mut self, next: Layout) {
        let Layout {
            pages,
            outline,
            anchors,
            overflows,
            structure,
            broken_links,
        } = next;
        let shift = self.pages.len();
        // Node 0 of `next` is its document: it becomes ours; every other node moves past our nodes.
        let base = self.structure.len().max(1) as u32 - 1;
        let moved = |n: u32| if n == 0 { 0 } else { n + base };
        if self.structure.is_empty() {
            self.structure = structure.first().copied().into_iter().collect();
        }
        self.structure
            .extend(structure.into_iter().skip(1).map(|node| Node {
                role: node.role,
                parent: moved(node.parent),
            }));
        self.pages.extend(pages.into_iter().map(|mut page| {
            for item in &mut page.items {
                if let Item::Text { tag, .. } | Item::Link { tag, .. } | Item::PageRef { tag, .. } =
                    item
                {
                    *tag = moved(*tag);
                }
            }
            page
        }));
        self.outline.extend(outline.into_iter().map(|mut o| {
            o.page += shift;
            o
        }));
        // An anchor named twice goes to its first place, as within one layout.
        for (a, (page, y)) in anchors {
            self.anchors.entry(a).or_insert((page + shift, y));
        }
        self.overflows.extend(overflows);
        self.broken_links.extend(broken_links);
    }
}

/// Lay a document out on A4 pages.
///
/// Page numbers ([`crate::Inline::PageRef`]) are set in a width reserved for as many digits as a generous guess
/// of the page count has (at least three) and filled in at the end; only a document longer than that guess allows
/// is laid out again, with room for more.
pub fn layout(doc: &Document) -> Result<Layout, Error> {
    let mut digits = estimated_pages(&doc.blocks).to_string().len().max(3);
    loop {
        let (layout, refs) = layout_with(doc, digits)?;
        let needed = layout.pages.len().to_string().len();
        if refs == 0 || needed <= digits {
            return Ok(layout);
        }
        digits = needed;
    }
}

/// Lays out documents that share much of their text, one after another — the role cards, each laid out alone
/// and, when it runs over a page, cut and tried again: lines already broken are reused, and whether a document
/// fits on one page is found without positioning its text, nor going further than a page.
#[derive(Default)]
pub struct Typesetter {
    memo: Memo,
}

impl Typesetter {
    /// A typesetter that remembers nothing yet.
    pub fn new() -> Typesetter {
        Typesetter::default()
    }

    /// Lay a document out, like [`layout`].
    pub fn layout(&mut self, doc: &Document) -> Result<Layout, Error> {
        let mut b = self.builder(doc)?;
        b.document(doc);
        self.memo = b.br.take_memo();
        Ok(paginate::paginate(b, &doc.meta))
    }

    /// Whether `doc` lays out on a single page (its page references, if any, counted at their reserved width).
    pub fn fits_one_page(&mut self, doc: &Document) -> Result<bool, Error> {
        let mut b = self.builder(doc)?;
        b.measure = true;
        b.document(doc);
        self.memo = b.br.take_memo();
        Ok(!b.overfull())
    }

    fn builder(&mut self, doc: &Document) -> Result<flow::Builder<'static>, Error> {
        let fonts = fonts()?;
        let memo = std::mem::take(&mut self.memo);
        let breaker = Breaker::with_memo(fonts, Lang::from_tag(&doc.meta.lang), memo);
        Ok(flow::Builder::new(breaker, &doc.meta))
    }
}

/// Text this long fills at least a page (body text holds some 5 000 characters a page, tables fewer).
const CHARS_PER_PAGE: usize = 1_500;

/// A guess of the page count, on the high side, from the length of the text and the pages forced by sheets,
/// page breaks and crisis-log pages: a thousand-reflex binder reserves four digits from the start.
fn estimated_pages(blocks: &[Block]) -> usize {
    let (text, forced) = extent(blocks);
    text / CHARS_PER_PAGE + forced
}

/// The characters of text `blocks` hold, and the pages they force (sheets, page breaks, crisis-log pages).
fn extent(blocks: &[Block]) -> (usize, usize) {
    fn chars(v: &[Inline]) -> usize {
        v.iter()
            .map(|i| match i {
                Inline::Text { text, .. } | Inline::Link { text, .. } => text.len(),
                Inline::PageRef { .. } => 3,
                Inline::LineBreak => 0,
            })
            .sum()
    }
    fn walk(blocks: &[Block], text: &mut usize, forced: &mut usize) {
        for b in blocks {
            match b {
                Block::Paragraph(v) | Block::Large(v) | Block::Small(v) => *text += chars(v),
                Block::List { items, .. } => {
                    for item in items {
                        walk(item, text, forced);
                    }
                }
                Block::Callout { blocks, .. } => walk(blocks, text, forced),
                Block::Sheet { blocks, .. } => {
                    *forced += 1;
                    walk(blocks, text, forced);
                }
                Block::Table { rows, .. } => {
                    *text += rows.iter().flatten().map(|c| chars(c)).sum::<usize>()
                }
                Block::KeyValue(pairs) => {
                    *text += pairs.iter().map(|(k, v)| k.len() + chars(v)).sum::<usize>();
                }
                Block::PageBreak | Block::Cover { .. } | Block::Toc => *forced += 1,
                Block::CrisisLog { pages, .. } => *forced += *pages as usize,
                Block::Heading { text: t, .. } => *text += t.len(),
                Block::Spacer(_) => {}
            }
        }
    }
    let (mut text, mut forced) = (0, 0);
    walk(blocks, &mut text, &mut forced);
    (text, forced)
}

/// One layout with `digits` reserved for each page number; also how many page numbers it set.
///
/// A long document is laid out in parts side by side, each part on one core: its top-level blocks are cut where
/// a page starts anyway — at a page break, or between two sheets — and each part is laid out alone, then the
/// parts are put one after the other and their page numbers filled in ([`paginate::finish`]). A part laid out
/// alone is laid out as it would be after the others, since pagination never looks across a forced page start
/// — as long as nothing carries over the cut (a keep-with-next run, a heading glued to what follows, a box or a
/// table still open): when a part ends so, the document is laid out again in one piece.
fn layout_with(doc: &Document, digits: usize) -> Result<(Layout, usize), Error> {
    let fonts = fonts()?;
    let parts = parts(&doc.blocks);
    if parts.len() > 1
        && let Some(done) = layout_parts(doc, &parts, digits, fonts)
    {
        return Ok(done);
    }
    Ok(layout_whole(doc, digits, fonts))
}

fn builder<'f>(doc: &Document, digits: usize, fonts: &'f crate::font::Fonts) -> flow::Builder<'f> {
    let breaker = Breaker::new(fonts, Lang::from_tag(&doc.meta.lang));
    let mut b = flow::Builder::new(breaker, &doc.meta);
    b.ref_digits = digits;
    b
}

/// [`layout_with`] in one piece.
fn layout_whole(doc: &Document, digits: usize, fonts: &crate::font::Fonts) -> (Layout, usize) {
    let mut b = builder(doc, digits, fonts);
    b.document(doc);
    let refs = b.page_refs;
    (paginate::paginate(b, &doc.meta), refs)
}

/// The parts of [`layout_with`], laid out side by side; `None` when a part ends with something carried over.
fn layout_parts(
    doc: &Document,
    parts: &[Range<usize>],
    digits: usize,
    fonts: &crate::font::Fonts,
) -> Option<(Layout, usize)> {
    use rayon::prelude::*;
    let toc = blocks::contents(&doc.blocks);
    let done: Option<Vec<(paginate::Part, usize)>> = parts
        .par_iter()
        .map(|r| {
            let mut b = builder(doc, digits, fonts);
            b.toc = toc.clone();
            b.blocks(
                doc.blocks.get(r.clone()).unwrap_or_default(),
                flow::MARGIN_X,
                flow::BODY_W,
            );
            let last = r.end >= doc.blocks.len();
            (last || b.at_fresh_start()).then(|| {
                let refs = b.page_refs;
                (paginate::pages(b), refs)
            })
        })
        .collect();
    let (parts, refs): (Vec<_>, Vec<_>) = done?.into_iter().unzip();
    Some((
        paginate::finish(parts, &doc.meta, fonts),
        refs.into_iter().sum(),
    ))
}

/// A document shorter than this (in estimated pages) is laid out in one piece: a role card, a test.
const PARTS_MIN_PAGES: usize = 24;
/// Parts per core: more parts than cores, so that a core slowed by other work is helped by the others.
const PARTS_PER_CORE: usize = 6;

/// Where [`layout_with`] may cut `blocks`: ranges of top-level blocks, in order and covering them all, each
/// ending with a page break or before a sheet that follows a sheet, of about the same length.
fn parts(blocks: &[Block]) -> Vec<Range<usize>> {
    if estimated_pages(blocks) < PARTS_MIN_PAGES {
        return std::iter::once(0..blocks.len()).collect();
    }
    // Each block's length in characters, a forced page counting as a page of text.
    let weights: Vec<usize> = blocks
        .iter()
        .map(|b| {
            let (text, forced) = extent(std::slice::from_ref(b));
            text + forced * CHARS_PER_PAGE
        })
        .collect();
    let target =
        weights.iter().sum::<usize>() / (rayon::current_num_threads() * PARTS_PER_CORE).max(1);
    let mut out = Vec::new();
    let (mut start, mut load) = (0, 0);
    for ((i, b), weight) in blocks.iter().enumerate().zip(&weights) {
        // A part ends with the page break it is cut at (what the break does to a run before it is then
        // known), or before a sheet that follows a sheet.
        let sheet_after_sheet = matches!(b, Block::Sheet { .. })
            && matches!(blocks.get(i.wrapping_sub(1)), Some(Block::Sheet { .. }));
        if sheet_after_sheet && load >= target && i > start {
            out.push(start..i);
            (start, load) = (i, 0);
        }
        load += weight;
        if matches!(b, Block::PageBreak) && load >= target {
            out.push(start..i + 1);
            (start, load) = (i + 1, 0);
        }
    }
    out.push(start..blocks.len());
    out
}

/// A stable text dump of pages: one line per item, coordinates rounded to 0.1 pt.
pub fn dump(pages: &[Page]) -> String {
    let mut out = String::new();
    for (i, page) in pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", i + 1);
        for item in &page.items {
            let _ = match item {
                Item::Text {
                    x,
                    y,
                    font,
                    size,
                    text,
                    ..
                } => {
                    writeln!(
                        out,
                        "  text {x:.1} {y:.1} {} {size:.1} {text:?}",
                        font.short()
                    )
                }
                Item::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    writeln!(out, "  rule {x1:.1} {y1:.1} {x2:.1} {y2:.1} w={width:.1}")
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill,
                    stroke,
                } => {
                    let fill = fill.map_or("-".to_string(), |f| format!("{f:.2}"));
                    let stroke = stroke.map_or("-".to_string(), |s| format!("{s:.1}"));
                    writeln!(
                        out,
                        "  rect {x:.1} {y:.1} {w:.1} {h:.1} fill={fill} stroke={stroke}"
                    )
                }
                Item::Link {
                    x, y, w, h, target, ..
                } => {
                    let t = match target {
                        Target::Internal(a) => format!("#{a}"),
                        Target::External(u) => u.clone(),
                    };
                    writeln!(out, "  link {x:.1} {y:.1} {w:.1} {h:.1} -> {t}")
                }
                Item::Dest { anchor, y } => writeln!(out, "  dest {anchor} {y:.1}"),
                Item::PageRef { x, y, anchor, .. } => {
                    writeln!(out, "  pageref {x:.1} {y:.1} #{anchor}")
                }
            };
        }
    }
    out
}

#[cfg(test)]
mod tests;
