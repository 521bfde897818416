//! Line breaking: styled text in, lines of positioned runs out.
//!
//! Break opportunities come from UAX #14 (`unicode-linebreak`), so a no-break space
//! (U+00A0, U+202F) never ends a line: « Le » and « contacts » ; stay whole. Then the
//! typographic rules a crisis binder needs ([`opportunities`]): a number written in groups
//! ("01 00 00 90 01", "+33 6 00 00 10 01", "10 000") is one word, and so is an acronym with
//! its number ("NIS 2", "ISO 27001"); an e-mail address or a URL breaks only after its `@`,
//! a dot or a slash, never at its own hyphen. Lines are filled greedily and set ragged
//! right. When the word that overflows leaves a visible gap, it is hyphenated: at the
//! author's soft hyphens (U+00AD) when the word has any, otherwise with the TeX patterns of
//! the `hyphenation` crate — on runs of letters only, so punctuation around a word never
//! reaches the patterns ("préfecture," is hyphenated as "préfecture" followed by ","). Names
//! (a capital initial), acronyms, identifiers (digits, hyphens, `_`, `/`…), addresses, words
//! under seven letters, lines under 100 pt (narrow table columns) and labels (key-value keys)
//! are never hyphenated to fill a line, and never more than two hyphenated lines follow each
//! other. A word wider than the whole line must break: at a pattern point (a capitalised word
//! too), else between letters — always with a hyphen, never silently.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::ops::Range;
use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};
use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::font::{Font, Fonts};

/// A piece of input text in one face; `link` is an index chosen by the caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Piece {
    pub text: String,
    pub font: Font,
    pub link: Option<u32>,
}

/// A run of one face on a line, `x` from the line start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub font: Font,
    pub text: String,
    pub x: f32,
    pub width: f32,
    pub link: Option<u32>,
}

/// One line: its runs and its natural width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    /// The line's text (for tests and dumps).
    #[cfg(test)]
    pub fn text(&self) -> String {
        let s: String = self.runs.iter().map(|r| r.text.as_str()).collect();
        s.trim_end_matches(' ').replace(SHY, "-")
    }
}

/// Which hyphenation patterns to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    French,
    English,
}

impl Lang {
    pub(crate) fn from_tag(tag: &str) -> Lang {
        if tag.eq_ignore_ascii_case("en") || tag.to_ascii_lowercase().starts_with("en-") {
            Lang::English
        } else {
            Lang::French
        }
    }
}

fn dictionary(lang: Lang) -> Option<&'static Standard> {
    static FR: OnceLock<Option<Standard>> = OnceLock::new();
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, language) = match lang {
        Lang::French => (&FR, Language::French),
        Lang::English => (&EN, Language::EnglishUS),
    };
    cell.get_or_init(|| Standard::from_embedded(language).ok())
        .as_ref()
}

/// A line breaker for one document: fonts, patterns and a cache of hyphenated words.
pub(crate) struct Breaker<'f> {
    fonts: &'f Fonts,
    dict: Option<&'static Standard>,
    cache: HashMap<String, Vec<usize>>,
    /// Lines already broken, when documents that share their text are laid out one after another.
    memo: Option<Memo>,
    /// Whether words may be hyphenated to fill a line (not in a label: "CERT Santé (Agence du numérique…)"
    /// breaks at its spaces). A word wider than the whole line is hyphenated all the same.
    pub hyphenate: bool,
}

/// Broken lines by their input (pieces, size and width as bits, hyphenation), bucketed by a hash of it.
type Broken = (Vec<Piece>, u32, u32, bool, Vec<Line>);

/// Line breaks remembered across layouts (see [`crate::Typesetter`]), with the hyphenated words.
#[derive(Default)]
pub(crate) struct Memo {
    lang: Option<Lang>,
    lines: HashMap<u64, Vec<Broken>>,
    words: HashMap<String, Vec<usize>>,
}

/// Do not hyphenate when the line would already be this full without the word.
const GOOD_ENOUGH: f32 = 0.88;
/// Shortest run of letters worth hyphenating to fill a line: a short word ("delay", "garde") goes to the
/// next line whole.
const MIN_WORD: usize = 7;
/// In a measure narrower than this (a table's "Qui" or "Délai" column), lines break at spaces: a hyphen
/// there saves little and splits the names and short phrases such columns hold ("Astreinte in-formatique").
const NARROW: f32 = 100.0;
/// Shortest run of letters hyphenated when it is wider than the whole line.
const FORCED_MIN_WORD: usize = 4;

struct Prepared {
    text: String,
    /// `prefix[i]` = advance from 0 to byte `i` (valid on char boundaries).
    prefix: Vec<f32>,
    /// `(byte range, font, link)`, in order, covering `text`.
    spans: Vec<(Range<usize>, Font, Option<u32>)>,
    size: f32,
}

