//! The vertical list: entries with their break rules, and the builder that fills it.
//!
//! An [`Entry`] is an unbreakable box (a line, a row, a banner). Its items are relative:
//! `x` is on the page, `y` goes *down* from the entry's top (a text item's `y` is its
//! baseline offset). Pagination turns them into page coordinates.

use crate::doc::{Inline, Meta};
use crate::font::{Font, Fonts};
use crate::linebreak::{Breaker, Line, Piece};
use crate::structure::{Node, Role};
use crate::{Align, Item, Target};

use super::{PAGE_HEIGHT, PAGE_WIDTH};

/// Left and right margin.
pub(crate) const MARGIN_X: f32 = 56.0;
/// From the top edge to the top of the body.
pub(crate) const BODY_TOP: f32 = 68.0;
/// From the bottom edge to the bottom of the body.
pub(crate) const BODY_BOTTOM: f32 = 62.0;
/// Text width.
pub(crate) const BODY_W: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Body height.
pub(crate) const BODY_H: f32 = PAGE_HEIGHT - BODY_TOP - BODY_BOTTOM;

/// Body text size and leading.
pub(crate) const BODY_SIZE: f32 = 10.0;
pub(crate) const BODY_LEAD: f32 = 13.5;
/// Space between paragraphs.
pub(crate) const PARA_GAP: f32 = 6.0;

/// Entries of a repeated header or a continued banner: copies of content already tagged, so
/// artifacts in the structure.
pub(crate) fn artifact(mut e: Entry) -> Entry {
    for item in &mut e.items {
        if let Item::Text { tag, .. } | Item::Link { tag, .. } | Item::PageRef { tag, .. } = item {
            *tag = 0;
        }
    }
    e
}

/// An unbreakable box of the vertical list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    pub items: Vec<Item>,
    /// No page break between the previous entry and this one.
    pub keep_with_prev: bool,
    /// Start a new page with this entry.
    pub new_page: bool,
    /// The page holding this entry has no running header or footer.
    pub cover: bool,
    /// Entries to repeat at the top of a page that starts with this one (index into
    /// `Builder::repeats`).
    pub repeat: Option<u32>,
    /// Innermost frame drawn around this entry (index into `Builder::frames`).
    pub frame: Option<u32>,
    /// Reflex sheet this entry belongs to (index into `Builder::sheets`).
    pub sheet: Option<u32>,
    /// Bookmark: title and level; the destination is the entry's first `Dest` item.
    pub outline: Option<(String, u8)>,
    /// A page number to fill in: (index of the placeholder text item, anchor).
    pub page_ref: Option<(usize, String)>,
    /// A line of the table of contents: a tail of a few of them alone on a page is short whatever its height
    /// (`paginate.rs`, `SHORT_CONTENTS_TAIL`).
    pub contents: bool,
}

/// A box drawn behind a run of entries (callouts).
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub x: f32,
    pub w: f32,
    pub fill: Option<f32>,
    pub stroke: Option<f32>,
    /// Width of a black bar on the left edge, if any.
    pub bar: f32,
    pub parent: Option<u32>,
}

/// A reflex sheet, for overflow reports.
#[derive(Debug, Clone)]
pub(crate) struct SheetInfo {
    pub anchor: String,
    pub source: Option<String>,
}

/// A contents entry: level, title, anchor.
pub(crate) type TocEntry = (u8, String, String);

/// Builds the vertical list from blocks (see `blocks.rs` for the blocks themselves).
pub(crate) struct Builder<'f> {
    pub br: Breaker<'f>,
    pub fonts: &'f Fonts,
    pub meta: Meta,
    /// Space between paragraphs (smaller inside lists).
    pub para_gap: f32,
    pub entries: Vec<Entry>,
    pub repeats: Vec<Vec<Entry>>,
    pub frames: Vec<Frame>,
    pub sheets: Vec<SheetInfo>,
    pub toc: Vec<TocEntry>,
    /// Space owed before the next entry.
    gap: f32,
    /// The next entry keeps with the previous one.
    keep: bool,
    /// The next entry starts a page.
    new_page: bool,
    /// The last entry pushed is a heading.
    pub after_heading: bool,
    /// The keep-with-next run the last blocks form, if any (`blocks.rs`).
    pub lead: Option<super::blocks::Lead>,
    /// The logical structure so far, and the node new text belongs to.
    pub structure: Vec<Node>,
    pub node: u32,
    /// Context given to every entry pushed.
    pub repeat: Option<u32>,
    pub frame: Option<u32>,
    pub sheet: Option<u32>,
    /// Digits reserved for a page number ([`Inline::PageRef`]).
    pub ref_digits: usize,
    /// Page numbers set so far.
    pub page_refs: usize,
    /// Only whether the entries fit on one page is wanted: lines are counted, not positioned, and the
    /// building stops once they do not ([`Builder::overfull`]).
    pub measure: bool,
    /// In `measure` mode, the height the entries take on one page so far; infinite once they need a second.
    used: f32,
}

