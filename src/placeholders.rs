//! Values left to complete: what `pbn init` scaffolds (« À COMPLÉTER », example phone numbers such as
//! `+33 6 00 00 00 01`, the default FINESS `010000024`, the example procedure's sentences) and the national
//! contact slots the baseline leaves empty. `pbn validate` warns about each (PBN080, so `--deny-warnings`
//! fails a plan that still has one); the reviewer rule PLACEHOLDERS fails on them.
//!
//! Only what the establishment's own layers wrote is searched for markers: the baseline's texts are the
//! national content, not values to complete.
//!
//! Blanks in square brackets in a message or a form (`[date]`, `[heure]`, `[canal]`, `[a été / va être]`) are
//! not placeholders: they are filled by hand, on paper, when the message is sent, because they depend on the
//! event. They do not fail the review. A blank that stands for what the plan already knows — a phone number,
//! a name, the establishment's name, a contact (`[numéro]`, `[nom]`, `[Nom de l'établissement]`, `[contact
//! communication]`) — is different: the plan can print it, so [`known_blanks`] finds it and `pbn validate`
//! warns (PBN071) with the reference to write instead.

use crate::model::{Contact, Plan, Text};
use crate::rules::text::fold;
use crate::source::{Loc, SourceMap};

/// The FINESS number `pbn init` writes when none is given (`--finess`).
pub const INIT_FINESS: &str = "010000024";

/// Sentences of `pbn init`'s example procedure that stay placeholders even without their marker (folded).
pub const SCAFFOLD: [&str; 2] = [
    "qui declenche le mode degrade des urgences, et sur quel critere",
    "dossiers papier d'urgence, bons de demande d'examens, etiquettes",
];

/// One value left to complete.
#[derive(Clone, Debug, PartialEq)]
pub struct Placeholder {
    /// What holds it: `contact:rssi`, `establishment:finess_ej`, `procedure:urgences-mode-degrade`…
    pub subject: String,
    pub loc: Option<Loc>,
    /// What is left, in a few words (« « À COMPLÉTER : RSSI » », "the example number +33 6 00 00 00 03").
    pub what: String,
    /// The same in French (review letters).
    pub what_fr: String,
    /// A national contact slot of the baseline not completed (already PBN031 in `validate`).
    pub slot: bool,
}

/// Upper case kept, accents dropped: the markers are written in capitals on purpose.
fn unaccent(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'À' | 'Â' => 'A',
            'É' | 'È' | 'Ê' => 'E',
            'à' | 'â' => 'a',
            'é' | 'è' | 'ê' => 'e',
            c => c,
        })
        .collect()
}

/// A text that is, or carries, a marker of something to complete: « À COMPLÉTER » or "TO COMPLETE" in
/// capitals anywhere, `TODO` or `TBD` as a word, or « à compléter » as the whole value or in brackets.
pub fn is_marker_text(s: &str) -> bool {
    // Plain searches first: a 15 MB text must not be folded for nothing.
    let caps = s.contains("COMPL") || s.contains("TODO") || s.contains("TBD");
    if caps {
        let raw = unaccent(s);
        if ["A COMPLETER", "TO COMPLETE", "TO BE COMPLETED"]
            .iter()
            .any(|m| raw.contains(m))
            || raw
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "TODO" || w == "TBD")
        {
            return true;
        }
    }
    // A value to complete is short; long texts are the plan's own prose. Folding every text of a large plan
    // costs milliseconds: only a text with a word of the folded markers below is folded ("compl" of « à
    // compléter », "urgences" and "examens" of the scaffold's sentences — written without accents, any case).
    if s.len() > 2000 || !has_any_ascii_ci(s, &["compl", "urgences", "examens"]) {
        return false;
    }
    let f = fold(s);
    let t = f.trim();
    t.starts_with("a completer")
        || ["(a completer", "[a completer", "<a completer"]
            .iter()
            .any(|m| t.contains(m))
        || SCAFFOLD.iter().any(|m| t.contains(m))
}

/// Whether `s` contains one of the lower-case ASCII `words`, in any case: one pass over `s`, every text of the
/// plan goes through here.
fn has_any_ascii_ci(s: &str, words: &[&str]) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        let first = b[i].to_ascii_lowercase();
        words.iter().any(|w| {
            let w = w.as_bytes();
            w[0] == first && b.len() - i >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w)
        })
    })
}

