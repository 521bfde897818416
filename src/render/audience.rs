//! Audiences (spec §2.9): who a build is for, and therefore what it masks or leaves out.
//!
//! `internal` prints everything; `ars` masks every channel marked `confidential` (nothing else changes); a plan
//! may define more in `pbn.yaml` (`audiences: [{name, redact: [mobile, confidential…], exclude_tags: […]}]`).
//! The audience is applied while building the view, so every output of one build masks the same values.

use crate::model::{Channel, ChannelType, Fragment, Manifest};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    pub name: String,
    /// Mask channels marked `confidential`.
    pub redact_confidential: bool,
    /// Mask every channel of these types.
    pub redact_types: Vec<ChannelType>,
    /// Leave out fragments carrying one of these tags.
    pub exclude_tags: Vec<String>,
}

pub const BUILTIN: [&str; 2] = ["internal", "ars"];

impl Audience {
    pub fn internal() -> Self {
        Self {
            name: "internal".into(),
            redact_confidential: false,
            redact_types: Vec::new(),
            exclude_tags: Vec::new(),
        }
    }

    /// Resolves `--audience NAME`: a built-in one, else one the plan defines. The error names the audiences.
    pub fn resolve(name: &str, manifest: &Manifest) -> Result<Self, String> {
        match name {
            "internal" => return Ok(Self::internal()),
            "ars" => {
                return Ok(Self {
                    name: "ars".into(),
                    redact_confidential: true,
                    ..Self::internal()
                });
            }
            _ => {}
        }
        let Some(def) = manifest.audiences.iter().find(|a| a.name.v == name) else {
            let mut known: Vec<&str> = BUILTIN.to_vec();
            known.extend(manifest.audiences.iter().map(|a| a.name.v.as_str()));
            let hint = crate::diag::did_you_mean(name, known.iter().copied())
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(format!(
                "unknown audience `{name}` (audiences: {}{hint})",
                known.join(", ")
            ));
        };
        let mut a = Self {
            name: name.to_string(),
            ..Self::internal()
        };
        for r in &def.redact {
            match r.v.as_str() {
                "confidential" => a.redact_confidential = true,
                t => match ChannelType::parse(t) {
                    Some(ct) => a.redact_types.push(ct),
                    None => {
                        return Err(format!(
                            "audience `{name}` cannot redact `{t}`: write a channel type ({}) or `confidential`",
                            ChannelType::NAMES.join(", ")
                        ));
                    }
                },
            }
        }
        a.exclude_tags = def.exclude_tags.iter().map(|t| t.v.clone()).collect();
        Ok(a)
    }

    /// Whether a channel's value is replaced by the mask label.
    pub fn masks(&self, c: &Channel) -> bool {
        (self.redact_confidential && c.confidential) || self.redact_types.contains(&c.kind.v)
    }

    /// The numbers and e-mail addresses this audience masks, to find them where an author typed them in free
    /// text.
    pub fn literals<'a>(&self, channels: impl IntoIterator<Item = &'a Channel>) -> Literals {
        let masked: Vec<&Channel> = channels.into_iter().filter(|c| self.masks(c)).collect();
        let mut l = Literals::new(
            masked
                .iter()
                .filter(|c| c.kind.v.is_phone())
                .map(|c| c.value.v.as_str()),
        );
        l.emails = masked
            .iter()
            .filter(|c| c.kind.v == ChannelType::Email)
            .map(|c| c.value.v.trim().to_ascii_lowercase())
            .filter(|e| e.contains('@'))
            .collect();
        l.emails.sort();
        l.emails.dedup();
        l
    }

    /// Whether a fragment is left out of the documents.
    pub fn excludes(&self, f: &Fragment) -> bool {
        !self.exclude_tags.is_empty()
            && f.f
                .tags
                .as_ref()
                .is_some_and(|t| t.v.iter().any(|t| self.exclude_tags.contains(&t.v)))
    }
}

/// Fewest digits of a number masked in free text: a short number (`15`, `3237`) is public, and shorter digit
/// groups would hit times, amounts and years.
const MIN_DIGITS: usize = 8;