impl<'f> Builder<'f> {
    pub(crate) fn new(br: Breaker<'f>, meta: &Meta) -> Self {
        let fonts = br.fonts();
        Builder {
            br,
            fonts,
            meta: meta.clone(),
            para_gap: PARA_GAP,
            entries: Vec::new(),
            repeats: Vec::new(),
            frames: Vec::new(),
            sheets: Vec::new(),
            toc: Vec::new(),
            gap: 0.0,
            keep: false,
            new_page: false,
            after_heading: false,
            lead: None,
            structure: vec![Node {
                role: Role::Document,
                parent: 0,
            }],
            node: 0,
            repeat: None,
            frame: None,
            sheet: None,
            ref_digits: 3,
            page_refs: 0,
            measure: false,
            used: 0.0,
        }
    }

    /// In `measure` mode, whether the entries so far already need more than one page: the rest need not be built.
    pub(crate) fn overfull(&self) -> bool {
        self.measure && self.used > super::paginate::ONE_PAGE
    }

    /// Whether a block that starts a page (a page break, a sheet) would start afresh here, as at the start of a
    /// document: no keep-with-next run or kept entry carried over, outside any box, table, sheet or structure
    /// element. Only there may a document be cut into parts laid out alone ([`super::layout`]).
    pub(crate) fn at_fresh_start(&self) -> bool {
        self.lead.is_none()
            && !self.keep
            && self.node == 0
            && self.repeat.is_none()
            && self.frame.is_none()
            && self.sheet.is_none()
    }

    /// Owe at least `space` before the next entry.
    pub(crate) fn gap(&mut self, space: f32) {
        self.gap = self.gap.max(space);
    }

    /// Add `space` to what is owed before the next entry.
    pub(crate) fn add_gap(&mut self, space: f32) {
        self.gap += space.max(0.0);
    }

    /// Forget the space owed (before a frame's bottom padding).
    pub(crate) fn clear_gap(&mut self) {
        self.gap = 0.0;
    }

    /// Keep the next entry with the last one.
    pub(crate) fn keep_next(&mut self) {
        self.keep = true;
    }

    /// Start the next entry on a new page — unless the last entry is to be kept with the next one
    /// (a chapter heading before its first sheet): the page would hold nothing but that heading, so
    /// what follows goes on under it instead.
    pub(crate) fn break_page(&mut self) {
        if self.keep && self.after_heading {
            self.gap = 0.0;
            return;
        }
        self.new_page = true;
        self.gap = 0.0;
        self.keep = false;
    }

    /// Push an entry, applying what is owed and the current context.
    pub(crate) fn push(&mut self, mut e: Entry) {
        e.space_before = e.space_before.max(self.gap);
        self.gap = 0.0;
        if self.keep {
            e.keep_with_prev = true;
            self.keep = false;
        }
        if self.new_page {
            e.new_page = true;
            e.keep_with_prev = false;
            self.new_page = false;
        }
        e.repeat = e.repeat.or(self.repeat);
        e.frame = e.frame.or(self.frame);
        e.sheet = e.sheet.or(self.sheet);
        if self.measure {
            // As pagination would place it: no space above the first entry, a new page means a second one.
            self.used += match self.entries.is_empty() {
                true => e.height,
                false if e.new_page => f32::INFINITY,
                false => e.space_before + e.height,
            };
        }
        self.entries.push(e);
        self.after_heading = false;
    }

