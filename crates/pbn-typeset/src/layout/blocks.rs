//! Each kind of block turned into entries of the vertical list.

use crate::doc::{Block, CalloutStyle, Column, Document, Inline, ListKind};
use crate::font::Font;
use crate::structure::Role;
use crate::{Align, Item, Target};

use super::flow::{
    BODY, BODY_H, BODY_LEAD, BODY_SIZE, BODY_W, Builder, Entry, Frame, MARGIN_X, PARA_GAP, Para,
    SheetInfo, TocEntry, artifact, baseline, shift,
};

/// Contents line height and size.
const TOC_SIZE: f32 = 10.0;
const TOC_LEAD: f32 = 14.0;
/// The words of a table cell, without their styles (a continued row's label).
fn plain(cell: Option<&Vec<Inline>>) -> String {
    cell.into_iter()
        .flatten()
        .filter_map(|i| match i {
            Inline::Text { text, .. } | Inline::Link { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// Least space between the cover's last line and the box of its note.
const NOTE_GAP: f32 = 12.0;

impl Builder<'_> {
    /// The whole document.
    pub(crate) fn document(&mut self, doc: &Document) {
        self.toc = contents(&doc.blocks);
        self.blocks(&doc.blocks, MARGIN_X, BODY_W);
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block], x: f32, w: f32) {
        for b in blocks {
            if self.overfull() {
                return;
            }
            self.block(b, x, w);
        }
    }

    /// One block, and the keep-with-next run it belongs to (see [`Lead`]): a block that follows a run keeps its
    /// first entry with it — its first two when it ends the run — and a block that introduces what follows
    /// (a heading, a label, a key–value block, a heading's intro paragraph) is glued whole and extends the run.
    fn block(&mut self, b: &Block, x: f32, w: f32) {
        let mut lead = self.lead.take();
        match b {
            // Space does not end a run; a page break does.
            Block::Spacer(h) => {
                self.add_gap(*h);
                self.lead = lead;
                return;
            }
            Block::PageBreak => {
                // A chapter heading right before its first page of content: no page for the heading alone.
                if lead.is_some() {
                    self.keep_next();
                }
                self.break_page();
                return;
            }
            _ => {}
        }
        // A heading joins only a run its superior opened (a chapter's first section); any other starts its own.
        if let Block::Heading { level, .. } = b
            && lead.is_some_and(|l| l.level >= *level)
        {
            lead = None;
        }
        if lead.is_some() {
            self.keep_next();
        }
        let first = self.entries.len();
        self.block_entries(b, x, w);
        // A run inside a list item, a box or a sheet ends with it.
        self.lead = None;
        let pushed = self.entries.get(first..).unwrap_or_default();
        let height: f32 = pushed
            .iter()
            .skip(1)
            .map(|e| e.space_before + e.height)
            .sum::<f32>()
            + pushed.first().map_or(0.0, |e| e.height);
        let run = lead.map_or(0.0, |l| {
            l.height + pushed.first().map_or(0.0, |e| e.space_before)
        });
        let kind = lead_kind(b, lead.map(|l| l.kind), pushed.len());
        let end = match kind {
            Some(kind) if run + height <= MAX_LEAD => {
                let level = match (lead, b) {
                    (Some(l), _) => l.level,
                    (None, Block::Heading { level, .. }) => *level,
                    (None, _) => u8::MAX,
                };
                self.lead = Some(Lead {
                    height: run + height,
                    kind,
                    level,
                });
                self.entries.len()
            }
            // The block ends a run: its first lines stay with it.
            _ if lead.is_some() => (first + 2).min(self.entries.len()),
            _ => first,
        };
        for e in self.entries.iter_mut().take(end).skip(first + 1) {
            e.keep_with_prev = true;
        }
    }

    fn block_entries(&mut self, b: &Block, x: f32, w: f32) {
        match b {
            Block::Cover {
                title,
                subtitle,
                lines,
                note,
            } => self.cover(title, subtitle, lines, note),
            Block::Toc => self.toc_block(x, w),
            Block::Heading {
                level,
                text,
                anchor,
                outline,
            } => self.heading(*level, text, anchor, *outline, x, w),
            Block::Paragraph(inlines) => self.paragraph(inlines, BODY, x, w),
            Block::Large(inlines) => self.paragraph(inlines, LARGE, x, w),
            Block::Small(inlines) => self.paragraph(inlines, SMALL, x, w),
            Block::List { kind, items } => self.list(*kind, items, x, w),
            Block::Callout {
                style,
                title,
                blocks,
            } => self.callout(*style, title, blocks, x, w),
            Block::Table { columns, rows } => self.table(columns, rows, x, w),
            Block::KeyValue(pairs) => self.key_value(pairs, x, w),
            Block::PageBreak => self.break_page(),
            Block::Sheet {
                anchor,
                title,
                outline,
                blocks,
                source,
            } => self.sheet(anchor, title, *outline, blocks, source.as_deref()),
            Block::CrisisLog {
                columns,
                pages,
                title,
                anchor,
                fields,
            } => self.crisis_log(columns, *pages, title, anchor.as_deref(), fields),
            Block::Spacer(h) => self.add_gap(*h),
        }
    }

    fn heading(&mut self, level: u8, text: &str, anchor: &str, outline: bool, x: f32, w: f32) {
        let (size, lead, before, after) = match level {
            0 | 1 => (17.0, 21.0, 24.0, 10.0),
            2 => (13.0, 16.5, 18.0, 6.0),
            _ => (11.0, 14.0, 12.0, 4.0),
        };
        self.gap(before);
        let node = self.open(Role::heading(level));
        let (mut items, mut h) = self.plain_block(text, Para::new(Font::Bold, size, lead), x, w);
        self.close(node);
        if level <= 1 {
            items.push(Item::Rule {
                x1: x,
                y1: h + 3.0,
                x2: x + w,
                y2: h + 3.0,
                width: 0.8,
            });
            h += 4.0;
        }
        let mut e = Entry {
            height: h,
            ..Entry::default()
        };
        let anchor = if anchor.is_empty() && outline {
            format!("_heading{}", self.entries.len())
        } else {
            anchor.to_string()
        };
        if !anchor.is_empty() {
            items.insert(0, Item::Dest { anchor, y: 0.0 });
        }
        if outline {
            e.outline = Some((text.to_string(), level.clamp(1, 6)));
        }
        e.items = items;
        self.push(e);
        self.after_heading = true;
        self.gap(after);
    }

    fn paragraph(&mut self, inlines: &[Inline], p: Para, x: f32, w: f32) {
        let node = self.open(Role::P);
        let lines = self.lines(inlines, p, x, w);
        self.close(node);
        let n = lines.len();
        for (k, items) in lines.into_iter().enumerate() {
            // No orphan (first line alone at a page bottom), no widow (last line alone on top).
            let keep = n >= 2 && (k == 1 || k + 1 == n);
            self.push(Entry {
                height: p.lead,
                items,
                keep_with_prev: keep,
                ..Entry::default()
            });
        }
        self.gap(self.para_gap);
    }

    fn list(&mut self, kind: ListKind, items: &[Vec<Block>], x: f32, w: f32) {
        let number = |i: usize| format!("{}.", i + 1);
        let indent = match kind {
            ListKind::Bullet => 13.0,
            ListKind::Check => 17.0,
            ListKind::Ordered => self.width(Font::Regular, BODY_SIZE, &number(items.len())) + 7.0,
        };
        self.gap(3.0);
        let saved_gap = self.para_gap;
        self.para_gap = 3.0;
        let list = self.open(Role::L);
        for (i, item) in items.iter().enumerate() {
            if self.overfull() {
                break;
            }
            self.gap(3.0);
            let first = self.entries.len();
            let li = self.open(Role::LI);
            let label = self.node_of(Role::Lbl);
            let body = self.open(Role::LBody);
            self.blocks(item, x + indent, w - indent);
            self.close(body);
            self.close(li);
            let Some(e) = self.entries.get_mut(first) else {
                continue;
            };
            let Some((base, size)) = e.items.iter().find_map(|it| match it {
                Item::Text { y, size, .. } => Some((*y, *size)),
                _ => None,
            }) else {
                continue;
            };
            let marker = match kind {
                ListKind::Bullet => Some((x + 2.0, Font::Regular, "•".to_string())),
                ListKind::Ordered => {
                    let n = number(i);
                    let nw = self.fonts.width(Font::Regular, size, &n);
                    Some((x + indent - 5.0 - nw, Font::Regular, n))
                }
                ListKind::Check => None,
            };
            let mark = match marker {
                Some((mx, font, text)) => {
                    let mut t = self.text(mx, base, font, size, &text);
                    if let Item::Text { tag, .. } = &mut t {
                        *tag = label;
                    }
                    t
                }
                None => {
                    let side = 0.85 * size;
                    Item::Rect {
                        x: x + 1.0,
                        y: base + 0.1 * size - side,
                        w: side,
                        h: side,
                        fill: None,
                        stroke: Some(0.8),
                    }
                }
            };
            // First in its entry, so that the label is read before the item's text.
            if let Some(e) = self.entries.get_mut(first) {
                e.items.insert(0, mark);
            }
        }
        self.close(list);
        self.para_gap = saved_gap;
        self.gap(self.para_gap);
    }

    fn callout(&mut self, style: CalloutStyle, title: &str, blocks: &[Block], x: f32, w: f32) {
        let (fill, stroke, bar) = match style {
            CalloutStyle::Warning => (Some(0.87), Some(2.2), 0.0),
            CalloutStyle::Note => (Some(0.96), Some(0.5), 4.0),
        };
        self.gap(10.0);
        let id = self.frames.len() as u32;
        self.frames.push(Frame {
            x,
            w,
            fill,
            stroke,
            bar,
            parent: self.frame,
        });
        let saved = self.frame;
        self.frame = Some(id);
        let div = self.open(Role::Div);
        let pad = 8.0;
        let ix = x + pad + bar;
        let iw = w - 2.0 * pad - bar;
        let first = self.entries.len();
        if title.is_empty() {
            self.push(Entry {
                height: pad - 2.0,
                ..Entry::default()
            });
        } else {
            let p = Para::new(Font::Bold, 10.5, 14.0);
            let node = self.open(Role::P);
            let (items, h) = self.plain_block(title, p, ix, iw);
            self.close(node);
            let items = items.into_iter().map(|i| shift(i, pad - 2.0)).collect();
            self.push(Entry {
                height: h + pad - 2.0,
                items,
                ..Entry::default()
            });
            self.gap(3.0);
        }
        let saved_gap = self.para_gap;
        self.para_gap = 4.0;
        self.blocks(blocks, ix, iw);
        // The box's title never ends a page.
        if let Some(e) = self.entries.get_mut(first + 1) {
            e.keep_with_prev = true;
        }
        self.para_gap = saved_gap;
        self.close(div);
        self.clear_gap();
        self.push(Entry {
            height: pad - 1.0,
            keep_with_prev: true,
            ..Entry::default()
        });
        self.frame = saved;
        let total: f32 = self.entries[first..]
            .iter()
            .skip(1)
            .map(|e| e.height + e.space_before)
            .sum();
        if total <= BODY_H * 0.9 {
            for e in self.entries.iter_mut().skip(first + 1) {
                e.keep_with_prev = true;
            }
        }
        self.gap(10.0);
    }

    fn table(&mut self, columns: &[Column], rows: &[Vec<Vec<Inline>>], x: f32, w: f32) {
        if columns.is_empty() {
            return;
        }
        let (size, lead, px, py) = (9.0, 11.5, 5.0, 3.5);
        let mut xs = Vec::with_capacity(columns.len());
        let mut cx = x;
        for cw in self.column_widths(columns, rows, w, size, px) {
            xs.push((cx, cw));
            cx += cw;
        }
        self.gap(8.0);
        let table = self.open(Role::Table);

        let titles: Vec<&str> = columns.iter().map(|c| c.title.as_str()).collect();
        let header = self.table_header(&titles, columns, &xs, x, w, true);
        let mut group = self
            .repeat
            .and_then(|r| self.repeats.get(r as usize))
            .cloned()
            .unwrap_or_default();
        // A one-column table's header is the caption of what it holds (a form's blank): on the next page it
        // says it goes on.
        let mut repeated = match columns {
            [only] => {
                let continued = format!("{} {}", only.title, self.meta.labels.continued);
                artifact(self.table_header(&[continued.trim_end()], columns, &xs, x, w, false))
            }
            _ => artifact(header.clone()),
        };
        repeated.frame = self.frame;
        repeated.sheet = self.sheet;
        group.push(repeated);
        let first = self.entries.len();
        self.push(header);
        let mut row_starts = Vec::with_capacity(rows.len());
        let gid = self.repeats.len() as u32;
        self.repeats.push(group);
        let saved = self.repeat;
        self.repeat = Some(gid);

        for (r, row) in rows.iter().enumerate() {
            let tr = self.open(Role::TR);
            let cells: Vec<Vec<Vec<Item>>> = columns
                .iter()
                .zip(&xs)
                .enumerate()
                .map(|(i, (c, &(cx, cw)))| {
                    let inl = row.get(i).map(Vec::as_slice).unwrap_or(&[]);
                    let p = Para::new(Font::Regular, size, lead).aligned(c.align);
                    let td = self.open(Role::TD);
                    let lines = self.lines(inl, p, cx + px, cw - 2.0 * px);
                    self.close(td);
                    lines
                })
                .collect();
            self.close(tr);
            let rule = Item::Rule {
                x1: x,
                y1: 0.0,
                x2: x + w,
                y2: 0.0,
                width: 0.3,
            };
            row_starts.push(self.entries.len());
            // A row taller than half a page is split between pages (72 holders of one role): each continuation
            // page then opens, under the repeated header, with its first cell's words and "(suite)", so the lines
            // there say whose they are.
            let outer = self.repeat;
            let lines = cells.iter().map(Vec::len).max().unwrap_or(0);
            if lines as f32 * lead + 2.0 * py > BODY_H / 2.0
                && columns.len() > 1
                && let Some(&(cx, cw)) = xs.first()
            {
                let label = format!("{} {}", plain(row.first()), self.meta.labels.continued);
                let p = Para::new(Font::Italic, size, lead);
                let (items, h) = self.plain_block(label.trim(), p, cx + px, cw - 2.0 * px);
                let mut e = artifact(Entry {
                    height: h + py,
                    items: items.into_iter().map(|i| shift(i, py)).collect(),
                    ..Entry::default()
                });
                e.frame = self.frame;
                e.sheet = self.sheet;
                let mut heads = self.repeats.get(gid as usize).cloned().unwrap_or_default();
                heads.push(e);
                self.repeat = Some(self.repeats.len() as u32);
                self.repeats.push(heads);
            }
            self.push_row(cells, lead, py, Some(rule), r == 0);
            self.repeat = outer;
        }
        // A short table (a form's blank, an obligation's lines) is read as one; a longer one never leaves its
        // last row alone at the top of a page.
        let whole = self.entries.get(first..).map_or(0.0, |e| {
            e.iter().map(|e| e.space_before + e.height).sum::<f32>()
        }) <= MAX_LEAD;
        let glued = if whole {
            first + 1..self.entries.len()
        } else {
            let last = row_starts.last().copied().filter(|_| rows.len() >= 3);
            last.map_or(0..0, |k| k..k + 1)
        };
        for e in self.entries.iter_mut().take(glued.end).skip(glued.start) {
            e.keep_with_prev = true;
        }
        // The table closes with a heavier rule, like its header.
        if !rows.is_empty()
            && let Some(Item::Rule { width, .. }) =
                self.entries.last_mut().and_then(|e| e.items.last_mut())
        {
            *width = 0.8;
        }
        self.repeat = saved;
        self.close(table);
        self.gap(PARA_GAP + 4.0);
    }

    /// The widths of a table's columns: as their weights say, but a narrow column gets at least the width of
    /// its longest word ("Administrateur" in a "Qui" column), taken from columns that have room to spare
    /// (none below 60 % of its width or its own longest word), so that no word is cut in two.
    fn column_widths(
        &self,
        columns: &[Column],
        rows: &[Vec<Vec<Inline>>],
        w: f32,
        size: f32,
        pad: f32,
    ) -> Vec<f32> {
        /// Only a column narrower than this is measured (a wider one holds any word).
        const NARROW: f32 = 110.0;
        let total: f32 = columns.iter().map(|c| c.weight.max(0.01)).sum();
        let mut widths: Vec<f32> = columns
            .iter()
            .map(|c| w * c.weight.max(0.01) / total)
            .collect();
        let need: Vec<f32> = columns
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &cw))| {
                if cw >= NARROW {
                    return 0.0;
                }
                let cells = rows.iter().filter_map(|r| r.get(i));
                let words = cells
                    .map(|cell| self.longest_word(cell, size))
                    .fold(self.longest_word(&[Inline::bold(&c.title)], size), f32::max);
                words + 2.0 * pad + 0.5
            })
            .collect();
        let spare = |cw: f32, need: f32| (cw - need.max(0.6 * cw)).max(0.0);
        let short: f32 = need
            .iter()
            .zip(&widths)
            .map(|(n, cw)| (n - cw).max(0.0))
            .sum();
        let room: f32 = need.iter().zip(&widths).map(|(n, cw)| spare(*cw, *n)).sum();
        if short > 0.0 && room >= short {
            for (cw, n) in widths.iter_mut().zip(&need) {
                *cw = if *n > *cw {
                    *n
                } else {
                    *cw - spare(*cw, *n) * short / room
                };
            }
        }
        widths
    }

    /// The width of the longest unbreakable part of inline content: a word, a number written in groups, an
    /// address between its break points (see [`crate::linebreak::opportunities`]).
    fn longest_word(&self, inlines: &[Inline], size: f32) -> f32 {
        let mut widest = 0.0f32;
        for inline in inlines {
            if let Inline::Text { text, style } | Inline::Link { text, style, .. } = inline {
                let font = super::flow::styled(Font::Regular, *style);
                let mut from = 0;
                for (to, _) in crate::linebreak::opportunities(text) {
                    let word = text.get(from..to).unwrap_or("").trim_end();
                    widest = widest.max(self.width(font, size * font.scale(), word));
                    from = to;
                }
            }
        }
        widest
    }

    /// A table's header row: `titles` in bold on a grey band, a rule under it. `tagged`: the header itself (a row
    /// of `TH` in the structure), not its copy repeated on a continuation page.
    fn table_header(
        &mut self,
        titles: &[&str],
        columns: &[Column],
        xs: &[(f32, f32)],
        x: f32,
        w: f32,
        tagged: bool,
    ) -> Entry {
        let (size, lead, px, py) = (9.0, 11.5, 5.0, 3.5);
        let mut cells = Vec::new();
        let mut hh: f32 = lead;
        let tr = tagged.then(|| self.open(Role::TR));
        for ((c, title), &(cx, cw)) in columns.iter().zip(titles).zip(xs) {
            let p = Para::new(Font::Bold, size, lead).aligned(c.align);
            let th = tagged.then(|| self.open(Role::TH));
            let (items, h) = self.plain_block(title, p, cx + px, cw - 2.0 * px);
            if let Some(th) = th {
                self.close(th);
            }
            hh = hh.max(h);
            cells.extend(items.into_iter().map(|i| shift(i, py)));
        }
        if let Some(tr) = tr {
            self.close(tr);
        }
        hh += 2.0 * py;
        let mut items = vec![Item::Rect {
            x,
            y: 0.0,
            w,
            h: hh,
            fill: Some(0.82),
            stroke: None,
        }];
        items.extend(cells);
        items.push(Item::Rule {
            x1: x,
            y1: hh,
            x2: x + w,
            y2: hh,
            width: 0.8,
        });
        Entry {
            height: hh,
            items,
            ..Entry::default()
        }
    }

    /// Push a row of cells given as lines of items (relative to each line's top), with `pad` above and below
    /// and `rule` (at y 0) drawn under it. A row up to half a page is one unbreakable entry; a taller one (a role
    /// held by seventy people) is pushed line by line, so that it breaks across pages like running text —
    /// never two lines alone at either end — instead of running off the bottom of the page.
    fn push_row(
        &mut self,
        cells: Vec<Vec<Vec<Item>>>,
        lead: f32,
        pad: f32,
        rule: Option<Item>,
        keep_with_prev: bool,
    ) {
        let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = n as f32 * lead + 2.0 * pad;
        if height <= BODY_H / 2.0 {
            let mut items = Vec::new();
            for cell in cells {
                for (k, line) in cell.into_iter().enumerate() {
                    items.extend(line.into_iter().map(|i| shift(i, pad + k as f32 * lead)));
                }
            }
            items.extend(rule.map(|r| shift(r, height)));
            self.push(Entry {
                height,
                items,
                keep_with_prev,
                ..Entry::default()
            });
            return;
        }
        let mut bands: Vec<Vec<Item>> = vec![Vec::new(); n];
        for cell in cells {
            for (k, line) in cell.into_iter().enumerate() {
                let top = if k == 0 { pad } else { 0.0 };
                if let Some(band) = bands.get_mut(k) {
                    band.extend(line.into_iter().map(|i| shift(i, top)));
                }
            }
        }
        for (k, mut items) in bands.into_iter().enumerate() {
            let last = k + 1 == n;
            let mut h = lead + if k == 0 { pad } else { 0.0 };
            if last {
                h += pad;
                items.extend(rule.clone().map(|r| shift(r, h)));
            }
            self.push(Entry {
                height: h,
                items,
                keep_with_prev: if k == 0 {
                    keep_with_prev
                } else {
                    k < 2 || k + 2 >= n
                },
                ..Entry::default()
            });
        }
    }

    fn key_value(&mut self, pairs: &[(String, Vec<Inline>)], x: f32, w: f32) {
        let widest = pairs
            .iter()
            .map(|(k, _)| self.width(Font::Bold, BODY_SIZE, k))
            .fold(0.0f32, f32::max);
        let mut lw = (widest + 14.0).min(w * 0.38);
        if widest + 14.0 > lw {
            // Long labels beside short values (services beside their numbers): the labels take the room the
            // values leave, rather than break into three lines.
            let values = pairs
                .iter()
                .map(|(_, v)| self.natural_width(v, Font::Regular, BODY_SIZE))
                .fold(0.0f32, f32::max);
            lw = lw.max((w - values - 10.0).min(widest + 14.0)).min(w * 0.62);
        }
        self.gap(3.0);
        let label = Para::new(Font::Bold, BODY_SIZE, BODY_LEAD);
        let table = self.open(Role::Table);
        let rows: Vec<Vec<Vec<Vec<Item>>>> = pairs
            .iter()
            .map(|(k, v)| {
                let tr = self.open(Role::TR);
                let th = self.open(Role::TH);
                // A label breaks at its spaces, never inside a word ("numé-rique").
                self.br.hyphenate = false;
                let key = self.lines(&[Inline::text(k)], label, x, lw - 10.0);
                self.br.hyphenate = true;
                self.close(th);
                let td = self.open(Role::TD);
                let value = self.lines(v, BODY, x + lw, w - lw);
                self.close(td);
                self.close(tr);
                vec![key, value]
            })
            .collect();
        self.close(table);
        let lines: usize = rows
            .iter()
            .map(|cells| cells.iter().map(Vec::len).max().unwrap_or(0).max(1))
            .sum();
        // A short block of pairs (an obligation's deadline, recipient, channel) is read as one: never split.
        let whole = lines as f32 * BODY_LEAD <= BODY_H / 3.0;
        for (i, cells) in rows.into_iter().enumerate() {
            if i > 0 {
                self.gap(2.5);
            }
            self.push_row(cells, BODY_LEAD, 0.0, None, i > 0 && whole);
        }
        self.gap(self.para_gap);
    }

    /// A sheet title banner: grey band, black bar on the left, bold title.
    fn banner(&mut self, title: &str, x: f32, w: f32) -> Entry {
        let (texts, th) =
            self.plain_block(title, Para::new(Font::Bold, 15.0, 19.0), x + 15.0, w - 24.0);
        let h = th + 14.0;
        let mut items = vec![
            Item::Rect {
                x,
                y: 0.0,
                w,
                h,
                fill: Some(0.86),
                stroke: None,
            },
            Item::Rect {
                x,
                y: 0.0,
                w: 5.0,
                h,
                fill: Some(0.0),
                stroke: None,
            },
        ];
        items.extend(texts.into_iter().map(|i| shift(i, 7.0)));
        Entry {
            height: h,
            items,
            ..Entry::default()
        }
    }

    fn sheet(
        &mut self,
        anchor: &str,
        title: &str,
        outline: bool,
        blocks: &[Block],
        source: Option<&str>,
    ) {
        let (x, w) = (MARGIN_X, BODY_W);
        let sid = self.sheets.len() as u32;
        self.sheets.push(SheetInfo {
            anchor: anchor.to_string(),
            source: source.map(str::to_string),
        });
        self.break_page();
        let sect = self.open(Role::Sect);
        let heading = self.open(Role::H2);
        let mut first = self.banner(title, x, w);
        self.close(heading);
        if !anchor.is_empty() {
            first.items.insert(
                0,
                Item::Dest {
                    anchor: anchor.to_string(),
                    y: 0.0,
                },
            );
        }
        if outline {
            first.outline = Some((title.to_string(), 2));
        }
        let continued = format!("{title} {}", self.meta.labels.continued);
        let mut cont = artifact(self.banner(continued.trim_end(), x, w));
        cont.sheet = Some(sid);
        let mut group = self
            .repeat
            .and_then(|r| self.repeats.get(r as usize))
            .cloned()
            .unwrap_or_default();
        group.push(cont);
        let gid = self.repeats.len() as u32;
        self.repeats.push(group);

        let saved = (self.repeat, self.sheet);
        self.sheet = Some(sid);
        self.push(first);
        self.gap(12.0);
        self.repeat = Some(gid);
        self.blocks(blocks, x, w);
        self.close(sect);
        (self.repeat, self.sheet) = saved;
        self.break_page();
    }

    /// The cover: a bar, the title, the subtitle, a rule, the key–value lines, and `note` in a box at the foot
    /// of the page (at least [`NOTE_GAP`] below the lines).
    fn cover(&mut self, title: &str, subtitle: &str, lines: &[(String, String)], note: &str) {
        let (x, w) = (MARGIN_X, BODY_W);
        self.break_page();
        let mut y = BODY_H * 0.2;
        let mut items = vec![Item::Rect {
            x,
            y: y - 22.0,
            w: 64.0,
            h: 5.0,
            fill: Some(0.0),
            stroke: None,
        }];
        let node = self.open(Role::H1);
        let (ti, th) = self.plain_block(title, Para::new(Font::Bold, 28.0, 34.0), x, w);
        self.close(node);
        items.extend(ti.into_iter().map(|i| shift(i, y)));
        y += th + 8.0;
        if !subtitle.is_empty() {
            let node = self.open(Role::P);
            let (si, sh) = self.plain_block(subtitle, Para::new(Font::Regular, 15.0, 19.0), x, w);
            self.close(node);
            items.extend(si.into_iter().map(|i| shift(i, y)));
            y += sh;
        }
        y += 28.0;
        items.push(Item::Rule {
            x1: x,
            y1: y,
            x2: x + w,
            y2: y,
            width: 0.6,
        });
        y += 16.0;
        let widest = lines
            .iter()
            .map(|(l, _)| self.width(Font::Regular, 10.5, l))
            .fold(0.0f32, f32::max);
        let lw = (widest + 18.0).min(w * 0.4);
        let table = self.open(Role::Table);
        for (label, value) in lines {
            let tr = self.open(Role::TR);
            let th = self.open(Role::TH);
            let (li, lh) =
                self.plain_block(label, Para::new(Font::Regular, 10.5, 15.0), x, lw - 12.0);
            self.close(th);
            let td = self.open(Role::TD);
            let (vi, vh) =
                self.plain_block(value, Para::new(Font::Bold, 10.5, 15.0), x + lw, w - lw);
            self.close(td);
            self.close(tr);
            items.extend(li.into_iter().chain(vi).map(|i| shift(i, y)));
            y += lh.max(vh) + 3.0;
        }
        self.close(table);
        if !note.is_empty() {
            let p = Para::new(Font::Bold, 10.5, 14.0).aligned(Align::Center);
            // The box's height, from the note's width (it is laid out, and tagged, only when it is drawn).
            let est_lines = (self.width(Font::Bold, 10.5, note) / (w - 28.0))
                .ceil()
                .max(1.0);
            let est_bh = est_lines * p.lead + 20.0;
            // A long title, name or list of sites: the block moves up (never above the page's top) so that it
            // ends above the note's box instead of running under it; the box then follows it.
            let over = y + NOTE_GAP - (BODY_H - est_bh);
            if over > 0.0 {
                let up = over.min(BODY_H * 0.2 - 22.0);
                items = items.into_iter().map(|i| shift(i, -up)).collect();
                y -= up;
            }
            // Lines that fill the page even so (dozens of sites): no box — the cover's lines say the same
            // (the distribution).
            if y + NOTE_GAP + est_bh <= BODY_H {
                let node = self.open(Role::P);
                let (ni, nh) = self.plain_block(note, p, x + 14.0, w - 28.0);
                self.close(node);
                let bh = nh + 20.0;
                let top = (BODY_H - bh).max(y + NOTE_GAP);
                items.push(Item::Rect {
                    x,
                    y: top,
                    w,
                    h: bh,
                    fill: Some(0.92),
                    stroke: Some(1.5),
                });
                items.extend(ni.into_iter().map(|i| shift(i, top + 10.0)));
            }
        }
        self.push(Entry {
            height: BODY_H,
            items,
            cover: true,
            ..Entry::default()
        });
        self.break_page();
    }

    fn toc_block(&mut self, x: f32, w: f32) {
        let title = self.meta.labels.contents.clone();
        self.heading(1, &title, "_contents", true, x, w);
        self.keep_next();
        let num_w = self.width(Font::Regular, TOC_SIZE, "0000");
        let step = self.width(Font::Regular, TOC_SIZE, ". ");
        let dots_end = x + w - num_w - 6.0;
        let toc = self.open(Role::TOC);
        for (level, title, anchor) in self.toc.clone() {
            let toci = self.open(Role::TOCI);
            let link = self.open(Role::Link);
            let (font, indent, before) = if level <= 1 {
                (Font::Bold, 0.0, 7.0)
            } else {
                (Font::Regular, 16.0, 1.0)
            };
            let tx = x + indent;
            let p = Para::new(font, TOC_SIZE, TOC_LEAD);
            let lines = self.lines(&[Inline::text(&title)], p, tx, dots_end - tx - 24.0);
            let n = lines.len().max(1);
            let mut items = vec![Item::Link {
                x: tx,
                y: 0.0,
                w: x + w - tx,
                h: n as f32 * TOC_LEAD,
                target: Target::Internal(anchor.clone()),
                tag: self.node,
            }];
            let mut end = tx;
            for (k, line) in lines.into_iter().enumerate() {
                end = tx;
                for it in line {
                    if let Item::Text {
                        x,
                        font,
                        size,
                        text,
                        ..
                    } = &it
                    {
                        end = end.max(x + self.fonts.width(*font, *size, text));
                    }
                    items.push(shift(it, k as f32 * TOC_LEAD));
                }
            }
            let base = baseline(TOC_SIZE, TOC_LEAD) + (n - 1) as f32 * TOC_LEAD;
            // Dots on a grid shared by every line, so the leaders line up.
            let first = ((end + 6.0 - x) / step).ceil() * step + x;
            if first + step <= dots_end {
                let count = ((dots_end - first) / step).floor() as usize + 1;
                let dots = ". ".repeat(count);
                // Leaders are decoration: an artifact, not part of the entry's text.
                let mut leader = self.text(first, base, Font::Regular, TOC_SIZE, dots.trim_end());
                if let Item::Text { tag, .. } = &mut leader {
                    *tag = 0;
                }
                items.push(leader);
            }
            let placeholder = items.len();
            items.push(Item::Text {
                x: x + w,
                y: base,
                font,
                size: TOC_SIZE,
                text: String::new(),
                tag: self.node,
            });
            self.close(link);
            self.close(toci);
            self.push(Entry {
                height: n as f32 * TOC_LEAD,
                items,
                space_before: before,
                page_ref: Some((placeholder, anchor)),
                contents: true,
                ..Entry::default()
            });
            if level <= 1 {
                // A chapter line stays with its first section line.
                self.keep_next();
            }
        }
        self.close(toc);
        self.break_page();
    }

    fn crisis_log(
        &mut self,
        columns: &[(String, f32)],
        pages: u32,
        title: &str,
        anchor: Option<&str>,
        fields: &[String],
    ) {
        let (x, w) = (MARGIN_X, BODY_W);
        let total: f32 = columns.iter().map(|c| c.1.max(0.01)).sum();
        for page in 0..pages {
            self.break_page();
            let heading = if pages > 1 {
                format!("{title} ({}/{pages})", page + 1)
            } else {
                title.to_string()
            };
            let sect = self.open(Role::Sect);
            let title_node = self.open(if page == 0 { Role::H1 } else { Role::P });
            let (mut items, th) =
                self.plain_block(&heading, Para::new(Font::Bold, 14.0, 18.0), x, w);
            self.close(title_node);
            let (field_items, fh) = self.log_fields(fields, x, w, th + 8.0);
            items.extend(field_items);
            let table = self.open(Role::Table);
            let tr = self.open(Role::TR);
            let top = th + 8.0 + fh;
            let hh = 20.0;
            let row = 24.0;
            let rows = ((BODY_H - top - hh) / row).floor().max(1.0);
            let bottom = top + hh + rows * row;
            items.push(Item::Rect {
                x,
                y: top,
                w,
                h: hh,
                fill: Some(0.82),
                stroke: None,
            });
            let mut cx = x;
            for (i, (name, weight)) in columns.iter().enumerate() {
                let cw = w * weight.max(0.01) / total;
                let p = Para::new(Font::Bold, 9.0, hh);
                let cell = self.open(Role::TH);
                let (ti, _) = self.plain_block(name, p, cx + 5.0, cw - 10.0);
                self.close(cell);
                items.extend(ti.into_iter().map(|i| shift(i, top)));
                if i > 0 {
                    items.push(Item::Rule {
                        x1: cx,
                        y1: top,
                        x2: cx,
                        y2: bottom,
                        width: 0.6,
                    });
                }
                cx += cw;
            }
            self.close(tr);
            self.close(table);
            self.close(sect);
            let mut ry = top + hh;
            while ry < bottom - 1.0 {
                let width = if ry == top + hh { 0.8 } else { 0.35 };
                items.push(Item::Rule {
                    x1: x,
                    y1: ry,
                    x2: x + w,
                    y2: ry,
                    width,
                });
                ry += row;
            }
            items.push(Item::Rect {
                x,
                y: top,
                w,
                h: bottom - top,
                fill: None,
                stroke: Some(1.0),
            });
            let mut e = Entry {
                height: bottom,
                ..Entry::default()
            };
            if page == 0
                && let Some(a) = anchor.filter(|a| !a.is_empty())
            {
                items.insert(
                    0,
                    Item::Dest {
                        anchor: a.to_string(),
                        y: 0.0,
                    },
                );
                e.outline = Some((title.to_string(), 1));
            }
            e.items = items;
            self.push(e);
        }
        self.break_page();
    }
}

