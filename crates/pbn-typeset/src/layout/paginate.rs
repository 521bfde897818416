//! Pagination: the vertical list cut into pages, then page coordinates, frames, page
//! numbers, running header and footer.

use std::collections::BTreeMap;

use crate::doc::Meta;
use crate::font::{Font, Fonts};
use crate::{Item, Target};

use super::flow::{BODY_H, BODY_LEAD, BODY_TOP, BODY_W, Builder, Entry, Frame, MARGIN_X, PARA_GAP};
use super::{Layout, OutlineEntry, Overflow, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// Tolerance for "fits", in points.
const EPS: f32 = 0.01;

/// A section's tail this short (two body lines and a gap) alone on a page is worth a better break.
const SHORT_TAIL: f32 = 2.0 * BODY_LEAD + PARA_GAP + 1.0;
/// What a better break sends over: at least four body lines.
const GOOD_TAIL: f32 = 4.0 * BODY_LEAD;
/// A tail of the table of contents this many lines long or shorter alone on a page is worth a better break
/// too: its lines are spaced apart (a chapter line has space above it), so its height says less.
const SHORT_CONTENTS_TAIL: usize = 3;

/// Where a placed entry comes from.
#[derive(Debug, Clone, Copy)]
enum Src {
    /// `entries[i]`.
    Flow(usize),
    /// `repeats[group][k]`.
    Repeat(u32, usize),
}

struct Pager<'b, 'f> {
    b: &'b mut Builder<'f>,
    layout: Layout,
    covers: Vec<bool>,
    /// Page refs to fill in: page, item index, anchor.
    refs: Vec<(usize, usize, String)>,
    /// First and last page of each sheet.
    sheet_pages: BTreeMap<u32, (usize, usize)>,
}

/// Cut the builder's entries into pages and finish them.
pub(crate) fn paginate(b: Builder<'_>, meta: &Meta) -> Layout {
    let fonts = b.fonts;
    finish(vec![pages(b)], meta, fonts)
}

/// A run of pages laid out alone: a document cut where a page starts is laid out part by part
/// ([`super::layout`]) and the parts finished together ([`finish`]).
pub(crate) struct Part {
    /// The pages, their anchors, bookmarks, overflowing sheets and structure; page numbers not filled in.
    layout: Layout,
    /// Which pages are covers (no running header or footer).
    covers: Vec<bool>,
    /// Contents entries' page numbers to fill in: page, item index, anchor.
    refs: Vec<(usize, usize, String)>,
}

/// The builder's entries cut into pages, their page numbers left to [`finish`].
pub(crate) fn pages(mut b: Builder<'_>) -> Part {
    let mut p = Pager {
        b: &mut b,
        layout: Layout::default(),
        covers: Vec::new(),
        refs: Vec::new(),
        sheet_pages: BTreeMap::new(),
    };
    p.run();
    let Pager {
        mut layout,
        covers,
        refs,
        sheet_pages,
        ..
    } = p;
    for (sid, (first, last)) in sheet_pages {
        if last > first
            && let Some(s) = b.sheets.get(sid as usize)
        {
            layout.overflows.push(Overflow {
                anchor: s.anchor.clone(),
                source: s.source.clone(),
                pages: last - first + 1,
            });
        }
    }
    layout.structure = std::mem::take(&mut b.structure);
    Part {
        layout,
        covers,
        refs,
    }
}

/// The parts one after another, with what needs them all: page references and contents numbers, running
/// header and footer ("page N / M"), internal links that name no anchor.
pub(crate) fn finish(parts: Vec<Part>, meta: &Meta, fonts: &Fonts) -> Layout {
    let mut layout = Layout::default();
    let mut covers = Vec::new();
    let mut refs = Vec::new();
    for part in parts {
        let shift = layout.pages.len();
        covers.extend(part.covers);
        refs.extend(
            part.refs
                .into_iter()
                .map(|(page, idx, anchor)| (page + shift, idx, anchor)),
        );
        layout.append(part.layout);
    }
    if layout.pages.is_empty() {
        layout.pages.push(Page::default());
    }
    fill_page_refs(&mut layout, &refs, fonts);
    fill_page_numbers(&mut layout, fonts);
    running_texts(&mut layout, &covers, meta, fonts);
    // Pages live until the PDF is written: give back what vector growth over-reserved.
    for page in &mut layout.pages {
        page.items.shrink_to_fit();
    }
    let mut broken = Vec::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Link {
                target: Target::Internal(a),
                ..
            } = item
                && !layout.anchors.contains_key(a)
            {
                broken.push(a.clone());
            }
        }
    }
    broken.sort();
    broken.dedup();
    layout.broken_links = broken;
    layout
}

