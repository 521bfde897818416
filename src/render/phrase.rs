//! How a `{{…}}` reference reads inside the author's sentence, so that the printed text never says the same
//! thing twice: whether the words just before already name what the reference cites ("appeler le CERT Santé
//! ({{contact:cert-sante}})"), whether the reference sits alone in parentheses (a gloss of the words before
//! it), and whether it starts a sentence (a title keeps its capital) or runs inside one (it does not).

/// The source text on both sides of one reference.
#[derive(Clone, Copy, Debug)]
pub struct Around<'t> {
    pub before: &'t str,
    pub after: &'t str,
}

impl<'t> Around<'t> {
    /// The reference is the whole content of a pair of parentheses: `(… {{role:x}})` is not enough, `({{role:x}})` is.
    pub fn in_parens(&self) -> bool {
        self.before.trim_end().ends_with('(') && self.after.trim_start().starts_with(')')
    }

    /// The words of the current clause before the reference: since the last sentence end or `;`, a blank line
    /// or a list item. A single line break is only where a YAML block scalar wrapped the sentence.
    fn clause(&self) -> &'t str {
        let b = self.before;
        let end = b.rfind(['.', '!', '?', ';']).map_or(0, |i| i + 1);
        let mut cut = end;
        for (i, _) in b.match_indices('\n').filter(|(i, _)| *i >= end) {
            let next = b[i + 1..].trim_start_matches([' ', '\t']);
            let blank_before = b[..i].trim_end_matches([' ', '\t']).ends_with('\n') || i == 0;
            let item = next.starts_with(['-', '*', '+', '#', '>', '|'])
                || next
                    .split_once(['.', ')'])
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if blank_before || item {
                cut = i + 1;
            }
        }
        &b[cut..]
    }

    /// The word just before the reference is a French article or preposition that a common noun follows
    /// ("dans le {{application:x}}", "de la {{application:x}}").
    pub fn after_determiner(&self) -> bool {
        let w = self
            .before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        matches!(
            w.as_str(),
            "le" | "la"
                | "les"
                | "du"
                | "des"
                | "au"
                | "aux"
                | "de"
                | "un"
                | "une"
                | "son"
                | "sa"
                | "ses"
                | "leur"
                | "notre"
                | "votre"
                | "ce"
                | "cet"
                | "cette"
        ) || w.ends_with(['\'', '’']) && w.chars().count() == 2
    }

    /// Nothing but markup before the reference in its sentence: a title there keeps its capital.
    pub fn starts_sentence(&self) -> bool {
        self.clause().chars().all(|c| {
            c.is_whitespace() || matches!(c, '-' | '*' | '+' | '>' | '#' | '_' | '(' | '"')
        })
    }

    /// The words before the reference already name `name` (whole words, case, accents of case and
    /// apostrophes aside).
    pub fn names(&self, name: &str) -> bool {
        let needle = normalize(name);
        if needle.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return false;
        }
        contains_words(&normalize(self.clause()), &needle)
    }

    /// The words just before the reference (two at least) are how `name` begins: "le biologiste de garde
    /// ({{role:biologiste}})" when the holder is "Biologiste de garde du laboratoire commun".
    pub fn echoes(&self, name: &str) -> bool {
        // One word is enough when it is an acronym ("au SAMU ({{contact:samu}})" for "SAMU de Val-Exemple").
        let from = if name
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().count() >= 3 && w.chars().all(|c| c.is_uppercase()))
        {
            1
        } else {
            2
        };
        let name = normalize(name);
        let head: Vec<&str> = name.split(' ').collect();
        let tail = self.before.trim_end().trim_end_matches('(').trim_end();
        // Only the last words of what comes before can echo the name: normalise those, not the whole text.
        let mut said: Vec<String> = tail
            .split(char::is_whitespace)
            .rev()
            .map(normalize)
            .filter(|w| !w.is_empty())
            .take(head.len())
            .map(|w| strip_elision(&w).to_string())
            .collect();
        said.reverse();
        if said.is_empty() {
            said.push(String::new());
        }
        (from..=head.len().min(said.len())).any(|k| {
            let last = &said[said.len() - k..];
            last.iter().zip(&head[..k]).all(|(a, b)| a == b)
        })
    }

    /// The whole sentence the reference sits in: its clause before, and the words after up to the sentence's end.
    pub fn sentence(&self) -> String {
        let end = self
            .after
            .find(['.', '!', '?', ';', '\n'])
            .unwrap_or(self.after.len());
        format!("{} {}", self.clause(), &self.after[..end])
    }

    /// The reference follows a colon ("Prévenir l'administrateur de garde : {{role:…}}"): what it adds is
    /// already set apart, no parenthesis.
    pub fn after_colon(&self) -> bool {
        self.before
            .trim_end_matches([' ', '\u{a0}', '\u{202f}'])
            .ends_with(':')
    }

    /// Whether the author opened a quotation just before (`« {{fragment:x}} »`).
    pub fn quoted(&self) -> bool {
        self.before
            .trim_end_matches(['\u{a0}', '\u{202f}', ' '])
            .ends_with(['«', '"', '“', '‘'])
    }
}