impl Builder<'_> {
    /// The fields of a crisis-log page, on one line from `top`: each label in bold, then a rule to write on;
    /// the writing space is shared equally. Returns the items and the height used (0 without fields).
    fn log_fields(&self, fields: &[String], x: f32, w: f32, top: f32) -> (Vec<Item>, f32) {
        const SIZE: f32 = 10.0;
        const HEIGHT: f32 = 26.0;
        if fields.is_empty() {
            return (Vec::new(), 0.0);
        }
        let labels: Vec<f32> = fields
            .iter()
            .map(|f| self.width(Font::Bold, SIZE, f))
            .collect();
        let space = ((w - labels.iter().sum::<f32>()) / fields.len() as f32).max(24.0);
        let base = top + 16.0;
        let mut items = Vec::with_capacity(fields.len() * 2);
        let mut cx = x;
        for (f, lw) in fields.iter().zip(&labels) {
            items.push(self.text(cx, base, Font::Bold, SIZE, f));
            items.push(Item::Rule {
                x1: cx + lw + 4.0,
                y1: base + 2.0,
                x2: cx + lw + space - 8.0,
                y2: base + 2.0,
                width: 0.5,
            });
            cx += lw + space;
        }
        (items, HEIGHT)
    }
}

/// A small paragraph ([`Block::Small`]): 9 pt, the size of table cells.
const SMALL: Para = Para::new(Font::Regular, 9.0, 11.5);