/// The most a page's entries may take, with the space between them (not above the first): what
/// [`Pager::run`] fits on a page.
pub(crate) const ONE_PAGE: f32 = BODY_H + EPS;

impl Pager<'_, '_> {
    fn run(&mut self) {
        let n = self.b.entries.len();
        let mut placed: Vec<(Src, f32)> = Vec::new();
        // Index in `placed` of the first flow entry of the page, if any.
        let mut first_flow: Option<usize> = None;
        let mut cursor = 0.0f32;
        let mut i = 0;
        while i < n {
            let e = &self.b.entries[i];
            let (new_page, height, space) = (e.new_page, e.height, e.space_before);
            if new_page && first_flow.is_some() {
                self.finish(&mut placed);
                first_flow = None;
                cursor = 0.0;
            }
            let sb = if placed.is_empty() { 0.0 } else { space };
            if cursor + sb + height <= BODY_H + EPS || first_flow.is_none() {
                // Fits, or nothing else on the page: an oversized entry goes on alone.
                if first_flow.is_none() {
                    first_flow = Some(placed.len());
                }
                placed.push((Src::Flow(i), cursor + sb));
                cursor += sb + height;
                i += 1;
                continue;
            }
            // Break before the last entry that may start a page.
            let start = placed
                .get(first_flow.unwrap_or(0))
                .and_then(|(s, _)| match s {
                    Src::Flow(k) => Some(*k),
                    Src::Repeat(..) => None,
                })
                .unwrap_or(i);
            let j = (start + 1..=i)
                .rev()
                .find(|&j| !self.b.entries[j].keep_with_prev)
                .unwrap_or(i);
            let j = self.better_break(start, j, &placed);
            placed.retain(|(s, _)| !matches!(s, Src::Flow(k) if *k >= j));
            self.finish(&mut placed);
            first_flow = None;
            cursor = 0.0;
            // A continuation page starts with the repeated header(s).
            if let Some(g) = self.b.entries[j].repeat {
                let heads = self.b.repeats.get(g as usize).map_or(0, Vec::len);
                for k in 0..heads {
                    let h = self.b.repeats[g as usize][k].height;
                    placed.push((Src::Repeat(g, k), cursor));
                    cursor += h;
                }
            }
            i = j;
        }
        if !placed.is_empty() {
            self.finish(&mut placed);
        }
    }

    /// The break at `j` unless it leaves the next page only a short tail (two lines before the next
    /// forced page break, or the end; up to three lines of the table of contents): then the last legal
    /// break that leaves this page at least half full and sends at least four lines over. `placed` holds
    /// this page's entries with their tops.
    fn better_break(&self, start: usize, j: usize, placed: &[(Src, f32)]) -> usize {
        let entries = &self.b.entries;
        let size = |e: &Entry| e.space_before + e.height;
        // The space above the first entry of a page is dropped.
        let mut tail = -entries.get(j).map_or(0.0, |e| e.space_before);
        // How many entries the tail has, and whether they are all lines of the contents.
        let (mut count, mut contents) = (0usize, true);
        let short = |tail: f32, count: usize, contents: bool| {
            tail <= SHORT_TAIL || (contents && count <= SHORT_CONTENTS_TAIL)
        };
        for (k, e) in entries.iter().enumerate().skip(j) {
            if e.new_page && k > j {
                break;
            }
            tail += size(e);
            count += 1;
            contents &= e.contents;
            if !short(tail, count, contents) {
                return j;
            }
        }
        let top = |k: usize| {
            placed.iter().find_map(|(s, t)| match s {
                Src::Flow(f) if *f == k => Some(*t),
                _ => None,
            })
        };
        let mut k = j;
        while k > start + 1 {
            k -= 1;
            tail += size(&entries[k]);
            count += 1;
            contents &= entries[k].contents;
            let Some(t) = top(k) else { break };
            if t < BODY_H / 2.0 {
                break;
            }
            if !entries[k].keep_with_prev && tail >= GOOD_TAIL && !short(tail, count, contents) {
                return k;
            }
        }
        j
    }