/// The forms under which a text may name a title: the whole title, the title without a trailing
/// parenthesis, and an acronym given in that parenthesis (`Directeur des systèmes d'information (DSI)`).
pub fn name_forms(title: &str) -> Vec<&str> {
    let t = title.trim();
    let mut v = vec![t];
    if let Some((head, tail)) = t.split_once(" (") {
        v.push(head.trim());
        let inner = tail.trim_end_matches(')').trim();
        if inner.len() >= 2
            && inner
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            v.push(inner);
        }
    }
    if let Some((head, _)) = t.split_once(" — ") {
        v.push(head.trim());
    }
    v
}

/// A title without its trailing parenthesis ("Pharmacien (pharmacie à usage intérieur)" → "Pharmacien"), unless
/// that parenthesis is an acronym the text needs ("Directeur des systèmes d'information (DSI)" is kept whole
/// only at a sentence start; inside one, "directeur des systèmes d'information").
pub fn without_gloss(title: &str) -> &str {
    match title.trim().split_once(" (") {
        Some((head, _)) if title.trim_end().ends_with(')') && !head.trim().is_empty() => {
            head.trim()
        }
        _ => title,
    }
}

/// How a holder is listed beside its role's title (cell table, role cards) when its name repeats that title:
/// what its name adds ("Administrateur de garde (téléphone de garde)" under "Administrateur de garde" →
/// "Téléphone de garde"), or an empty string when nothing. `None` when the name does not repeat the title.
pub fn beside_role(name: &str, role_title: &str) -> Option<String> {
    if !same_name(name, role_title) {
        return None;
    }
    let rest = name
        .split_once(" (")
        .map(|(_, r)| r.trim_end_matches(')').trim())
        .or_else(|| name.split_once(" — ").map(|(_, r)| r.trim()))
        .unwrap_or("");
    let mut c = rest.chars();
    Some(match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    })
}

/// Lines a sentence can ask for by name ("appeler le régulateur du {{contact:samu}} sur sa ligne directe"):
/// the channel whose `label` contains the words is the one to print there, not the contact's first number.
pub const ASKED_LINES: [&str; 5] = [
    "ligne directe",
    "direct line",
    "ligne de régulation",
    "ligne d'urgence",
    "emergency line",
];

/// The line a sentence asks for ([`ASKED_LINES`]), if any.
pub fn asked_line(sentence: &str) -> Option<&'static str> {
    let s = normalize(sentence);
    ASKED_LINES.into_iter().find(|l| contains_words(&s, l))
}

/// Whether a channel's `label` names the line `asked` ("Ligne directe du médecin régulateur").
pub fn label_names(label: &str, asked: &str) -> bool {
    contains_words(&normalize(label), asked)
}

/// A contact's name that already spells the number it is called on ("SAMU — centre 15" for `15`): the
/// number is printed once, inside the name.
pub fn name_spells(name: &str, number: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let n = digits(number);
    !n.is_empty()
        && name
            .split(|c: char| !c.is_ascii_digit() && c != ' ' && c != '.')
            .any(|part| digits(part) == n && part.trim().chars().any(|c| c.is_ascii_digit()))
}

/// A directory entry's organisation without what the entry already says: the parts (between ` — `) that
/// its name contains or that are one of its roles' titles. `None` when nothing is left.
pub fn org_rest(name: &str, org: &str, role_titles: &[&str]) -> Option<String> {
    let said = normalize(name);
    let rest: Vec<&str> = org
        .split(" — ")
        .map(str::trim)
        .filter(|part| {
            let p = normalize(part);
            !p.is_empty()
                && !contains_words(&said, &p)
                && !role_titles.iter().any(|r| normalize(r) == p)
        })
        .collect();
    (!rest.is_empty()).then(|| rest.join(" — "))
}