/// An example phone number: after the leading `0X` (or `+33 X`), `000000` and two digits
/// (`+33 6 00 00 00 01`), or the sequence `12 34 56 78`.
pub fn is_example_phone(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.strip_prefix("33") {
        Some(rest) if s.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    };
    if national.len() != 10 || !national.starts_with('0') {
        return false;
    }
    let tail = &national[2..];
    tail.starts_with("000000") || tail == "12345678"
}

struct Finder<'a> {
    map: &'a SourceMap,
    out: Vec<Placeholder>,
}

impl Finder<'_> {
    /// A text of the establishment's own layers that is a marker.
    fn text(&mut self, subject: &str, t: &Text) {
        if self.map.layer_of(t.loc) > 0 && is_marker_text(&t.v) {
            self.out.push(Placeholder {
                subject: subject.to_string(),
                loc: Some(t.loc),
                what: format!("« {} »", short(&t.v)),
                what_fr: format!("« {} »", short(&t.v)),
                slot: false,
            });
        }
    }

    fn contact(&mut self, c: &Contact) {
        let subject = format!("contact:{}", c.id.v);
        if c.layer == 0 {
            if c.complete {
                self.out.push(Placeholder {
                    subject,
                    loc: None,
                    what: format!("the national slot `{}` ({})", c.id.v, c.name.v),
                    what_fr: format!("l'emplacement national `{}` ({})", c.id.v, c.name.v),
                    slot: true,
                });
            }
            return;
        }
        for t in [Some(&c.name), c.organization.as_ref(), c.notes.as_ref()]
            .into_iter()
            .flatten()
        {
            self.text(&subject, t);
        }
        for ch in &c.channels {
            if ch.kind.v.is_phone() && is_example_phone(&ch.value.v) {
                self.out.push(Placeholder {
                    subject: subject.clone(),
                    loc: Some(ch.value.loc),
                    what: format!("the example number {}", ch.value.v),
                    what_fr: format!("le numéro d'exemple {}", ch.value.v),
                    slot: false,
                });
            } else {
                self.text(&subject, &ch.value);
            }
        }
    }
}

/// The first 60 characters of a text, on one line.
fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one.chars().take(60).collect();
    if one.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Every value left to complete, in source order.
pub fn find(plan: &Plan, map: &SourceMap) -> Vec<Placeholder> {
    let mut f = Finder {
        map,
        out: Vec::new(),
    };
    let e = &plan.establishment;
    if let Some(n) = e.finess_ej.as_ref().filter(|n| n.v == INIT_FINESS) {
        f.out.push(Placeholder {
            subject: "establishment:finess_ej".into(),
            loc: Some(n.loc),
            what: format!("the example FINESS number {INIT_FINESS} that `pbn init` writes"),
            what_fr: format!("le numéro FINESS d'exemple {INIT_FINESS} écrit par `pbn init`"),
            slot: false,
        });
    }
    for (subject, t) in [
        ("establishment:name", &e.name),
        ("establishment:ght", &e.ght),
        ("establishment:ars", &e.ars),
        ("crisis-cell:room", &e.room),
        ("crisis-cell:fallback_room", &e.fallback_room),
        ("training", &e.training_plan),
    ] {
        if let Some(t) = t {
            f.text(subject, t);
        }
    }
    for c in &plan.contacts {
        f.contact(c);
    }
    for fr in plan.fragments.values() {
        let subject = format!("{}:{}", fr.kind.as_str(), fr.id.v);
        for t in fr.f.title.iter().chain(fr.f.texts()) {
            f.text(&subject, t);
        }
    }
    for x in &plan.exercises {
        if let Some(s) = &x.scenario {
            f.text(&format!("exercise:{}", x.id.v), s);
        }
    }
    let mut out = f.out;
    out.sort_by_key(|p| (p.loc.is_none(), p.loc));
    out.dedup_by(|a, b| a.loc.is_some() && a.loc == b.loc);
    out
}

/// A `[…]` blank of a message written by the establishment's layers that stands for what the plan knows, with
/// the reference to write instead. Blanks that depend on the event (`[date]`, `[heure]`…) are left alone.
pub struct KnownBlank<'a> {
    pub text: &'a Text,
    /// The blank as written, brackets included.
    pub blank: &'a str,
    pub instead: &'static str,
}

