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
