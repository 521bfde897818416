//! The embedded faces (Liberation Sans and Liberation Mono, SIL OFL 1.1, see
//! `fonts/LICENSE-Liberation.txt`) and their advance widths.
//!
//! Widths come straight from the font's `hmtx` (no kerning, no shaping): exactly what the
//! PDF viewer advances by, since the PDF `/W` array is built from the same table. They are
//! cached per character (a flat table for Latin, a map for the rest) because measuring is
//! the inner loop of line breaking.

use std::borrow::Cow;
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::error::{ParseError, ReadWriteError};
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::Error;

/// One of the five faces the typesetter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Font {
    /// Liberation Sans Regular.
    Regular,
    /// Liberation Sans Bold.
    Bold,
    /// Liberation Sans Italic.
    Italic,
    /// Liberation Sans Bold Italic.
    BoldItalic,
    /// Liberation Mono Regular.
    Mono,
}

impl Font {
    /// Every face, in a fixed order (also the order of the PDF font resources).
    pub const ALL: [Font; 5] = [
        Font::Regular,
        Font::Bold,
        Font::Italic,
        Font::BoldItalic,
        Font::Mono,
    ];

    /// The face for a character style (`mono` wins).
    pub fn for_style(style: crate::Style) -> Font {
        match (style.mono, style.bold, style.italic) {
            (true, _, _) => Font::Mono,
            (false, true, true) => Font::BoldItalic,
            (false, true, false) => Font::Bold,
            (false, false, true) => Font::Italic,
            (false, false, false) => Font::Regular,
        }
    }

    /// Size factor applied to runs of this face inside text of another: Liberation Mono
    /// looks larger than Liberation Sans at the same size, so it is set a little smaller.
    pub fn scale(self) -> f32 {
        if self == Font::Mono { 0.92 } else { 1.0 }
    }

    /// Short name used in layout dumps.
    pub fn short(self) -> &'static str {
        match self {
            Font::Regular => "R",
            Font::Bold => "B",
            Font::Italic => "I",
            Font::BoldItalic => "BI",
            Font::Mono => "M",
        }
    }

    /// PostScript name of the face.
    pub(crate) fn postscript(self) -> &'static str {
        match self {
            Font::Regular => "LiberationSans",
            Font::Bold => "LiberationSans-Bold",
            Font::Italic => "LiberationSans-Italic",
            Font::BoldItalic => "LiberationSans-BoldItalic",
            Font::Mono => "LiberationMono",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Font::Regular => include_bytes!("../fonts/LiberationSans-Regular.ttf"),
            Font::Bold => include_bytes!("../fonts/LiberationSans-Bold.ttf"),
            Font::Italic => include_bytes!("../fonts/LiberationSans-Italic.ttf"),
            Font::BoldItalic => include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
            Font::Mono => include_bytes!("../fonts/LiberationMono-Regular.ttf"),
        }
    }
}

/// Characters below this code point have their glyph and advance in a flat table.
const TABLE: usize = 0x250;
/// A character the face has no glyph for.
const MISSING: Glyph = Glyph {
    id: 0,
    advance: u16::MAX,
};

/// A character's glyph in a face: its id and its advance in font units (`u16::MAX` when the face lacks it).
#[derive(Clone, Copy)]
struct Glyph {
    id: u16,
    advance: u16,
}

/// A parsed face: its glyphs by character, from the font's own `cmap`, `hmtx` and `head`.
pub(crate) struct Face {
    pub(crate) bytes: &'static [u8],
    units_per_em: f32,
    table: Vec<Glyph>,
    other: FxHashMap<char, Glyph>,
}

impl Face {
    /// Reads only the tables that give each character its glyph and advance (`cmap`, `hmtx` with `maxp` and
    /// `hhea`, `head`): the same values printpdf's parser keeps, without copying the font or its outlines.
    fn load(font: Font) -> Result<Face, Error> {
        Face::read(font.bytes()).map_err(|e| {
            Error::Font(format!(
                "cannot parse the embedded font {}: {e}",
                font.postscript()
            ))
        })
    }

    fn read(bytes: &'static [u8]) -> Result<Face, ReadWriteError> {
        let file = ReadScope::new(bytes).read::<FontData<'_>>()?;
        let provider = file.table_provider(0)?;
        // These three own their values: their table data is dropped at once.
        let head = ReadScope::new(&provider.read_table_data(tag::HEAD)?).read::<HeadTable>()?;
        let maxp = ReadScope::new(&provider.read_table_data(tag::MAXP)?).read::<MaxpTable>()?;
        let hhea = ReadScope::new(&provider.read_table_data(tag::HHEA)?).read::<HheaTable>()?;
        let hmtx_data = provider.read_table_data(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data).read_dep::<HmtxTable<'_>>((
            usize::from(maxp.num_glyphs),
            usize::from(hhea.num_h_metrics),
        ))?;
        let cmap_data = provider.read_table_data(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>()?;
        let (_, subtable) =
            allsorts::font::read_cmap_subtable(&cmap)?.ok_or(ParseError::UnsuitableCmap)?;
        let mut face = Face {
            bytes,
            units_per_em: f32::from(head.units_per_em.max(1)),
            table: vec![MISSING; TABLE],
            other: FxHashMap::default(),
        };
        subtable.mappings_fn(|cp, id| {
            let advance = if id < maxp.num_glyphs {
                hmtx.horizontal_advance(id).unwrap_or(0)
            } else {
                0
            };
            let glyph = Glyph { id, advance };
            match face.table.get_mut(cp as usize) {
                Some(slot) => *slot = glyph,
                None => {
                    if let Some(c) = char::from_u32(cp) {
                        face.other.insert(c, glyph);
                    }
                }
            }
        })?;
        Ok(face)
    }

    fn glyph(&self, c: char) -> Option<Glyph> {
        match self.table.get(c as usize) {
            Some(g) if g.advance == MISSING.advance => None,
            Some(&g) => Some(g),
            None => self.other.get(&c).copied(),
        }
    }

    /// The glyph id of `c`, `None` when the face lacks it.
    pub(crate) fn glyph_id(&self, c: char) -> Option<u16> {
        self.glyph(c).map(|g| g.id)
    }

    fn advance_units(&self, c: char) -> Option<u16> {
        self.glyph(c).map(|g| g.advance)
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// Advance of `c` in em, `None` when the face lacks it.
    pub(crate) fn try_advance(&self, c: char) -> Option<f32> {
        self.advance_units(c)
            .map(|units| f32::from(units) / self.units_per_em)
    }

    /// Advance of `c` in em (0 for a character the face lacks).
    pub(crate) fn advance(&self, c: char) -> f32 {
        self.try_advance(c).unwrap_or(0.0)
    }
}