impl Prepared {
    fn width(&self, r: Range<usize>) -> f32 {
        match (self.prefix.get(r.end), self.prefix.get(r.start)) {
            (Some(e), Some(s)) => e - s,
            _ => 0.0,
        }
    }

    /// The face and link of the text at `byte`: which run of the input it belongs to.
    fn run_at(&self, byte: usize) -> (Font, Option<u32>) {
        self.spans
            .iter()
            .find(|(r, _, _)| r.start <= byte && byte < r.end)
            .map_or((Font::Regular, None), |s| (s.1, s.2))
    }

    fn font_at(&self, byte: usize) -> Font {
        self.spans
            .iter()
            .find(|(r, _, _)| r.start <= byte && byte < r.end)
            .or(self.spans.last())
            .map_or(Font::Regular, |s| s.1)
    }
}

fn is_trailing_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{200B}' | '\u{2028}' | '\u{2029}'
    )
}

impl<'f> Breaker<'f> {
    pub(crate) fn new(fonts: &'f Fonts, lang: Lang) -> Self {
        Breaker {
            fonts,
            dict: dictionary(lang),
            cache: HashMap::new(),
            memo: None,
            hyphenate: true,
        }
    }

    /// A breaker that starts from, and adds to, what `memo` remembers (forgotten if it was for another language).
    pub(crate) fn with_memo(fonts: &'f Fonts, lang: Lang, mut memo: Memo) -> Self {
        if memo.lang != Some(lang) {
            memo = Memo {
                lang: Some(lang),
                ..Memo::default()
            };
        }
        let mut b = Breaker::new(fonts, lang);
        b.cache = std::mem::take(&mut memo.words);
        b.memo = Some(memo);
        b
    }

    /// What this breaker remembers, for the next one.
    pub(crate) fn take_memo(&mut self) -> Memo {
        let mut memo = self.memo.take().unwrap_or_default();
        memo.words = std::mem::take(&mut self.cache);
        memo
    }

