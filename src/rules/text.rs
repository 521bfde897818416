//! Text folding shared by the rules and by the placeholder search (`crate::placeholders`), in a file of its
//! own so that the placeholder search does not depend on the rule set that uses it.

/// Lower-case text without accents, for the few rules that look for words (`rançon`, `main courante`).
/// Use [`super::words`] and [`super::mentions`] to match whole words, never substrings (`pay` is not in
/// `pays`).
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\n' | '\t' | '\r' => ' ',
            c => crate::fold::unaccent(c),
        })
        .collect()
}

/// `text` with each ISO date (`2026-10-06`, not part of a longer number) written out in French (`6 octobre 2026`).
pub(crate) fn french_dates(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut i = 0;
    while i + 10 <= b.len() {
        let shape = (0..10).all(|k| {
            if k == 4 || k == 7 {
                b[i + k] == b'-'
            } else {
                b[i + k].is_ascii_digit()
            }
        });
        let joined = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
        let alone = (i == 0 || !joined(b[i - 1])) && b.get(i + 10).is_none_or(|&c| !joined(c));
        let date = (shape && alone)
            .then(|| text.get(i..i + 10))
            .flatten()
            .and_then(|s| s.parse::<chrono::NaiveDate>().ok());
        if let Some(d) = date {
            out.push_str(&text[from..i]);
            out.push_str(&crate::render::labels::Labels::get(crate::model::Lang::Fr).date_long(d));
            i += 10;
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates_are_written_out_in_french() {
        assert_eq!(
            super::french_dates("vérifié le 2026-10-06, puis le 2027-01-01."),
            "vérifié le 6\u{a0}octobre 2026, puis le 1er\u{a0}janvier 2027."
        );
        // Not a date: part of a longer number or identifier, or an impossible day.
        for kept in [
            "FINESS 12026-10-066",
            "ref-2026-10-06",
            "retex_2026-10-06.pdf",
            "crise2026-10-06",
            "2026-13-45",
            "2026-10-0",
        ] {
            assert_eq!(super::french_dates(kept), kept);
        }
    }
}