/// A large paragraph ([`Block::Large`]): 15 pt bold.
const LARGE: Para = Para::new(Font::Bold, 15.0, 19.0);

/// The most a keep-with-next run may hold before what follows: a quarter of a page. A longer run is let
/// go (it breaks as usual), so that a page is never left more than a quarter empty for it, and a run
/// taller than a page can never be pushed from page to page.
const MAX_LEAD: f32 = BODY_H / 4.0;

/// A paragraph this long after a heading is still its intro, read with it.
const INTRO_LINES: usize = 6;

/// What a block that introduces the next is, for the block after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeadKind {
    /// A heading, a run-in label or a key–value block: a paragraph after it is its intro.
    Head,
    /// An intro paragraph, or a line that ends with a colon or a comma ("Madame, Monsieur,").
    Text,
}

/// A keep-with-next run in progress: blocks that must not end a page, and their height so far.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lead {
    pub height: f32,
    pub kind: LeadKind,
    /// Level of the heading that opened the run (`u8::MAX` for any other block): only a lower heading joins it.
    pub level: u8,
}

/// Whether block `b` (which pushed `entries` entries) keeps with the next one, and as what; `after` is the kind
/// of run it follows, if any.
fn lead_kind(b: &Block, after: Option<LeadKind>, entries: usize) -> Option<LeadKind> {
    match b {
        Block::Heading { .. } => Some(LeadKind::Head),
        Block::KeyValue(_) => Some(LeadKind::Head),
        Block::Paragraph(inlines) if entries > 0 => {
            if is_label(inlines) {
                Some(LeadKind::Head)
            } else if after == Some(LeadKind::Head) && entries <= INTRO_LINES
                || entries <= 2 && introduces(inlines)
            {
                Some(LeadKind::Text)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether inline content is a label (a run-in heading: "Kit papier", "Levée du mode dégradé", a bold link to
/// a role or an obligation): some text, all of it bold but the page a link is on ("→ p. 10").
fn is_label(inlines: &[Inline]) -> bool {
    let mut any = false;
    for inline in inlines {
        match inline {
            Inline::Text { text, style } | Inline::Link { text, style, .. } if style.bold => {
                any |= !text.trim().is_empty()
            }
            Inline::Text { text, .. } if text.trim().is_empty() || text.trim().starts_with('→') =>
                {}
            Inline::PageRef { .. } => {}
            _ => return false,
        }
    }
    any
}

/// Whether a paragraph announces the next one: its text ends with a colon or a comma ("Madame, Monsieur,").
fn introduces(inlines: &[Inline]) -> bool {
    let last = inlines.iter().rev().find_map(|i| match i {
        Inline::Text { text, .. } | Inline::Link { text, .. } => {
            text.trim_end().chars().next_back()
        }
        Inline::LineBreak | Inline::PageRef { .. } => None,
    });
    matches!(last, Some(':' | ','))
}

/// The entries of the table of contents of a document of `blocks`.
pub(super) fn contents(blocks: &[Block]) -> Vec<TocEntry> {
    let mut toc = Vec::new();
    collect_toc(blocks, &mut toc);
    toc
}

/// Contents entries: level-1/2 headings with an anchor, sheets, anchored crisis logs.
fn collect_toc(blocks: &[Block], out: &mut Vec<TocEntry>) {
    for b in blocks {
        match b {
            Block::Heading {
                level,
                text,
                anchor,
                ..
            } if *level <= 2 && !anchor.is_empty() => {
                out.push(((*level).max(1), text.clone(), anchor.clone()))
            }
            Block::Sheet { anchor, title, .. } if !anchor.is_empty() => {
                out.push((2, title.clone(), anchor.clone()))
            }
            Block::CrisisLog {
                anchor: Some(anchor),
                title,
                ..
            } if !anchor.is_empty() => out.push((1, title.clone(), anchor.clone())),
            _ => {}
        }
    }
}