    /// Turn the placed entries into a page.
    fn finish(&mut self, placed: &mut Vec<(Src, f32)>) {
        let page_idx = self.layout.pages.len();
        let mut cover = false;
        let mut frames: BTreeMap<u32, (f32, f32)> = BTreeMap::new();
        let mut content = Vec::new();
        for (src, top) in placed.drain(..) {
            let e: Entry = match src {
                Src::Flow(k) => std::mem::take(&mut self.b.entries[k]),
                Src::Repeat(g, k) => match self.b.repeats.get(g as usize).and_then(|r| r.get(k)) {
                    Some(e) => e.clone(),
                    None => continue,
                },
            };
            cover |= e.cover;
            let mut f = e.frame;
            while let Some(id) = f {
                let span = frames.entry(id).or_insert((top, top + e.height));
                span.0 = span.0.min(top);
                span.1 = span.1.max(top + e.height);
                f = self.b.frames.get(id as usize).and_then(|fr| fr.parent);
            }
            if let Some(s) = e.sheet {
                let span = self.sheet_pages.entry(s).or_insert((page_idx, page_idx));
                span.1 = page_idx;
            }
            let base = content.len();
            let mut dest = None;
            for item in e.items {
                let item = to_page(item, BODY_TOP + top);
                if let Item::Dest { anchor, y } = &item {
                    self.layout
                        .anchors
                        .entry(anchor.clone())
                        .or_insert((page_idx, *y));
                    dest.get_or_insert(*y);
                }
                content.push(item);
            }
            if let Some((title, level)) = e.outline {
                let y = dest.unwrap_or(PAGE_HEIGHT - BODY_TOP - top);
                self.layout.outline.push(OutlineEntry {
                    title,
                    level,
                    page: page_idx,
                    y,
                });
            }
            if let Some((idx, anchor)) = e.page_ref {
                self.refs.push((page_idx, base + idx, anchor));
            }
        }
        // Frames go first, outermost first, so content is drawn over them.
        let mut items = Vec::with_capacity(content.len() + 2 * frames.len());
        let mut order: Vec<(usize, u32)> = frames
            .keys()
            .map(|&id| (depth(&self.b.frames, id), id))
            .collect();
        order.sort_unstable();
        for (_, id) in order {
            if let (Some(fr), Some(&(t, b))) = (self.b.frames.get(id as usize), frames.get(&id)) {
                frame_items(fr, t, b, &mut items);
            }
        }
        items.extend(content);
        self.layout.pages.push(Page { items });
        self.covers.push(cover);
    }
}

fn depth(frames: &[Frame], mut id: u32) -> usize {
    let mut d = 0;
    while let Some(p) = frames.get(id as usize).and_then(|f| f.parent) {
        d += 1;
        id = p;
        if d > frames.len() {
            break;
        }
    }
    d
}

fn frame_items(fr: &Frame, top: f32, bottom: f32, out: &mut Vec<Item>) {
    let y = PAGE_HEIGHT - BODY_TOP - bottom;
    let h = bottom - top;
    out.push(Item::Rect {
        x: fr.x,
        y,
        w: fr.w,
        h,
        fill: fr.fill,
        stroke: fr.stroke,
    });
    if fr.bar > 0.0 {
        out.push(Item::Rect {
            x: fr.x,
            y,
            w: fr.bar,
            h,
            fill: Some(0.0),
            stroke: None,
        });
    }
}

/// A relative item (y down from the entry top) placed with its entry's top at `top`
/// (points from the top of the page).
fn to_page(mut item: Item, top: f32) -> Item {
    let up = |y: f32| PAGE_HEIGHT - top - y;
    match &mut item {
        Item::Text { y, .. } | Item::PageRef { y, .. } | Item::Dest { y, .. } => *y = up(*y),
        Item::Rule { y1, y2, .. } => {
            *y1 = up(*y1);
            *y2 = up(*y2);
        }
        Item::Rect { y, h, .. } | Item::Link { y, h, .. } => *y = up(*y + *h),
    }
    item
}

fn fill_page_refs(layout: &mut Layout, refs: &[(usize, usize, String)], fonts: &Fonts) {
    for (page, idx, anchor) in refs {
        let Some(&(target, _)) = layout.anchors.get(anchor) else {
            continue;
        };
        let number = (target + 1).to_string();
        if let Some(Item::Text {
            x,
            font,
            size,
            text,
            ..
        }) = layout
            .pages
            .get_mut(*page)
            .and_then(|p| p.items.get_mut(*idx))
        {
            *x -= fonts.width(*font, *size, &number);
            *text = number;
        }
    }
}