/// What a blank's words (folded) stand for, when the plan knows it.
fn blank_instead(inner: &str) -> Option<&'static str> {
    let w = fold(inner.trim());
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    match w {
        "nom de l'etablissement" | "etablissement" | "nom de l’etablissement" => {
            Some("{{establishment:name}}")
        }
        "numero" | "telephone" | "numero de telephone" | "nom" | "nom, telephone" => {
            Some("{{role:ID}} (the role's holders and their numbers) or {{contact:ID}}")
        }
        _ if w.starts_with("contact ") || w.starts_with("numero de l'astreinte") => {
            Some("{{role:ID}} or {{contact:ID}}")
        }
        _ => None,
    }
}

/// The known-data blanks of the messages that `own` (a text's file is the establishment's) says are the
/// establishment's.
pub fn known_blanks<'a>(plan: &'a Plan, own: impl Fn(&Text) -> bool) -> Vec<KnownBlank<'a>> {
    let mut out = Vec::new();
    for f in plan.of_kind(crate::model::Kind::Message) {
        for t in [&f.f.body, &f.f.summary].into_iter().flatten() {
            if !t.v.contains('[') || !own(t) {
                continue;
            }
            let mut rest = t.v.as_str();
            while let Some(open) = rest.find('[') {
                let Some(len) = rest[open..].find(']') else {
                    break;
                };
                let blank = &rest[open..open + len + 1];
                // `[text](#link)` is a markdown link, not a blank.
                let link = rest[open + len + 1..].starts_with('(');
                if let Some(instead) = blank_instead(&blank[1..blank.len() - 1]).filter(|_| !link) {
                    out.push(KnownBlank {
                        text: t,
                        blank,
                        instead,
                    });
                }
                rest = &rest[open + len + 1..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_found_in_any_case_anywhere() {
        let words = ["compl", "urgences"];
        assert!(has_any_ascii_ci("à COMPLéter", &words));
        assert!(has_any_ascii_ci("les Urgences", &words));
        assert!(has_any_ascii_ci("urgences", &words), "the whole text");
        assert!(
            !has_any_ascii_ci("urgence", &words),
            "a word cut by the end"
        );
        assert!(!has_any_ascii_ci("", &words));
        assert!(!has_any_ascii_ci("accueil des patients — é", &words));
    }

    #[test]
    fn blanks_the_plan_knows_are_told_from_blanks_of_the_event() {
        for known in [
            "numéro",
            "Nom de l'établissement",
            "nom",
            "contact communication",
            "téléphone",
        ] {
            assert!(blank_instead(known).is_some(), "{known}");
        }
        for event in [
            "date",
            "heure",
            "canal",
            "a été / va être",
            "numéro de pont",
            "horaires",
        ] {
            assert!(blank_instead(event).is_none(), "{event}");
        }
    }

    #[test]
    fn markers() {
        for yes in [
            "À COMPLÉTER",
            "À COMPLÉTER : RSSI",
            "Centre hospitalier (à compléter)",
            "à compléter",
            "Salle TODO",
            "TO COMPLETE: room",
            "À COMPLÉTER : qui déclenche le mode dégradé des urgences, et sur quel critère.",
            "Qui déclenche le mode dégradé des urgences, et sur quel critère ?",
            "DOSSIERS PAPIER D'URGENCE, BONS DE DEMANDE D'EXAMENS, ÉTIQUETTES",
        ] {
            assert!(is_marker_text(yes), "{yes}");
        }
        for no in [
            "Formulaire à compléter par le cadre",
            "Salle de crise, bâtiment A",
            "todos les jours",
            "Complété le 3 mars",
        ] {
            assert!(!is_marker_text(no), "{no}");
        }
    }

    #[test]
    fn example_phones() {
        for yes in [
            "+33 6 00 00 00 01",
            "06 00 00 00 09",
            "+33 1 00 00 00 06",
            "06 12 34 56 78",
        ] {
            assert!(is_example_phone(yes), "{yes}");
        }
        for no in [
            "04 74 00 10 20",
            "+33 6 71 20 40 01",
            "17",
            "3115",
            "+44 20 0000 0001",
        ] {
            assert!(!is_example_phone(no), "{no}");
        }
    }
}