/// Whether a contact's name is its role's title (a duty phone named after the role it answers for).
pub fn same_name(contact: &str, role_title: &str) -> bool {
    let forms = name_forms(role_title);
    name_forms(contact)
        .into_iter()
        .any(|c| forms.iter().any(|r| normalize(c) == normalize(r)))
}

/// A title as a common noun inside a sentence: first letter in lower case, unless the first word is an
/// acronym or a proper noun in capitals (`RSSI`, `CERT Santé`) or the title starts with a digit.
pub fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return title.to_string();
    };
    let acronym = second.is_some_and(|c| c.is_uppercase());
    if !first.is_uppercase() || acronym {
        return title.to_string();
    }
    first.to_lowercase().chain(title.chars().skip(1)).collect()
}

/// Lower case, typographic apostrophes and spaces made plain, emphasis markers dropped, whitespace collapsed.
fn normalize(s: &str) -> String {
    // One pass, one allocation: every reference of the plan compares a few of these.
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        let c = match c {
            '*' | '_' | '`' => continue,
            '’' | 'ʼ' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `astreinte` for `l'astreinte`: French elided articles and prepositions are not part of a name.
fn strip_elision(w: &str) -> &str {
    ["l'", "d'", "qu'", "n'", "s'", "j'"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w)
}

/// `needle` occurs in `hay` on word boundaries (`l'astreinte informatique` contains `astreinte informatique`).
fn contains_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_lowers_plains_and_collapses_in_one_pass() {
        // The two-pass form it replaced, as the reference.
        let reference = |s: &str| {
            let mapped: String = s
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '`'))
                .map(|c| match c {
                    '’' | 'ʼ' => '\'',
                    '\u{a0}' | '\u{202f}' => ' ',
                    c => c,
                })
                .flat_map(char::to_lowercase)
                .collect();
            mapped.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for s in [
            "",
            "   ",
            "  L’Astreinte  **informatique** ",
            "Cadre\u{a0}de\u{202f}santé\n\tÉQUIPE _x_ `code`",
            "İstanbul ÀÉ ß",
            "a * b",
        ] {
            assert_eq!(normalize(s), reference(s), "{s:?}");
        }
    }

    fn around<'t>(before: &'t str, after: &'t str) -> Around<'t> {
        Around { before, after }
    }

    #[test]
    fn a_clause_names_a_title_on_word_boundaries() {
        let a = around(
            "Alerter par téléphone l’astreinte  informatique (",
            ") puis",
        );
        assert!(a.in_parens());
        assert!(a.names("Astreinte informatique"));
        assert!(!a.names("Astreinte biomédicale"));
        assert!(!a.names("informatique (SI)"));
        // The clause stops at the sentence before.
        assert!(!around("Le CERT Santé répond. Appeler ", "").names("CERT Santé"));
        assert!(around("Appeler le **CERT Santé** ", "").names("CERT Santé"));
        assert!(!around("Appeler le (", " et lui").in_parens());
        // A line wrapped inside a sentence does not start a new one; a list item or a blank line does.
        assert!(!around("est revu avec le\n", "").starts_sentence());
        assert!(around("Fin\n\n", "").starts_sentence());
        assert!(around("Fin\n- ", "").starts_sentence());
        assert!(around("Fin\n2. ", "").starts_sentence());
        assert!(around("dans le ", "").after_determiner());
        assert!(around("coupure de l'", "").after_determiner());
        assert!(!around("Appeler ", "").after_determiner());
    }

    #[test]
    fn sentence_starts_and_quotes() {
        assert!(around("", "").starts_sentence());
        assert!(around("Fin. ", "").starts_sentence());
        assert!(around("- ", "").starts_sentence());
        assert!(!around("Chaque unité applique alors ", ".").starts_sentence());
        assert!(around("voir «\u{a0}", "").quoted());
        assert!(!around("voir ", "").quoted());
    }

    #[test]
    fn name_forms_and_same_name() {
        assert_eq!(
            name_forms("Directeur des systèmes d'information (DSI)"),
            [
                "Directeur des systèmes d'information (DSI)",
                "Directeur des systèmes d'information",
                "DSI"
            ]
        );
        assert!(same_name(
            "Astreinte informatique (téléphone d'astreinte)",
            "Astreinte informatique"
        ));
        assert!(!same_name("Aurélie Fontaine", "Astreinte informatique"));
    }

    #[test]
    fn echoes_and_names_beside_roles() {
        let a = around("Le biologiste de garde (", ") déclenche");
        assert!(a.echoes("Biologiste de garde du laboratoire commun"));
        assert!(around("appeler l’astreinte biomédicale (", ")").echoes("Astreinte biomédicale"));
        assert!(!a.echoes("Garde du laboratoire"));
        assert!(around("et au SAMU (", ")").echoes("SAMU de Val-Exemple"));
        assert!(!around("et au Samu (", ")").echoes("Samu de Val-Exemple"));
        assert!(!around("le cadre de garde (", ")").echoes("Cadre supérieur de santé de garde"));
        assert_eq!(
            beside_role(
                "Administrateur de garde (téléphone de garde)",
                "Administrateur de garde"
            )
            .as_deref(),
            Some("Téléphone de garde")
        );
        assert_eq!(
            beside_role("Astreinte biomédicale", "Astreinte biomédicale").as_deref(),
            Some("")
        );
        assert_eq!(
            beside_role("Sophie Renaud", "Administrateur de garde"),
            None
        );
        assert_eq!(
            org_rest(
                "Cuisine centrale du GHT Exemple",
                "GHT Exemple — unité centrale de production alimentaire",
                &[]
            )
            .as_deref(),
            Some("unité centrale de production alimentaire")
        );
        assert_eq!(
            org_rest(
                "CERT Santé (Agence du numérique en santé)",
                "Agence du numérique en santé",
                &[]
            ),
            None
        );
        assert_eq!(
            org_rest(
                "Standard du CH Val-Exemple",
                "CH Val-Exemple — standard et accueil",
                &["Standard et accueil"]
            ),
            None
        );
        assert_eq!(
            org_rest("Marc Delaunay", "CH Val-Exemple — directeur général", &[]).as_deref(),
            Some("CH Val-Exemple — directeur général")
        );
    }

    #[test]
    fn asked_lines_and_names_that_spell_their_number() {
        let a = around(
            "Appeler le médecin régulateur du ",
            " sur sa ligne directe. Puis le 18.",
        );
        assert_eq!(
            a.sentence().trim(),
            "Appeler le médecin régulateur du   sur sa ligne directe"
        );
        assert_eq!(asked_line(&a.sentence()), Some("ligne directe"));
        assert_eq!(
            asked_line("Appeler le SAMU. Sa ligne directe"),
            Some("ligne directe")
        );
        assert_eq!(
            asked_line(&around("Appeler le ", ". Sa ligne directe.").sentence()),
            None
        );
        assert!(label_names(
            "Ligne directe du médecin régulateur",
            "ligne directe"
        ));
        assert!(!label_names("Standard", "ligne directe"));
        assert!(name_spells("SAMU — centre 15", "15"));
        assert!(name_spells("Pompiers 18", "18"));
        assert!(!name_spells("SAMU — centre 15", "04 74 00 90 15"));
        assert!(!name_spells("Standard du CH", "04 74 00 10 00"));
        assert!(!name_spells("Centre 115", "15"));
    }

    #[test]
    fn lower_first_keeps_acronyms_and_proper_nouns() {
        assert_eq!(
            lower_first("Cadre d'une unité de soins"),
            "cadre d'une unité de soins"
        );
        assert_eq!(lower_first("Établissement du GHT"), "établissement du GHT");
        assert_eq!(lower_first("RSSI"), "RSSI");
        assert_eq!(lower_first("CERT Santé"), "CERT Santé");
        assert_eq!(lower_first("24 h"), "24 h");
        assert_eq!(lower_first(""), "");
        assert_eq!(
            without_gloss("Pharmacien (pharmacie à usage intérieur)"),
            "Pharmacien"
        );
        assert_eq!(
            without_gloss("Astreinte informatique"),
            "Astreinte informatique"
        );
        assert!(around("Prévenir l'administrateur de garde\u{a0}: ", "").after_colon());
        assert!(!around("Prévenir ", "").after_colon());
    }
}