/// Every [`Item::PageRef`] becomes the text of its anchor's page ("?" when there is none); the rest of its line
/// moves by the difference between the number's width and the width reserved for it.
fn fill_page_numbers(layout: &mut Layout, fonts: &Fonts) {
    let Layout { pages, anchors, .. } = layout;
    for page in pages {
        let mut k = 0;
        while k < page.items.len() {
            let Some(Item::PageRef {
                x,
                y,
                font,
                size,
                anchor,
                width,
                follow,
                tag,
            }) = page.items.get(k)
            else {
                k += 1;
                continue;
            };
            let number = anchors
                .get(anchor)
                .map_or_else(|| "?".to_string(), |(p, _)| (p + 1).to_string());
            let dx = fonts.width(*font, *size, &number) - width;
            let follow = *follow as usize;
            page.items[k] = Item::Text {
                x: *x,
                y: *y,
                font: *font,
                size: *size,
                text: number,
                tag: *tag,
            };
            for item in page.items.iter_mut().skip(k + 1).take(follow) {
                if let Item::Text { x, .. } | Item::Link { x, .. } | Item::PageRef { x, .. } = item
                {
                    *x += dx;
                }
            }
            k += 1;
        }
    }
}

/// Header and footer on every page but the cover.
fn running_texts(layout: &mut Layout, covers: &[bool], meta: &Meta, fonts: &Fonts) {
    let total = layout.pages.len();
    let size = 8.0;
    let left = MARGIN_X;
    let right = MARGIN_X + BODY_W;
    let head_y = PAGE_HEIGHT - 40.0;
    let rule_top = PAGE_HEIGHT - 47.0;
    let foot_rule = 46.0;
    let foot_y = 34.0;
    let text = |x: f32, y: f32, font: Font, s: &str| Item::Text {
        x,
        y,
        font,
        size,
        text: fonts.drawable(font, s).into_owned(),
        tag: 0,
    };
    // Header: left text yields to the right one. The same on every page: fitted once.
    let hr_w = fonts.width(Font::Bold, size, &meta.header_right);
    let hl = fit(
        fonts,
        Font::Regular,
        size,
        &meta.header_left,
        BODY_W - hr_w - 16.0,
    );
    // The footer's sides depend only on the width of the page number between them.
    let mut sides: Option<(u32, String, String)> = None;
    for (i, page) in layout.pages.iter_mut().enumerate() {
        if covers.get(i).copied().unwrap_or(false) {
            continue;
        }
        let mut items = Vec::with_capacity(8);
        items.push(text(left, head_y, Font::Regular, &hl));
        items.push(text(right - hr_w, head_y, Font::Bold, &meta.header_right));
        items.push(Item::Rule {
            x1: left,
            y1: rule_top,
            x2: right,
            y2: rule_top,
            width: 0.5,
        });
        // Footer: page number centred, the sides shortened to keep clear of it.
        let num = meta
            .labels
            .page_of
            .replace("{n}", &(i + 1).to_string())
            .replace("{m}", &total.to_string());
        let nw = fonts.width(Font::Regular, size, &num);
        if sides.as_ref().is_none_or(|(w, ..)| *w != nw.to_bits()) {
            let side = (BODY_W - nw) / 2.0 - 12.0;
            let fl = fit(fonts, Font::Regular, size, &meta.footer_left, side);
            let fr = fit(fonts, Font::Regular, size, &meta.footer_right, side);
            sides = Some((nw.to_bits(), fl, fr));
        }
        let (fl, fr) = sides
            .as_ref()
            .map_or((String::new(), String::new()), |(_, l, r)| {
                (l.clone(), r.clone())
            });
        let frw = fonts.width(Font::Regular, size, &fr);
        items.push(Item::Rule {
            x1: left,
            y1: foot_rule,
            x2: right,
            y2: foot_rule,
            width: 0.5,
        });
        items.push(text(left, foot_y, Font::Regular, &fl));
        items.push(text(
            left + (BODY_W - nw) / 2.0,
            foot_y,
            Font::Regular,
            &num,
        ));
        items.push(text(right - frw, foot_y, Font::Regular, &fr));
        items.retain(|it| !matches!(it, Item::Text { text, .. } if text.is_empty()));
        // Exactly: the pages are not grown again, and shrinking them afterwards then copies nothing.
        page.items.reserve_exact(items.len());
        page.items.extend(items);
    }
    let _ = PAGE_WIDTH;
}

/// `s` shortened with an ellipsis to fit `max` points.
fn fit(fonts: &Fonts, font: Font, size: f32, s: &str, max: f32) -> String {
    if fonts.width(font, size, s) <= max {
        return s.to_string();
    }
    let mut out: String = s.to_string();
    while !out.is_empty() && fonts.width(font, size, &out) + fonts.width(font, size, "…") > max {
        out.pop();
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}…")
    }
}
