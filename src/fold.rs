//! Letters folded for comparing French text: the rules' word search (`rules::text::fold`) and the role cards'
//! de-duplication (`render::pdf::cards`) fold accents the same way.

/// A lower-case letter without its accent (`é` → `e`, `ç` → `c`); any other character as it is.
pub(crate) fn unaccent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_accents_fold_and_nothing_else() {
        let folded: String = "àâäéèêëîïôöùûüç Ñ’".chars().map(super::unaccent).collect();
        assert_eq!(folded, "aaaeeeeiioouuuc Ñ’");
    }
}
