//! Page content streams, encoded directly.
//!
//! printpdf turns each operation into lopdf objects and allocates per glyph; for a
//! 1 500-page binder that alone took half a second. Page contents are a handful of
//! operators (`re f`, `BT Tf Td Tj ET`), so they are written here as bytes, with glyph
//! ids from the same subset font printpdf embeds, and compressed in parallel (each page
//! on its own, so the bytes do not depend on the thread count).

use std::collections::HashMap;
use std::io::Write as _;

use flate2::write::ZlibEncoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use printpdf::ParsedFont;

use crate::font::Font;
use crate::layout::{Item, Page};
use crate::structure::Node;

/// Character → glyph id in one (subset) face.
#[derive(Debug, Clone, Default)]
pub(crate) struct GlyphMap {
    latin: Vec<u16>,
    other: HashMap<char, u16>,
}

const LATIN: usize = 0x250;

impl GlyphMap {
    pub(crate) fn new(font: &ParsedFont) -> GlyphMap {
        let mut map = GlyphMap {
            latin: vec![0; LATIN],
            other: HashMap::new(),
        };
        for (&cp, &gid) in &font.codepoint_to_glyph {
            match map.latin.get_mut(cp as usize) {
                Some(slot) => *slot = gid,
                None => {
                    if let Some(c) = char::from_u32(cp) {
                        map.other.insert(c, gid);
                    }
                }
            }
        }
        map
    }

    fn gid(&self, c: char) -> u16 {
        match self.latin.get(c as usize) {
            Some(&g) => g,
            None => self.other.get(&c).copied().unwrap_or(0),
        }
    }
}