    pub(crate) fn fonts(&self) -> &'f Fonts {
        self.fonts
    }

    /// The hyphen drawn where a word is broken: the soft hyphen when the face draws one, so that
    /// text read back from the PDF rejoins the word.
    fn hyphen_char(&self, font: Font) -> char {
        if self.fonts.face(font).has(SHY) {
            SHY
        } else {
            '-'
        }
    }

    fn prepare(&self, pieces: &[Piece], size: f32) -> Prepared {
        // Drawable text is about as long as the input (a character replaced or dropped changes it by a few bytes).
        let len: usize = pieces.iter().map(|p| p.text.len()).sum();
        let mut text = String::with_capacity(len + 8);
        let mut prefix = Vec::with_capacity(len + 9);
        prefix.push(0.0f32);
        let mut spans = Vec::with_capacity(pieces.len());
        let mut acc = 0.0f32;
        for p in pieces {
            // Newlines are forced breaks and soft hyphens optional ones: both kept (zero width) for
            // UAX #14, never drawn as such.
            let run_size = size * p.font.scale();
            let start = text.len();
            for (k, part) in p.text.split('\n').enumerate() {
                if k > 0 {
                    text.push('\n');
                    prefix.push(acc);
                }
                for (j, word) in part.split(SHY).enumerate() {
                    if j > 0 {
                        text.push(SHY);
                        prefix.extend([acc; 2]);
                    }
                    acc = self.push_word(&mut text, &mut prefix, acc, (p.font, run_size), word);
                }
            }
            if text.len() > start {
                spans.push((start..text.len(), p.font, p.link));
            }
        }
        Prepared {
            text,
            prefix,
            spans,
            size,
        }
    }

    /// Appends `word` (no newline, no soft hyphen) to `text` as `font` draws it ([`Fonts::drawable`]), and the
    /// advance at each of its bytes to `prefix`, from `acc` (each character's advance at `run_size` points);
    /// gives the advance at its end. A word the face draws whole, nearly all of them, is looked up once.
    fn push_word(
        &self,
        text: &mut String,
        prefix: &mut Vec<f32>,
        mut acc: f32,
        (font, run_size): (Font, f32),
        word: &str,
    ) -> f32 {
        let face = self.fonts.face(font);
        let (from, start) = (prefix.len(), acc);
        let mut whole = true;
        for c in word.chars() {
            let Some(advance) = face.try_advance(c) else {
                whole = false;
                break;
            };
            acc += advance * run_size;
            prefix.extend(std::iter::repeat_n(acc, c.len_utf8()));
        }
        if whole {
            text.push_str(word);
            return acc;
        }
        prefix.truncate(from);
        acc = start;
        let drawable = self.fonts.drawable(font, word);
        for c in drawable.chars() {
            acc += face.advance(c) * run_size;
            prefix.extend(std::iter::repeat_n(acc, c.len_utf8()));
        }
        text.push_str(&drawable);
        acc
    }

    /// Break `pieces` set at `size` points into lines at most `width` wide (remembered ones when there is a memo).
    pub(crate) fn break_lines(&mut self, pieces: &[Piece], size: f32, width: f32) -> Vec<Line> {
        if self.memo.is_none() {
            return self.break_new(pieces, size, width);
        }
        let (sb, wb, hy) = (size.to_bits(), width.to_bits(), self.hyphenate);
        // FxHash, not SipHash: the key only buckets the memo (a bucket's entries are compared whole), and a card
        // cut to fit hashes every one of its paragraphs at each try.
        let mut h = rustc_hash::FxHasher::default();
        (pieces, sb, wb, hy).hash(&mut h);
        let key = h.finish();
        let known = self
            .memo
            .as_ref()
            .and_then(|m| m.lines.get(&key))
            .and_then(|bucket| {
                bucket.iter().find(|(p, s, w, y, _)| {
                    *s == sb && *w == wb && *y == hy && p.as_slice() == pieces
                })
            });
        if let Some((.., lines)) = known {
            return lines.clone();
        }
        let lines = self.break_new(pieces, size, width);
        if let Some(m) = &mut self.memo {
            m.lines
                .entry(key)
                .or_default()
                .push((pieces.to_vec(), sb, wb, hy, lines.clone()));
        }
        lines
    }

    fn break_new(&mut self, pieces: &[Piece], size: f32, width: f32) -> Vec<Line> {
        let p = self.prepare(pieces, size);
        let mut lines = Vec::new();
        if p.text.is_empty() {
            return lines;
        }
        let fonts = self.fonts;
        let hyphen_w = move |font: Font| {
            let c = if fonts.face(font).has(SHY) {
                "\u{AD}"
            } else {
                "-"
            };
            fonts.width(font, size, c)
        };
        let mut start = 0usize;
        // Last opportunity at which the line still fits.
        let mut fit = 0usize;
        // Hyphenated lines just before this one.
        let mut hyphenated = 0usize;
        // A number is glued to the number before it only within one run: "Personne 11" (a link) then its
        // phone number (bold) may part, else "11 06 10 00 00 11" would be one word cut inside the number.
        let one_run = |a: usize, b: usize| p.run_at(a) == p.run_at(b);
        for (pos, kind) in opportunities_with(&p.text, one_run) {
            loop {
                let end = trim_end(&p.text, start, pos);
                let w = p.width(start..end);
                if w <= width || end <= start {
                    fit = pos;
                    if kind == BreakOpportunity::Mandatory && start < p.text.len() {
                        lines.push(self.make_line(&p, start, end, false));
                        hyphenated = 0;
                        start = pos;
                        fit = pos;
                    }
                    break;
                }
                // The segment [fit, pos) overflows: hyphenate it, or break before it.
                let before = trim_end(&p.text, start, fit);
                let filled = if fit > start {
                    p.width(start..before) / width
                } else {
                    0.0
                };
                let hyph = if self.hyphenate
                    && width >= NARROW
                    && filled < GOOD_ENOUGH
                    && hyphenated < MAX_HYPHENATED
                {
                    self.hyphen_point(&p, start, fit, pos, width, &hyphen_w, false)
                } else {
                    None
                };
                if let Some(h) = hyph {
                    lines.push(self.make_line(&p, start, h, true));
                    hyphenated += 1;
                    start = h;
                    fit = h;
                } else if fit > start {
                    let soft = p.text.get(..before).is_some_and(|t| t.ends_with(SHY));
                    lines.push(self.make_line(&p, start, before, soft));
                    hyphenated = if soft { hyphenated + 1 } else { 0 };
                    start = fit;
                } else {
                    // One word wider than the whole line ("Administrateur" in a narrow column) must break:
                    // where the patterns allow, even with a capital, else by characters — with a hyphen
                    // between two letters, so that it never reads as two words.
                    let (cut, hyphen) =
                        match self.hyphen_point(&p, start, start, pos, width, &hyphen_w, true) {
                            Some(h) => (h, true),
                            None => {
                                let font = p.font_at(start);
                                let cut = emergency_cut(&p, start, end, width - hyphen_w(font));
                                match address_cut(&p.text, start, cut) {
                                    Some(at) => (at, false),
                                    None => (cut, between_letters(&p.text, cut)),
                                }
                            }
                        };
                    lines.push(self.make_line(&p, start, cut, hyphen));
                    hyphenated = 0;
                    start = cut;
                    fit = cut;
                }
            }
        }
        if start < p.text.len() {
            let end = trim_end(&p.text, start, p.text.len());
            if end > start {
                lines.push(self.make_line(&p, start, end, false));
            }
        }
        lines
    }

    /// The furthest hyphenation point in `[seg_start, seg_end)` such that the line from
    /// `line_start` plus a hyphen fits in `width`. `forced`: the word is wider than the line and must break,
    /// so a capitalised word ("Administrateur" opening a cell) is hyphenated too — an acronym never is.
    #[allow(clippy::too_many_arguments)]
    fn hyphen_point(
        &mut self,
        p: &Prepared,
        line_start: usize,
        seg_start: usize,
        seg_end: usize,
        width: f32,
        hyphen_w: &dyn Fn(Font) -> f32,
        forced: bool,
    ) -> Option<usize> {
        let dict = self.dict?;
        let seg = p.text.get(seg_start..seg_end)?;
        // Addresses, paths and identifiers are not words: look at the whole token.
        let token_start = p
            .text
            .get(..seg_start)
            .and_then(|t| t.rfind(char::is_whitespace))
            .map_or(0, |i| i + 1);
        let token_end = p
            .text
            .get(seg_end..)
            .and_then(|t| t.find(char::is_whitespace))
            .map_or(p.text.len(), |i| seg_end + i);
        let token = p.text.get(token_start..token_end).unwrap_or(seg);
        // The author placed the breaks: only those (made breaks by UAX #14 already).
        if token.contains(SHY) || !hyphenable(token) {
            return None;
        }
        let mut best = None;
        for (run_start, run) in letter_runs(seg) {
            let abs = seg_start + run_start;
            let font = p.font_at(abs);
            let capital = run.starts_with(char::is_uppercase);
            let acronym = run.chars().filter(|c| c.is_uppercase()).count() > 1;
            let shortest = if forced { FORCED_MIN_WORD } else { MIN_WORD };
            if font == Font::Mono
                || run.chars().count() < shortest
                || capital && (!forced || acronym)
            {
                continue;
            }
            // The patterns are for lower case; same byte offsets, or the word is left alone.
            let lower = run.to_lowercase();
            if lower.len() != run.len() {
                continue;
            }
            let breaks = match self.cache.get(&lower) {
                Some(b) => b.clone(),
                None => {
                    let b = dict.hyphenate(&lower).breaks;
                    self.cache.insert(lower, b.clone());
                    b
                }
            };
            for b in breaks {
                let h = abs + b;
                if p.width(line_start..h) + hyphen_w(p.font_at(h.saturating_sub(1))) <= width {
                    best = Some(h);
                }
            }
        }
        best
    }

    fn make_line(&self, p: &Prepared, start: usize, end: usize, hyphen: bool) -> Line {
        let mut runs = Vec::new();
        for (r, font, link) in &p.spans {
            let s = r.start.max(start);
            let e = r.end.min(end);
            if s >= e {
                continue;
            }
            let Some(text) = p.text.get(s..e) else {
                continue;
            };
            runs.push(Run {
                font: *font,
                text: text.to_string(),
                x: p.width(start..s),
                width: p.width(s..e),
                link: *link,
            });
        }
        let mut width = p.width(start..end);
        // A line that began after a forced break may carry the break's newline; soft hyphens are
        // drawn only where a line ends (below), never inside it.
        for run in &mut runs {
            if run.text.contains(['\n', SHY]) {
                run.text = run.text.replace(['\n', SHY], "");
            }
        }
        if let Some(last) = runs.last_mut() {
            if hyphen {
                let c = self.hyphen_char(last.font);
                let w = self
                    .fonts
                    .width(last.font, p.size, c.encode_utf8(&mut [0; 4]));
                last.text.push(c);
                last.width += w;
                width += w;
            } else if p
                .text
                .get(end..)
                .is_some_and(|t| t.starts_with(char::is_whitespace))
            {
                // The space the line ends at, kept (invisible, not counted) so that text read back
                // from the PDF — copied, or by a screen reader through the structure — keeps its words apart.
                last.text.push(' ');
            }
        }
        Line { runs, width }
    }
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let Some(s) = text.get(start..end) else {
        return end;
    };
    start + s.trim_end_matches(is_trailing_space).len()
}