/// Separators allowed between the digit groups of a number written in text (`06 12`, `06.12`, `06-12`,
/// `+33 (0)6`, a line break in a folded paragraph). Several in a row still join two groups: a match must be a
/// whole masked number anyway, so a wider run only finds more.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '/' | '(' | ')' | '\u{2010}' | '\u{2011}')
}

/// Phone numbers and e-mail addresses to mask where an author typed them literally in free text (not through
/// `{{contact:…}}`): every written form that dials one of the numbers (`06 12 34 56 78`, `06.12.34.56.78`,
/// `0612345678`, `+33 6 12 34 56 78`, `0033 6 12 34 56 78`) matches, whatever the separators between the digit
/// groups; an address matches in any letter case.
#[derive(Debug, Default, Clone)]
pub struct Literals {
    /// Digit strings (an international form without its `+`), each one form of a masked number.
    forms: HashSet<String>,
    /// Longest form, in digits.
    longest: usize,
    /// Masked e-mail addresses, lower case.
    emails: Vec<String>,
}

impl Literals {
    pub fn new<'a>(numbers: impl IntoIterator<Item = &'a str>) -> Self {
        let mut forms = HashSet::new();
        for n in numbers {
            let digits: String = n.chars().filter(char::is_ascii_digit).collect();
            let international = if n.trim_start().starts_with('+') {
                Some(digits.as_str())
            } else {
                digits.strip_prefix("00")
            };
            let french = match international {
                Some(i) => i.strip_prefix("33").filter(|n| n.len() == 9),
                None => digits.strip_prefix('0').filter(|n| n.len() == 9),
            };
            match (french, international) {
                (Some(n), _) => {
                    forms.insert(format!("0{n}"));
                    forms.insert(format!("33{n}"));
                    forms.insert(format!("0033{n}"));
                    // `+33 (0)6 12 34 56 78`.
                    forms.insert(format!("330{n}"));
                }
                (None, Some(i)) => {
                    forms.insert(i.to_string());
                    forms.insert(format!("00{i}"));
                }
                (None, None) => {
                    forms.insert(digits);
                }
            }
        }
        forms.retain(|f| f.len() >= MIN_DIGITS);
        let longest = forms.iter().map(String::len).max().unwrap_or(0);
        Self {
            forms,
            longest,
            emails: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty() && self.emails.is_empty()
    }

    /// Where `text` writes one of the masked e-mail addresses as a whole (not inside a longer address).
    fn find_emails(&self, text: &str, found: &mut Vec<std::ops::Range<usize>>) {
        if self.emails.is_empty() || !text.contains('@') {
            return;
        }
        // ASCII lower-casing keeps every byte offset.
        let lower = text.to_ascii_lowercase();
        let part = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
        for e in &self.emails {
            let mut from = 0;
            while let Some(at) = lower[from..].find(e.as_str()) {
                let (s, end) = (from + at, from + at + e.len());
                let bytes = lower.as_bytes();
                let before_ok = s == 0 || !part(bytes[s - 1]);
                // A full stop may end the sentence after an address.
                let after_ok = bytes.get(end).is_none_or(|&b| {
                    !part(b) || (b == b'.' && bytes.get(end + 1).is_none_or(|&n| !part(n)))
                });
                if before_ok && after_ok {
                    found.push(s..end);
                }
                from = end;
            }
        }
    }

    /// The byte ranges of `text` that write one of the numbers or addresses, in order. A number starts and ends on whole
    /// digit groups (`12 06 00 00 10 01` holds `06 00 00 10 01`; `060000100199` does not), and takes the `+`
    /// before an international form.
    pub fn find(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut found = self.find_numbers(text);
        let numbers = found.len();
        self.find_emails(text, &mut found);
        if found.len() > numbers {
            found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            // An address may hold digits that look like a masked number: keep the outer match.
            let mut kept: Vec<std::ops::Range<usize>> = Vec::with_capacity(found.len());
            for r in found {
                match kept.last_mut() {
                    Some(last) if r.start < last.end => last.end = last.end.max(r.end),
                    _ => kept.push(r),
                }
            }
            return kept;
        }
        found
    }

    fn find_numbers(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        if self.forms.is_empty() {
            return found;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
                i += 1;
                continue;
            }
            // A run of digit groups joined by single separators: `[(start, end)]` of each group.
            let mut groups: Vec<(usize, usize)> = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                groups.push((start, j));
                let seps: usize = text[j..]
                    .chars()
                    .take_while(|&c| is_separator(c))
                    .map(char::len_utf8)
                    .sum();
                if seps == 0 || !bytes.get(j + seps).is_some_and(u8::is_ascii_digit) {
                    break;
                }
                j += seps;
            }
            let mut g = 0;
            while g < groups.len() {
                let mut digits = String::new();
                let mut hit = None;
                for (k, &(s, e)) in groups.iter().enumerate().skip(g) {
                    digits.push_str(&text[s..e]);
                    if digits.len() > self.longest {
                        break;
                    }
                    if self.forms.contains(&digits) {
                        hit = Some(k);
                    }
                }
                match hit {
                    Some(k) => {
                        let mut start = groups[g].0;
                        if start > 0 && bytes[start - 1] == b'+' {
                            start -= 1;
                        }
                        found.push(start..groups[k].1);
                        g = k + 1;
                    }
                    None => g += 1,
                }
            }
            i = j.max(i + 1);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AudienceDef, Sp};
    use crate::source::Loc;

    fn t(s: &str) -> crate::model::Text {
        Sp::new(s.to_string(), Loc::default())
    }

    fn channel(kind: ChannelType, value: &str, confidential: bool) -> Channel {
        Channel {
            kind: Sp::new(kind, Loc::default()),
            value: t(value),
            label: None,
            h24: false,
            independent_of_is: false,
            confidential,
            loc: Loc::default(),
        }
    }

    /// The masked parts of `text`.
    fn masked<'a>(l: &Literals, text: &'a str) -> Vec<&'a str> {
        l.find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn literal_numbers_in_every_written_form() {
        let l = Literals::new(["06 00 00 10 01", "+33 6 00 00 10 02", "+44 20 7946 0958"]);
        for (text, want) in [
            ("Appeler le 06 00 00 10 01.", vec!["06 00 00 10 01"]),
            ("portable : 06.00.00.10.01, fixe", vec!["06.00.00.10.01"]),
            ("0600001001", vec!["0600001001"]),
            ("au +33 6 00 00 10 01 ou", vec!["+33 6 00 00 10 01"]),
            ("au 0033 6 00 00 10 01", vec!["0033 6 00 00 10 01"]),
            ("(06-00-00-10-01)", vec!["06-00-00-10-01"]),
            (
                "06\u{a0}00\u{a0}00\u{a0}10\u{a0}01",
                vec!["06\u{a0}00\u{a0}00\u{a0}10\u{a0}01"],
            ),
            ("06 00 00 10 02", vec!["06 00 00 10 02"]),
            ("[x](tel:+33600001002)", vec!["+33600001002"]),
            (
                "Londres +44 20 7946 0958 ; 0044 20 7946 0958",
                vec!["+44 20 7946 0958", "0044 20 7946 0958"],
            ),
            // Whole digit groups only: a number inside a longer one, or another number, is left alone.
            ("06 00 00 10 012", vec![]),
            ("106 00 00 10 01", vec![]),
            ("06 00 00 10 03", vec![]),
            ("le 12 06 00 00 10 01", vec!["06 00 00 10 01"]),
            (
                "06 00 00 10 01 - 06 00 00 10 02",
                vec!["06 00 00 10 01", "06 00 00 10 02"],
            ),
            (
                "06 00 00 10 01 06 00 00 10 02",
                vec!["06 00 00 10 01", "06 00 00 10 02"],
            ),
            ("06  00 00 10 01", vec!["06  00 00 10 01"]),
            ("06 00 00\n  10 01", vec!["06 00 00\n  10 01"]),
            ("+33 (0)6 00 00 10 01", vec!["+33 (0)6 00 00 10 01"]),
            ("(06 00 00 10 01)", vec!["06 00 00 10 01"]),
            ("aucun numéro, 15 minutes", vec![]),
        ] {
            assert_eq!(masked(&l, text), want, "{text}");
        }
        // Short numbers are never masked in text (they would hit times and amounts).
        assert!(Literals::new(["15", "3237"]).is_empty());
        assert!(
            Literals::new(std::iter::empty())
                .find("06 00 00 10 01")
                .is_empty()
        );
    }

    #[test]
    fn literal_numbers_follow_the_audience() {
        let channels = [
            channel(ChannelType::Mobile, "06 00 00 10 01", true),
            channel(ChannelType::Phone, "04 74 00 10 20", false),
            channel(ChannelType::Radio, "Canal 06 00 00 10 09", true),
        ];
        let text = "06 00 00 10 01, 04 74 00 10 20, 06 00 00 10 09";
        let m = Manifest::default();
        let internal = Audience::internal().literals(&channels);
        assert!(internal.is_empty());
        let ars = Audience::resolve("ars", &m)
            .unwrap_or_else(|_| Audience::internal())
            .literals(&channels);
        assert_eq!(masked(&ars, text), vec!["06 00 00 10 01"]);
        let phones = Audience {
            redact_types: vec![ChannelType::Phone],
            ..Audience::internal()
        }
        .literals(&channels);
        assert_eq!(masked(&phones, text), vec!["04 74 00 10 20"]);
    }

    #[test]
    fn literal_emails_in_any_case_and_only_whole() {
        let channels = [
            channel(ChannelType::Email, "Julie.Lambert@perso.example", true),
            channel(ChannelType::Email, "dpo@ch-test.fr", false),
            channel(ChannelType::Mobile, "06 00 00 10 01", true),
        ];
        let ars = Audience::resolve("ars", &Manifest::default())
            .unwrap_or_else(|_| Audience::internal())
            .literals(&channels);
        for (text, want) in [
            (
                "écrire à julie.lambert@perso.example.",
                vec!["julie.lambert@perso.example"],
            ),
            (
                "[mail](mailto:JULIE.LAMBERT@PERSO.EXAMPLE) ou 06 00 00 10 01",
                vec!["JULIE.LAMBERT@PERSO.EXAMPLE", "06 00 00 10 01"],
            ),
            ("dpo@ch-test.fr reste", vec![]),
            ("xjulie.lambert@perso.example", vec![]),
            ("julie.lambert@perso.example.org", vec![]),
        ] {
            assert_eq!(masked(&ars, text), want, "{text}");
        }
        let emails = Audience {
            redact_types: vec![ChannelType::Email],
            ..Audience::internal()
        }
        .literals(&channels);
        assert_eq!(
            masked(&emails, "dpo@ch-test.fr, 06 00 00 10 01"),
            vec!["dpo@ch-test.fr"]
        );
        assert!(Audience::internal().literals(&channels).is_empty());
    }

    #[test]
    fn builtins_and_custom() {
        let mut m = Manifest::default();
        assert!(!Audience::resolve("internal", &m).is_ok_and(|a| a.redact_confidential));
        assert!(Audience::resolve("ars", &m).is_ok_and(|a| a.redact_confidential));
        let e = Audience::resolve("arss", &m).err().unwrap_or_default();
        assert!(e.contains("internal, ars"), "{e}");
        assert!(e.contains("`ars`"), "{e}");
        m.audiences.push(AudienceDef {
            name: t("presse"),
            redact: vec![t("mobile"), t("confidential")],
            exclude_tags: vec![t("interne")],
        });
        let a = Audience::resolve("presse", &m).unwrap_or_else(|_| Audience::internal());
        assert_eq!(a.redact_types, vec![ChannelType::Mobile]);
        assert!(a.redact_confidential);
        assert_eq!(a.exclude_tags, vec!["interne".to_string()]);
        m.audiences[0].redact.push(t("pigeon"));
        assert!(Audience::resolve("presse", &m).is_err());
    }
}