/// A number with at most two decimals, without trailing zeros.
fn num(out: &mut Vec<u8>, v: f32) {
    let n = (f64::from(v) * 100.0).round() as i64;
    if n < 0 {
        out.push(b'-');
    }
    let n = n.unsigned_abs();
    let (int, frac) = (n / 100, n % 100);
    crate::writer::int(out, int);
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if frac % 10 != 0 {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

/// Numbers separated by spaces, as in an array.
pub(crate) fn nums_list(out: &mut Vec<u8>, vs: &[f32]) {
    for (i, &v) in vs.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        num(out, v);
    }
}

fn nums(out: &mut Vec<u8>, vs: &[f32], op: &[u8]) {
    for &v in vs {
        num(out, v);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

/// The uncompressed content stream of a page — graphics, then all text in one `BT` — and the structure node
/// of each marked-content id it uses, in order. Graphics are one artifact; each run of text items of one node
/// is a marked-content sequence with the next MCID, text of node 0 (running header, footer, repeated
/// headers) an artifact.
pub(crate) fn encode(page: &Page, glyphs: &[GlyphMap], nodes: &[Node]) -> (Vec<u8>, Vec<u32>) {
    let mut out = Vec::with_capacity(page.items.len() * 40);
    let mut fill = 0.0f32;
    let mut line_width = -1.0f32;
    out.extend_from_slice(b"/Artifact BMC\n0 G 0 g\n");
    let set_fill = |out: &mut Vec<u8>, fill: &mut f32, level: f32| {
        if (*fill - level).abs() > f32::EPSILON {
            nums(out, &[level.clamp(0.0, 1.0)], b"g");
            *fill = level;
        }
    };
    for item in &page.items {
        match item {
            Item::Rect {
                x,
                y,
                w,
                h,
                fill: f,
                stroke,
            } => {
                let op: &[u8] = match (f, stroke) {
                    (Some(_), Some(_)) => b"re B",
                    (Some(_), None) => b"re f",
                    (None, Some(_)) => b"re S",
                    (None, None) => continue,
                };
                if let Some(level) = f {
                    set_fill(&mut out, &mut fill, *level);
                }
                if let Some(s) = stroke
                    && (line_width - s).abs() > f32::EPSILON
                {
                    nums(&mut out, &[*s], b"w");
                    line_width = *s;
                }
                nums(&mut out, &[*x, *y, *w, *h], op);
            }
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                if (y1 - y2).abs() < 1e-3 || (x1 - x2).abs() < 1e-3 {
                    // Axis-aligned: a thin filled box, crisp at any zoom.
                    set_fill(&mut out, &mut fill, 0.0);
                    let (x, y) = (x1.min(*x2), y1.min(*y2));
                    let (w, h) = ((x1 - x2).abs(), (y1 - y2).abs());
                    if h < 1e-3 {
                        nums(&mut out, &[x, y - width / 2.0, w, *width], b"re f");
                    } else {
                        nums(&mut out, &[x - width / 2.0, y, *width, h], b"re f");
                    }
                } else {
                    if (line_width - width).abs() > f32::EPSILON {
                        nums(&mut out, &[*width], b"w");
                        line_width = *width;
                    }
                    nums(&mut out, &[*x1, *y1], b"m");
                    nums(&mut out, &[*x2, *y2], b"l S");
                }
            }
            _ => {}
        }
    }
    set_fill(&mut out, &mut fill, 0.0);
    out.extend_from_slice(b"EMC\nBT\n");
    let mut current: Option<(Font, f32)> = None;
    let mut mcids: Vec<u32> = Vec::new();
    // The node whose marked-content sequence is open, if any.
    let mut open: Option<u32> = None;
    // Td moves relative to the start of the previous line.
    let (mut lx, mut ly) = (0.0f32, 0.0f32);
    for item in &page.items {
        let Item::Text {
            x,
            y,
            font,
            size,
            text,
            tag,
        } = item
        else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if open != Some(*tag) {
            if open.is_some() {
                out.extend_from_slice(b"EMC\n");
            }
            match nodes.get(*tag as usize).filter(|_| *tag != 0) {
                Some(node) => {
                    crate::writer::name(&mut out, node.role.name().as_bytes());
                    out.extend_from_slice(b"<</MCID ");
                    crate::writer::int(&mut out, mcids.len());
                    out.extend_from_slice(b">>BDC\n");
                    mcids.push(*tag);
                }
                None => out.extend_from_slice(b"/Artifact BMC\n"),
            }
            open = Some(*tag);
        }
        if current != Some((*font, *size)) {
            out.extend_from_slice(b"/F");
            crate::writer::int(&mut out, font.index() + 1);
            out.push(b' ');
            nums(&mut out, &[*size], b"Tf");
            current = Some((*font, *size));
        }
        // Round the target, not the delta, so positions never drift.
        let (rx, ry) = (round2(*x), round2(*y));
        nums(&mut out, &[rx - lx, ry - ly], b"Td");
        (lx, ly) = (rx, ry);
        let map = glyphs.get(font.index());
        // A literal string of big-endian glyph ids: half the size of hex.
        out.push(b'(');
        for c in text.chars() {
            let g = map.map_or(0, |m| m.gid(c));
            for byte in g.to_be_bytes() {
                crate::writer::literal_byte(&mut out, byte);
            }
        }
        out.extend_from_slice(b") Tj\n");
    }
    if open.is_some() {
        out.extend_from_slice(b"EMC\n");
    }
    out.extend_from_slice(b"ET\n");
    (out, mcids)
}

fn round2(v: f32) -> f32 {
    ((f64::from(v) * 100.0).round() / 100.0) as f32
}

/// Encode and compress every page, on every core; with each page, the node of each of its MCIDs.
pub(crate) fn encode_all(
    pages: &[Page],
    glyphs: &[GlyphMap],
    nodes: &[Node],
) -> Vec<(Vec<u8>, Vec<u32>)> {
    let one = |p: &Page| {
        let (content, mcids) = encode(p, glyphs, nodes);
        (compress(&content), mcids)
    };
    // A short document is not worth the hand-over; a long one is shared out page by page on rayon's pool (work
    // stealing: a core busy with another output does not hold the others back), in page order.
    if pages.len() < 16 {
        return pages.iter().map(one).collect();
    }
    use rayon::prelude::*;
    pages.par_iter().map(one).collect()
}

/// zlib level 1 (miniz's fast path): about 15 % larger than level 9 on page contents,
/// several times faster — speed is what the 1 000-reflex binder needs.
/// One compressor per thread, reset between pages: setting up miniz's tables for every page cost as much as
/// compressing it (a tenth of the whole build's instructions on a 250-page binder).
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    thread_local! {
        static DEFLATE: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(1), true));
    }
    DEFLATE.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let done = z.total_in() as usize;
            match z.compress_vec(
                &data[done.min(data.len())..],
                &mut out,
                FlushCompress::Finish,
            ) {
                Ok(Status::StreamEnd) => return out,
                Ok(_) => out.reserve(out.capacity().max(4096)),
                // Not reachable with in-memory buffers; a fresh encoder is the safe answer anyway.
                Err(_) => return compress_fresh(data),
            }
        }
    })
}

fn compress_fresh(data: &[u8]) -> Vec<u8> {
    deflate(data, 1)
}

/// zlib-compresses `data` at `level` (0–9) with a fresh encoder.
pub(crate) fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(level));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reused_compressor_is_lossless_and_deterministic() {
        let page: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("{} {} Td\n", i % 97, i % 13).into_bytes())
            .collect();
        let inflate = |z: &[u8]| {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(z), &mut out)
                .map(|_| out)
        };
        for data in [&page[..], b"", b"BT ET", &page[..999]] {
            let first = compress(data);
            assert_eq!(inflate(&first).ok().as_deref(), Some(data));
            assert_eq!(
                compress(data),
                first,
                "the thread's compressor, reused, gives the same bytes"
            );
            assert_eq!(inflate(&compress_fresh(data)).ok().as_deref(), Some(data));
        }
    }

    #[test]
    fn numbers_are_short_and_exact() {
        let mut out = Vec::new();
        for v in [0.0, 56.0, 757.394, -3.5, 0.05, 12.999, 841.89] {
            num(&mut out, v);
            out.push(b' ');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0 56 757.39 -3.5 0.05 13 841.89 "
        );
    }
}