/// Whether byte `at` of `text` falls between two letters (a cut there needs a hyphen).
fn between_letters(text: &str, at: usize) -> bool {
    let before = text.get(..at).and_then(|t| t.chars().next_back());
    let after = text.get(at..).and_then(|t| t.chars().next());
    before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
}

fn emergency_cut(p: &Prepared, start: usize, end: usize, width: f32) -> usize {
    let mut cut = start;
    let Some(s) = p.text.get(start..end) else {
        return end;
    };
    for (i, c) in s.char_indices() {
        let next = start + i + c.len_utf8();
        if p.width(start..next) > width && cut > start {
            break;
        }
        cut = next;
    }
    cut.max(start + s.chars().next().map_or(1, char::len_utf8))
}

/// Where to cut an e-mail address or a URL that is wider than the whole line, when `cut` falls inside one: just
/// before its last hyphen on the line (the hyphen then opens the next line and cannot be taken for a word
/// break), else at `cut` — never with a hyphen of our own, which would be copied as part of the address.
fn address_cut(text: &str, start: usize, cut: usize) -> Option<usize> {
    let r = address_tokens(text)
        .into_iter()
        .find(|r| r.start < cut && cut < r.end)?;
    let first = start.max(r.start);
    let from = first + text.get(first..)?.chars().next().map_or(1, char::len_utf8);
    let before_hyphen = text
        .get(from..cut)?
        .char_indices()
        .rev()
        .find(|&(_, c)| c == '-')
        .map(|(i, _)| from + i);
    Some(before_hyphen.unwrap_or(cut))
}