    /// A text item, with the characters the face lacks replaced.
    pub(crate) fn text(&self, x: f32, y: f32, font: Font, size: f32, text: &str) -> Item {
        Item::Text {
            x,
            y,
            font,
            size,
            text: self.fonts.drawable(font, text).into_owned(),
            tag: self.node,
        }
    }

    /// A new structure node of `role` under the current one (not entered).
    pub(crate) fn node_of(&mut self, role: Role) -> u32 {
        self.structure.push(Node {
            role,
            parent: self.node,
        });
        self.structure.len() as u32 - 1
    }

    /// Enter a new structure node of `role` under the current one; returns the node to go back to
    /// with [`Builder::close`].
    pub(crate) fn open(&mut self, role: Role) -> u32 {
        let n = self.node_of(role);
        std::mem::replace(&mut self.node, n)
    }

    /// Go back to the node `open` returned.
    pub(crate) fn close(&mut self, previous: u32) {
        self.node = previous;
    }

    pub(crate) fn width(&self, font: Font, size: f32, text: &str) -> f32 {
        self.fonts.width(font, size, text)
    }

    /// The width of inline content set on one line (its widest line when it has forced breaks).
    pub(crate) fn natural_width(&self, inlines: &[Inline], base: Font, size: f32) -> f32 {
        let (mut widest, mut line) = (0.0f32, 0.0f32);
        for inline in inlines {
            match inline {
                Inline::Text { text, style } | Inline::Link { text, style, .. } => {
                    let font = styled(base, *style);
                    line += self.fonts.width(font, size * font.scale(), text);
                }
                Inline::PageRef { style, .. } => {
                    line += self.fonts.width(styled(base, *style), size, "000");
                }
                Inline::LineBreak => {
                    widest = widest.max(line);
                    line = 0.0;
                }
            }
        }
        widest.max(line)
    }

    /// Break inline content into lines.
    pub(crate) fn break_inlines(
        &mut self,
        inlines: &[Inline],
        base: Font,
        size: f32,
        width: f32,
    ) -> (Vec<Line>, Vec<Target>) {
        let mut targets = Vec::new();
        let mut pieces = Vec::with_capacity(inlines.len());
        for inline in inlines {
            match inline {
                Inline::Text { text, style } => pieces.push(Piece {
                    text: text.clone(),
                    font: styled(base, *style),
                    link: None,
                }),
                // The number's place: as many zeros as digits reserved (figures share one width). Its anchor is
                // kept as the piece's target, the index marked with `PAGE_REF` so `lines` tells it from a link.
                Inline::PageRef { anchor, style } => {
                    targets.push(Target::Internal(anchor.clone()));
                    pieces.push(Piece {
                        text: "0".repeat(self.ref_digits),
                        font: styled(base, *style),
                        link: Some(PAGE_REF | (targets.len() as u32 - 1)),
                    });
                }
                Inline::Link {
                    text,
                    target,
                    style,
                } => {
                    targets.push(target.clone());
                    pieces.push(Piece {
                        text: text.clone(),
                        font: styled(base, *style),
                        link: Some(targets.len() as u32 - 1),
                    });
                }
                Inline::LineBreak => pieces.push(Piece {
                    text: "\n".into(),
                    font: base,
                    link: None,
                }),
            }
        }
        (self.br.break_lines(&pieces, size, width), targets)
    }