/// The five faces, loaded once per process (parsing is deterministic: a cache, not state).
pub(crate) struct Fonts {
    faces: Vec<Face>,
}

impl Fonts {
    pub(crate) fn face(&self, font: Font) -> &Face {
        // `faces` holds one face per `Font::ALL` entry, in that order.
        &self.faces[font.index()]
    }

    /// Width of `text` in `font` at `size` points.
    pub(crate) fn width(&self, font: Font, size: f32, text: &str) -> f32 {
        let face = self.face(font);
        text.chars().map(|c| face.advance(c)).sum::<f32>() * size
    }

    /// Replace the characters `font` cannot draw by the nearest one it can, or `?`.
    pub(crate) fn drawable<'t>(&self, font: Font, text: &'t str) -> Cow<'t, str> {
        let face = self.face(font);
        if text.chars().all(|c| face.has(c) && c != '\u{AD}') {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c == '\u{AD}' {
                continue;
            }
            if face.has(c) {
                out.push(c);
                continue;
            }
            let sub = match c {
                '\u{202F}' | '\u{2007}' => '\u{A0}',
                '\u{2000}'..='\u{200A}' | '\t' | '\r' => ' ',
                '\u{200B}' | '\u{2060}' | '\u{FEFF}' => continue,
                '\u{2010}' | '\u{2011}' => '-',
                '\u{2610}' | '\u{2611}' | '\u{2612}' => '\u{25A1}',
                '\u{2713}' | '\u{2714}' => 'v',
                _ => '?',
            };
            out.push(if face.has(sub) { sub } else { '?' });
        }
        Cow::Owned(out)
    }
}

static FONTS: OnceLock<Result<Fonts, Error>> = OnceLock::new();

/// The loaded faces.
pub(crate) fn fonts() -> Result<&'static Fonts, Error> {
    FONTS
        .get_or_init(|| {
            let faces = Font::ALL
                .iter()
                .map(|&f| Face::load(f))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Fonts { faces })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Parses the embedded faces now rather than at the first layout: a caller with an idle core takes this
/// once-per-process work (a few milliseconds) off its render stage.
pub fn preload() -> Result<(), Error> {
    fonts().map(|_| ())
}

/// Width of `text` set in `font` at `size` points, as the PDF viewer will advance it.
pub fn text_width(font: Font, size: f32, text: &str) -> Result<f32, Error> {
    Ok(fonts()?.width(font, size, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_characters_are_all_drawable() {
        let fonts = fonts().unwrap();
        let text = "àâçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔŒÆ«»’–—…€•\u{A0}";
        for font in Font::ALL {
            assert_eq!(fonts.drawable(font, text), text, "{font:?}");
        }
        // The narrow no-break space falls back to a no-break space, never to a break.
        let narrow = fonts.drawable(Font::Regular, "«\u{202F}oui\u{202F}»");
        assert!(!narrow.contains(' ') && !narrow.contains('?'), "{narrow:?}");
        assert_eq!(fonts.drawable(Font::Regular, "☐\t\u{1F600}"), "□ ?");
    }

    /// The faces' own reading of `cmap` and `hmtx` gives every character the glyph and advance that printpdf's
    /// parser gives it (the subsets and the PDF `/W` arrays come from printpdf's).
    #[test]
    fn glyphs_and_advances_are_printpdfs() {
        let fonts = fonts().unwrap();
        for font in Font::ALL {
            let face = fonts.face(font);
            let parsed =
                printpdf::ParsedFont::from_bytes(font.bytes(), 0, &mut Vec::new()).unwrap();
            assert!(parsed.codepoint_to_glyph.len() > 2000, "{font:?}");
            let mut ours = 0;
            for cp in 0..0x11_0000 {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                let theirs = parsed.lookup_glyph_index(cp);
                assert_eq!(face.glyph_id(c), theirs, "{font:?} U+{cp:04X}");
                if let Some(gid) = theirs {
                    let advance = parsed.get_glyph_width(gid).unwrap_or(0);
                    assert_eq!(face.advance_units(c), Some(advance), "{font:?} U+{cp:04X}");
                    ours += 1;
                }
            }
            assert_eq!(ours, parsed.codepoint_to_glyph.len(), "{font:?}");
        }
    }
}