/// Maximal runs of letters in `s`, with their byte offsets.
fn letter_runs(s: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut begin = None;
    for (i, c) in s.char_indices() {
        match (c.is_alphabetic(), begin) {
            (true, None) => begin = Some(i),
            (false, Some(b)) => {
                if let Some(run) = s.get(b..i) {
                    runs.push((b, run));
                }
                begin = None;
            }
            _ => {}
        }
    }
    if let Some(b) = begin
        && let Some(run) = s.get(b..)
    {
        runs.push((b, run));
    }
    runs
}

/// Whether a whitespace-delimited token may be hyphenated by the patterns: not an identifier,
/// a number, a compound already broken at its own hyphen, an address or a path.
fn hyphenable(token: &str) -> bool {
    let core = token.trim_matches(|c: char| !c.is_alphanumeric());
    !core.contains(['/', '@', '_', '\\', '=', '-', '\u{2011}', '.', ':'])
        && !core.contains(|c: char| c.is_ascii_digit())
}

/// The soft hyphen: an optional break the author placed, drawn as a hyphen only at a line's end.
const SHY: char = '\u{AD}';

/// At most this many hyphenated lines in a row.
const MAX_HYPHENATED: usize = 2;

/// Break opportunities of `text`: UAX #14, then the binder's own rules (see the module).
pub(crate) fn opportunities(text: &str) -> Vec<(usize, BreakOpportunity)> {
    opportunities_with(text, |_, _| true)
}

/// [`opportunities`] of text set in several runs: `one_run(a, b)` says whether the bytes `a` and `b` belong to
/// the same run (face and link). A number written in groups is one word only within its run.
fn opportunities_with(
    text: &str,
    one_run: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, BreakOpportunity)> {
    let mut ops: Vec<(usize, BreakOpportunity)> = linebreaks(text)
        .filter(|&(pos, kind)| kind == BreakOpportunity::Mandatory || !glued(text, pos, &one_run))
        .collect();
    let addresses = address_tokens(text);
    if addresses.is_empty() {
        return ops;
    }
    ops.retain(|&(pos, _)| !addresses.iter().any(|r| r.start < pos && pos < r.end));
    for r in addresses {
        let Some(token) = text.get(r.clone()) else {
            continue;
        };
        // An e-mail address is copied by hand: a break at its own hyphen would read as part of it. A
        // URL's path may also break after a hyphen, rather than be cut mid-word.
        let url = !token.contains('@');
        for (i, c) in token.char_indices() {
            let after = r.start + i + c.len_utf8();
            let next = text.get(after..).and_then(|t| t.chars().next());
            let point = matches!(c, '@' | '.' | '/') || (url && c == '-');
            if point && after < r.end && next.is_some_and(char::is_alphanumeric) {
                ops.push((after, BreakOpportunity::Allowed));
            }
        }
    }
    ops.sort_unstable_by_key(|&(pos, _)| pos);
    ops.dedup_by_key(|&mut (pos, _)| pos);
    ops
}

/// Whether the break at `pos` (after spaces) would split a number written in groups or an acronym
/// from its number (the token before is a number or an acronym, the one after a number), or a
/// guillemet or a colon from its word. A number is glued to the token before it only when both are in one run
/// (`one_run`, see [`opportunities_with`]).
fn glued(text: &str, pos: usize, one_run: &impl Fn(usize, usize) -> bool) -> bool {
    let (Some(before), Some(after)) = (text.get(..pos), text.get(pos..)) else {
        return false;
    };
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return false;
    }
    // Most words start with a letter: then only a guillemet before can glue.
    if !after
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '»' | ':' | ';' | '!' | '?' | '('))
    {
        return trimmed.ends_with('«');
    }
    let next = after.split(char::is_whitespace).next().unwrap_or("");
    // French guillemets and high punctuation hold to their word even when typed with a plain space. (The
    // word before ends with « exactly when `trimmed` does.)
    if trimmed.ends_with('«') || next.starts_with(['»', ':', ';', '!', '?']) {
        return true;
    }
    let next_number = next
        .trim_start_matches('(')
        .starts_with(|c: char| c.is_ascii_digit());
    if !next_number {
        return false;
    }
    let prev = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    let number = |t: &str| {
        let t = t.trim_start_matches(['+', '(']);
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '(' | ')' | '.'))
    };
    // "l’ISO 27001": the acronym is what follows the elision.
    let word = prev.rsplit(['’', '\'']).next().unwrap_or(prev);
    let acronym = word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-');
    let last = trimmed.char_indices().next_back().map_or(0, |(i, _)| i);
    (number(prev) || acronym) && one_run(last, pos)
}