    /// Lay inline content out as lines of items. Each line's items are relative to the
    /// line's top.
    pub(crate) fn lines(
        &mut self,
        inlines: &[Inline],
        p: Para,
        x: f32,
        width: f32,
    ) -> Vec<Vec<Item>> {
        let (lines, targets) = self.break_inlines(inlines, p.font, p.size, width);
        if self.measure {
            return vec![Vec::new(); lines.len()];
        }
        let baseline = baseline(p.size, p.lead);
        // One `Link` node per target, made when its text is first laid out (a link may wrap).
        let mut link_nodes: Vec<Option<u32>> = vec![None; targets.len()];
        let mut out = Vec::with_capacity(lines.len());
        for line in lines {
            let dx = match p.align {
                Align::Left => 0.0,
                Align::Center => ((width - line.width) / 2.0).max(0.0),
                Align::Right => (width - line.width).max(0.0),
            };
            let mut items = Vec::with_capacity(line.runs.len());
            let mut numbers = Vec::new();
            for run in line.runs {
                let rx = x + dx + run.x;
                let mut tag = self.node;
                if let Some(l) = run.link.filter(|l| l & PAGE_REF != 0) {
                    let anchor = match targets.get((l & !PAGE_REF) as usize) {
                        Some(Target::Internal(a)) => a.clone(),
                        _ => String::new(),
                    };
                    numbers.push(items.len());
                    self.page_refs += 1;
                    items.push(Item::PageRef {
                        x: rx,
                        y: baseline,
                        font: run.font,
                        size: p.size * run.font.scale(),
                        anchor,
                        width: run.width,
                        follow: 0,
                        tag,
                    });
                    continue;
                }
                if let Some(l) = run.link
                    && let Some(target) = targets.get(l as usize)
                {
                    tag = match link_nodes.get(l as usize).copied().flatten() {
                        Some(n) => n,
                        None => {
                            let n = self.node_of(Role::Link);
                            if let Some(slot) = link_nodes.get_mut(l as usize) {
                                *slot = Some(n);
                            }
                            n
                        }
                    };
                    items.push(Item::Link {
                        x: rx,
                        y: 0.0,
                        w: run.width,
                        h: p.lead,
                        target: target.clone(),
                        tag,
                    });
                }
                items.push(Item::Text {
                    x: rx,
                    y: baseline,
                    font: run.font,
                    size: p.size * run.font.scale(),
                    text: run.text,
                    tag,
                });
            }
            let n = items.len();
            for k in numbers {
                if let Some(Item::PageRef { follow, .. }) = items.get_mut(k) {
                    *follow = (n - k - 1) as u32;
                }
            }
            out.push(items);
        }
        out
    }

    /// Lay inline content out as one block of lines; returns the items and the height.
    pub(crate) fn text_block(
        &mut self,
        inlines: &[Inline],
        p: Para,
        x: f32,
        width: f32,
    ) -> (Vec<Item>, f32) {
        let lines = self.lines(inlines, p, x, width);
        let height = lines.len() as f32 * p.lead;
        let mut items = Vec::new();
        for (k, line) in lines.into_iter().enumerate() {
            items.extend(line.into_iter().map(|i| shift(i, k as f32 * p.lead)));
        }
        (items, height)
    }

    /// One line of plain text in a block (a title, a label).
    pub(crate) fn plain_block(
        &mut self,
        text: &str,
        p: Para,
        x: f32,
        width: f32,
    ) -> (Vec<Item>, f32) {
        self.text_block(&[Inline::text(text)], p, x, width)
    }
}

/// How a run of text is set: face, size, line height, alignment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Para {
    pub font: Font,
    pub size: f32,
    pub lead: f32,
    pub align: Align,
}

impl Para {
    pub(crate) const fn new(font: Font, size: f32, lead: f32) -> Para {
        Para {
            font,
            size,
            lead,
            align: Align::Left,
        }
    }

    pub(crate) const fn aligned(self, align: Align) -> Para {
        Para { align, ..self }
    }
}

/// Marks a piece's `link` index as a page number's ([`Inline::PageRef`]) rather than a link's.
const PAGE_REF: u32 = 1 << 31;

/// Body text.
pub(crate) const BODY: Para = Para::new(Font::Regular, BODY_SIZE, BODY_LEAD);

/// The face for `style` on top of a base face (a bold heading stays bold).
pub(crate) fn styled(base: Font, style: crate::Style) -> Font {
    let bold = style.bold || matches!(base, Font::Bold | Font::BoldItalic);
    let italic = style.italic || matches!(base, Font::Italic | Font::BoldItalic);
    Font::for_style(crate::Style {
        bold,
        italic,
        mono: style.mono || base == Font::Mono,
    })
}

/// Baseline offset in a line box of height `lead`: the capital height is centred.
pub(crate) fn baseline(size: f32, lead: f32) -> f32 {
    (lead + 0.70 * size) / 2.0
}

/// Move a relative item down by `dy`.
pub(crate) fn shift(mut item: Item, dy: f32) -> Item {
    match &mut item {
        Item::Text { y, .. }
        | Item::PageRef { y, .. }
        | Item::Rect { y, .. }
        | Item::Link { y, .. }
        | Item::Dest { y, .. } => *y += dy,
        Item::Rule { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
    }
    item
}