/// Byte ranges of the e-mail addresses and URLs of `text` (whitespace-delimited tokens).
fn address_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Most texts hold no address: skip the walk over their characters.
    if !(text.contains('@') || text.contains("://") || text.contains("www.")) {
        return out;
    }
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                start = None;
                let token = text.get(s..i).unwrap_or("");
                let token = token.trim_end_matches(['.', ',', ';', ':', ')', '»']);
                if token.contains('@') || token.contains("://") || token.starts_with("www.") {
                    out.push(s..s + token.len());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::fonts;

    fn pieces(text: &str) -> Vec<Piece> {
        vec![Piece {
            text: text.into(),
            font: Font::Regular,
            link: None,
        }]
    }

    fn lines(text: &str, width: f32) -> Vec<String> {
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        b.break_lines(&pieces(text), 10.0, width)
            .iter()
            .map(Line::text)
            .collect()
    }

    #[test]
    fn prepared_text_is_what_the_faces_draw_and_widths_add_up() {
        let fonts = fonts().unwrap();
        let b = Breaker::new(fonts, Lang::French);
        // Drawn as they are, replaced (a narrow no-break space, a non-breaking hyphen, a ballot box, a check
        // mark, a zero-width space), a soft hyphen and a newline kept at zero width, in two faces.
        let input = [
            (
                "Case\u{202F}: a\u{2011}b \u{2610} \u{2713}\u{200B}x",
                Font::Regular,
            ),
            ("intro\u{AD}duction\nsuite éàç", Font::Bold),
        ];
        let pieces: Vec<Piece> = input
            .iter()
            .map(|&(text, font)| Piece {
                text: text.into(),
                font,
                link: None,
            })
            .collect();
        let p = b.prepare(&pieces, 10.0);
        let mut expected = String::new();
        let mut width = 0.0f32;
        for (text, font) in input {
            for (k, part) in text.split('\n').enumerate() {
                if k > 0 {
                    expected.push('\n');
                }
                for (j, word) in part.split(SHY).enumerate() {
                    if j > 0 {
                        expected.push(SHY);
                    }
                    let drawn = fonts.drawable(font, word);
                    width += fonts.width(font, 10.0 * font.scale(), &drawn);
                    expected.push_str(&drawn);
                }
            }
        }
        assert_eq!(p.text, expected);
        assert_eq!(p.prefix.len(), p.text.len() + 1);
        let total = p.prefix.last().copied().unwrap_or(0.0);
        assert!((total - width).abs() < 0.01, "{total} != {width}");
        // Every byte of a character carries the advance at its end.
        for (i, c) in p.text.char_indices() {
            let end = p.prefix[i + c.len_utf8()];
            assert!(p.prefix[i + 1..=i + c.len_utf8()].iter().all(|&w| w == end));
        }
    }

    #[test]
    fn never_breaks_at_no_break_spaces() {
        let text =
            "Il dit\u{A0}: «\u{A0}Le plan\u{A0}» puis «\u{A0}contacts\u{A0}»\u{202F}; enfin\u{A0}!";
        for width in [70.0, 80.0, 90.0, 100.0, 120.0, 150.0, 200.0] {
            for line in lines(text, width) {
                assert!(
                    !line.starts_with('\u{A0}') && !line.starts_with('»'),
                    "{line:?}"
                );
                assert!(!line.starts_with(';') && !line.starts_with('!') && !line.starts_with(':'));
                assert!(!line.ends_with('«'), "{line:?} at {width}");
            }
        }
    }

    #[test]
    fn hyphenates_french_words_on_letters_only() {
        let ls = lines("anticonstitutionnellement", 60.0);
        assert!(ls.len() >= 2, "{ls:?}");
        assert!(ls[0].ends_with('-'), "{ls:?}");
        assert_eq!(ls.concat().replace('-', ""), "anticonstitutionnellement");
        let fonts = fonts().unwrap();
        let dict = dictionary(Lang::French).unwrap();
        let word = dict.hyphenate("anticonstitutionnellement");
        let parts: Vec<&str> = word.into_iter().segments().collect();
        assert_eq!(parts.concat(), "anticonstitutionnellement");
        assert!(parts.len() >= 6, "{parts:?}");
        // Punctuation never reaches the patterns.
        let ls = lines("La préfecture, saisie.", 48.0);
        assert!(ls.iter().all(|l| !l.contains("-,")), "{ls:?}");
        let _ = fonts;
    }

    #[test]
    fn lines_fit_and_keep_all_words() {
        let text = "Le centre hospitalier déclenche le plan blanc numérique\u{A0}: la cellule de crise \
                    se réunit, déconnecte les applications exposées et prévient l’ARS.";
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        let ls = b.break_lines(&pieces(text), 10.0, 120.0);
        for l in &ls {
            assert!(l.width <= 120.0 + 0.01, "{} is {}", l.text(), l.width);
        }
        let joined: String = ls
            .iter()
            .map(|l| l.text().trim_end_matches('-').to_string())
            .collect();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&joined), squeeze(text));
    }

    #[test]
    fn forced_breaks_and_styles() {
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        let ps = vec![
            Piece {
                text: "Appeler le ".into(),
                font: Font::Regular,
                link: None,
            },
            Piece {
                text: "15".into(),
                font: Font::Bold,
                link: Some(3),
            },
            Piece {
                text: "\n".into(),
                font: Font::Regular,
                link: None,
            },
            Piece {
                text: "puis".into(),
                font: Font::Italic,
                link: None,
            },
        ];
        let ls = b.break_lines(&ps, 10.0, 400.0);
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].text(), "Appeler le 15");
        assert_eq!(ls[0].runs[1].font, Font::Bold);
        assert_eq!(ls[0].runs[1].link, Some(3));
        let x = fonts.width(Font::Regular, 10.0, "Appeler le ");
        assert!((ls[0].runs[1].x - x).abs() < 1e-3);
        assert_eq!(ls[1].text(), "puis");
    }

    #[test]
    fn overlong_words_are_cut() {
        let ls = lines(
            "https://exemple.invalid/un/chemin/tres/long/sans/espace/aucun",
            50.0,
        );
        assert!(ls.len() > 2);
        assert_eq!(
            ls.concat(),
            "https://exemple.invalid/un/chemin/tres/long/sans/espace/aucun"
        );
    }

    /// Every width from 100 pt (the widest number of the tests fits) to 400 pt: `text` broken into lines,
    /// inserted hyphens shown as `-`.
    fn every_width(text: &str) -> Vec<Vec<String>> {
        (100..400)
            .step_by(3)
            .map(|w| lines(text, w as f32))
            .collect()
    }

    /// As `every_width`, the inserted hyphens kept as soft hyphens (told apart from the text's own).
    fn every_width_raw(text: &str) -> Vec<Vec<String>> {
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        (60..400)
            .step_by(3)
            .map(|w| {
                b.break_lines(&pieces(text), 10.0, w as f32)
                    .iter()
                    .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect::<String>())
                    .map(|t| t.trim_end().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn numbers_and_acronyms_stay_whole() {
        let text = "Appeler le CERT Santé au 01 00 00 90 01, ou le +33 6 00 00 10 01 (astreinte), \
                    puis notifier au titre de NIS 2 et de l’ISO 27001 les 10 000 dossiers.";
        for ls in every_width(text) {
            let joined = ls.join("\n");
            for whole in [
                "01 00 00 90 01",
                "+33 6 00 00 10 01",
                "NIS 2",
                "ISO 27001",
                "10 000",
            ] {
                assert!(joined.contains(whole), "{whole:?} broken: {ls:?}");
            }
        }
    }

    #[test]
    fn a_name_ending_in_a_number_parts_from_the_phone_number_after_it() {
        // "Personne 11" (a link to the directory) then its number in bold: two runs, so the number is never glued
        // to the name's "11" and cut inside when the pair does not fit a narrow column.
        let run = |text: &str, font, link| Piece {
            text: text.into(),
            font,
            link,
        };
        let input = [
            run("Personne 11", Font::Regular, Some(0)),
            run(" ", Font::Regular, None),
            run("06 10 00 00 11", Font::Bold, None),
        ];
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        let whole = b.break_lines(&input, 10.0, 1000.0)[0].width;
        for w in (70..whole.ceil() as usize).step_by(2) {
            let ls: Vec<String> = b
                .break_lines(&input, 10.0, w as f32)
                .iter()
                .map(Line::text)
                .collect();
            assert!(ls.contains(&"06 10 00 00 11".to_string()), "{ls:?} at {w}");
        }
        // Within one run, a number after a number is still one word ("10 000").
        assert!(
            every_width("les 10 000 dossiers")
                .iter()
                .all(|ls| ls.iter().any(|l| l.contains("10 000")))
        );
    }

    #[test]
    fn an_address_wider_than_the_line_is_cut_before_a_hyphen_never_with_one() {
        // "delatourdauvergne-montmorency@" cannot fit 120 pt: it is cut before its hyphen, and no hyphen is added.
        let mail = "marie-christine.delatourdauvergne-montmorency@centre-hospitalier-intercommunal-montval.fr";
        for w in [100.0, 120.0, 140.0] {
            let ls = lines(mail, w);
            assert_eq!(ls.concat(), mail, "{ls:?} at {w}");
            assert!(ls.iter().all(|l| !l.ends_with('-')), "{ls:?} at {w}");
        }
        assert!(lines(mail, 120.0).contains(&"-montmorency@".to_string()));
    }

    #[test]
    fn addresses_break_only_after_at_or_a_dot() {
        let email = "Écrire à jean-luc.fontaine@ch-val-exemple.fr très vite.";
        for ls in every_width(email) {
            assert!(
                ls.iter().all(|l| !l.ends_with('-')),
                "e-mail broken at a hyphen: {ls:?}"
            );
            assert!(
                ls.concat().contains("jean-luc.fontaine@ch-val-exemple.fr"),
                "{ls:?}"
            );
        }
        let url = "Voir https://www.ch-val-exemple.fr/plan-blanc aujourd’hui.";
        for ls in every_width(url) {
            assert!(
                ls.concat()
                    .contains("https://www.ch-val-exemple.fr/plan-blanc"),
                "{ls:?}"
            );
        }
        // Where the e-mail address may break: after its `@` and its dots only.
        let text = "jean-luc.fontaine@ch-val-exemple.fr";
        let points: Vec<usize> = opportunities(text).iter().map(|&(p, _)| p).collect();
        assert_eq!(points, [9, 18, 33, text.len()], "{points:?}");
    }

    #[test]
    fn names_and_identifiers_are_never_hyphenated() {
        let text = "Madame Fontaine-Delacroix, Monsieur Rochefoucauld et Mme Vandenberghe appliquent \
                    reflexe-premiers-gestes, SIH2026 et APPLICATIONS anticonstitutionnellement.";
        let fonts = fonts().unwrap();
        let words: Vec<&str> = text.split(' ').collect();
        let mut hyphenated = 0;
        for (ls, width) in every_width_raw(text).into_iter().zip((60..400).step_by(3)) {
            for l in ls.iter().filter(|l| l.ends_with(SHY)) {
                hyphenated += 1;
                let last = l.rsplit(' ').next().unwrap_or("");
                // A word wider than the whole line must break (with a hyphen): only that one.
                let stem = last.trim_end_matches(SHY);
                let word = words.iter().find(|w| w.contains(stem)).unwrap();
                let word = word.trim_end_matches([',', '.']);
                if fonts.width(Font::Regular, 10.0, word) > width as f32 {
                    continue;
                }
                assert!(
                    !last.starts_with(char::is_uppercase) && !last.contains(char::is_numeric),
                    "{last:?} hyphenated at {width} pt: {ls:?}"
                );
                assert!(!last.contains('-'), "{ls:?}");
            }
        }
        // The words of the text that may be hyphenated ("appliquent") were, at some width.
        assert!(hyphenated > 0);
    }

    #[test]
    fn a_word_wider_than_the_line_breaks_with_a_hyphen_and_a_short_word_never() {
        let fonts = fonts().unwrap();
        let mut b = Breaker::new(fonts, Lang::French);
        for width in [30.0, 40.0, 50.0, 60.0] {
            let ls = b.break_lines(&pieces("Administrateur de garde"), 10.0, width);
            let texts: Vec<String> = ls
                .iter()
                .map(|l| l.runs.iter().map(|r| r.text.as_str()).collect())
                .collect();
            assert_eq!(texts.concat().replace(SHY, ""), "Administrateur de garde");
            // A line ends at a space or with a hyphen: the cut word never reads as two words.
            for t in &texts[..texts.len() - 1] {
                assert!(t.ends_with([' ', SHY]), "{width} pt: {texts:?}");
            }
        }
        // A wide enough line takes the word at its pattern point, not any letter.
        let ls = b.break_lines(&pieces("Administrateur"), 10.0, 55.0);
        let first = ls[0].runs[0].text.trim_end_matches(SHY).to_string();
        assert!(
            ["Admi", "Adminis", "Administra"].contains(&first.as_str()),
            "{first}"
        );
        // "delay" is short: it goes to the next line whole.
        let mut en = Breaker::new(fonts, Lang::English);
        for width in (60..200).step_by(2) {
            for l in en.break_lines(
                &pieces("Report it without delay to the agency."),
                10.0,
                width as f32,
            ) {
                assert!(!l.text().ends_with("de-"), "{width}: {}", l.text());
            }
        }
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks_of_their_word() {
        let text = "la dé\u{AD}contamination anticonstitutionnellement";
        for ls in every_width(text) {
            assert!(ls.iter().all(|l| !l.contains('\u{AD}')), "{ls:?}");
            for l in ls.iter().filter(|l| l.ends_with('-')) {
                let last = l.rsplit(' ').next().unwrap_or("").trim_end_matches('-');
                assert!(
                    last == "dé" || "anticonstitutionnellement".starts_with(last),
                    "{ls:?}"
                );
            }
            assert_eq!(
                ls.concat().replace(['-', ' '], ""),
                text.replace(['\u{AD}', ' '], "")
            );
        }
        assert_eq!(
            lines(text, 70.0)[..2],
            ["la dé-".to_string(), "contamination".to_string()]
        );
    }

    #[test]
    fn at_most_two_hyphenated_lines_in_a_row() {
        let text = ["anticonstitutionnellement"; 12].join(" ");
        for ls in every_width(&text) {
            let mut run = 0;
            for l in &ls {
                run = if l.ends_with('-') { run + 1 } else { 0 };
                assert!(run <= 2, "{ls:?}");
            }
        }
    }
}
