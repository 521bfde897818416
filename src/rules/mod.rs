//! The reviewer rule set (spec §5): what an ARS reviewer checks in a submitted plan, one small function per
//! rule, grouped by family (`identity`, `governance`, `roles`, `directory`, `obligations`, `reflexes`,
//! `continuity`, `care`, `exercises`, `completion`). A rule reads the merged plan and the source map (for file:line and for "which layer supplied
//! this field"), never the clock: "today" is [`RuleInputs::as_of`], fixed by the caller.
//!
//! A rule returns findings or "not applicable". It **fails** when it has at least one finding that is not a
//! note; notes are information a reviewer should see even when the rule passes. [`report`] turns results
//! into the report and the score; [`profile`] holds the configurable thresholds.

mod care;
mod completion;
mod continuity;
mod directory;
mod exercises;
pub mod frameworks;
mod governance;
mod identity;
pub mod matrix;
mod obligations;
pub mod profile;
mod reflexes;
pub mod report;
mod roles;
#[cfg(test)]
pub(crate) mod testkit;
pub(crate) mod text;

use crate::diag::Severity;
use crate::model::{Contact, Date, Fragment, Plan};
use crate::source::{Loc, SourceMap};
use chrono::Months;
use profile::Thresholds;
pub(crate) use text::fold;

/// One reviewer rule: a stable id (spec §5), a default severity, the reason it exists and how to fix it.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule requires, in a few words (report headings).
    pub title: &'static str,
    /// Why, with the legal or official source.
    pub rationale: &'static str,
    /// What the establishment should do when the rule fails.
    pub fix: &'static str,
    pub check: fn(&RuleInputs) -> Outcome,
}

/// A text a reviewer reads, in English (the CLI's language, JSON) and in French (letters to French-speaking
/// establishments). Rules write both side by side with [`msg`], so a letter never mixes languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    pub en: String,
    pub fr: String,
}

/// A [`Msg`]: the English text, then the French one. The French text's ISO dates are written out as a French
/// letter prints a date (`2026-10-06` → `6 octobre 2026`).
pub fn msg(en: impl Into<String>, fr: impl Into<String>) -> Msg {
    Msg {
        en: en.into(),
        fr: text::french_dates(&fr.into()),
    }
}

/// What a rule found.
pub enum Outcome {
    /// The rule does not concern this plan (the reason is shown to the reviewer).
    NotApplicable(Msg),
    /// Findings (failures and notes); no failure means the rule passes.
    Checked(Vec<Finding>),
}

/// One thing a rule found, about one subject (`contact:dsi`, `application:pacs`, `function:pharmacie`).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// In English.
    pub message: String,
    /// The same in French.
    pub message_fr: String,
    pub subject: String,
    pub loc: Option<Loc>,
    /// Information only: does not make the rule fail.
    pub note: bool,
}

impl Finding {
    /// A finding about `subject`; `message` in English and French ([`msg`]).
    pub fn new(subject: impl Into<String>, loc: impl Into<Option<Loc>>, message: Msg) -> Self {
        Self {
            message: message.en,
            message_fr: message.fr,
            subject: subject.into(),
            loc: loc.into(),
            note: false,
        }
    }

    /// The same finding, as information only.
    pub fn note(mut self) -> Self {
        self.note = true;
        self
    }
}

/// What every rule may read.
pub struct RuleInputs<'a> {
    pub plan: &'a Plan,
    pub map: &'a SourceMap,
    /// "Today" for every date comparison.
    pub as_of: Date,
    pub th: &'a Thresholds,
}

impl<'a> RuleInputs<'a> {
    /// The date `months` months before `as_of` (the oldest date still "within `months` months").
    pub fn months_ago(&self, months: u32) -> Date {
        self.as_of
            .checked_sub_months(Months::new(months))
            .unwrap_or(Date::MIN)
    }

    /// Whether `d` lies within the last `months` months (inclusive), not after `as_of`.
    pub fn within(&self, d: Date, months: u32) -> bool {
        d >= self.months_ago(months) && d <= self.as_of
    }

    /// Contacts holding a role: by their `roles`, or named holder or deputy of that crisis-cell position.
    pub fn holders(&self, role: &str) -> Vec<&'a Contact> {
        let cell: Vec<&str> = self
            .plan
            .establishment
            .members
            .iter()
            .filter(|m| m.role.v == role)
            .flat_map(|m| [&m.holder, &m.deputy])
            .flatten()
            .map(|t| t.v.as_str())
            .collect();
        self.plan
            .contacts
            .iter()
            .filter(|c| c.roles.iter().any(|r| r.v == role) || cell.contains(&c.id.v.as_str()))
            .collect()
    }

    /// Whether the documents print this fragment: obligations whose condition holds, procedures whose
    /// function the establishment declares, everything else.
    pub fn printed(&self, f: &Fragment) -> bool {
        match f.kind {
            // As the documents decide: by the establishment's regime (`applies_to`).
            crate::model::Kind::Obligation => self.plan.applies(f),
            crate::model::Kind::Procedure => {
                f.f.function
                    .as_ref()
                    .is_some_and(|fid| self.plan.function(&fid.v).is_some())
            }
            _ => true,
        }
    }

    /// An establishment's own procedure, or a national template it adapted (see [`crate::model::is_adapted`]),
    /// whose activation and paper kit are not values still to complete ([`unfinished`]): `pbn init`'s
    /// « À COMPLÉTER : qui déclenche le mode dégradé » adapts nothing.
    pub fn adapted(&self, f: &Fragment) -> bool {
        crate::model::is_adapted(f, self.map) && unfinished(f).is_empty()
    }
}

/// The adaptation fields of a procedure that still hold a value to complete (« À COMPLÉTER », see
/// [`crate::placeholders::is_marker_text`]).
pub fn unfinished(f: &Fragment) -> Vec<&'static str> {
    let marker = |t: &crate::model::Text| crate::placeholders::is_marker_text(&t.v);
    let mut out = Vec::new();
    if f.f.activation.as_ref().is_some_and(marker) {
        out.push("activation");
    }
    if f.f
        .paper_kit
        .as_ref()
        .is_some_and(|k| k.v.iter().any(marker))
    {
        out.push("paper_kit");
    }
    out
}

/// Every rule: spec §5's order, then §7.4's (the order of the report).
pub const ALL: &[Rule] = &[
    identity::FINESS_KEY,
    governance::PLAN_APPROVAL,
    governance::PLAN_REVIEW_12M,
    governance::CELL_DEPUTY,
    directory::CONTACT_247_CORE,
    directory::CONTACT_EXT_MIN,
    directory::CONTACT_FRESH,
    obligations::STEP_SIGNAL,
    obligations::STEP_CNIL_72H,
    obligations::STEP_PLAINTE_72H,
    obligations::STEP_NIS,
    reflexes::NO_RANSOM,
    reflexes::MAIN_COURANTE_FIRST,
    continuity::DEGRADED_COMPLETE,
    continuity::FUNCTION_COVERAGE,
    continuity::RTO_FITS,
    continuity::BACKUP_OFFLINE,
    exercises::EXERCISE_12M,
    exercises::EXERCISE_RETEX,
    reflexes::COMMS_TEMPLATES,
    governance::TRAINING_PLAN,
    roles::ROLE_HOLDER,
    roles::ROLE_OVERLOAD,
    continuity::DEGRADED_NO_IT,
    completion::PLACEHOLDERS,
    completion::REGIME_DECLARED,
    completion::PLAN_SECTIONS_R3131,
    care::CARE_D2_SCOPE,
    care::CARE_D2_TEST,
    completion::PORTAL_DELEGATION,
    governance::CELL_ROOMS,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}

/// The words of a text, folded (see [`fold`]): runs of letters and digits. Apostrophes and hyphens separate
/// words (`n'est` → `n`, `est`); an English `n't` reads as `not`.
pub(crate) fn words(s: &str) -> Vec<String> {
    fold(s)
        .replace("n't", " not")
        .replace("n\u{2019}t", " not")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `w` is the pattern word `p`: equal, or `p` ends with `*` and `w` starts with the rest (`reinstall*`).
fn word_is(w: &str, p: &str) -> bool {
    match p.strip_suffix('*') {
        Some(stem) => w.starts_with(stem),
        None => w == p,
    }
}

/// Where the phrase `pat` (pattern words separated by spaces, see [`word_is`]) starts in `ws`, each time.
pub(crate) fn phrase_at(ws: &[String], pat: &str) -> Vec<usize> {
    let p: Vec<&str> = pat.split_whitespace().collect();
    if p.is_empty() || ws.len() < p.len() {
        return Vec::new();
    }
    (0..=ws.len() - p.len())
        .filter(|&i| p.iter().enumerate().all(|(j, pw)| word_is(&ws[i + j], pw)))
        .collect()
}

/// Whether the text has one of the phrases `pats`, as whole words.
pub(crate) fn mentions(text: &str, pats: &[&str]) -> bool {
    let ws = words(text);
    pats.iter().any(|p| !phrase_at(&ws, p).is_empty())
}

/// The sentences of a text, as written: split at `.`, `;`, `!`, `?`, `:` and line ends.
pub(crate) fn raw_sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', ';', '!', '?', ':', '\n'])
}

/// The sentences of a text ([`raw_sentences`]), each as its words.
pub(crate) fn sentences(text: &str) -> Vec<Vec<String>> {
    raw_sentences(text)
        .map(words)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words that deny what follows them (French and English).
pub(crate) const NEGATION: &[&str] = &[
    "ne", "n", "jamais", "pas", "aucun", "aucune", "rien", "sans", "never", "not", "no", "nothing",
    "without",
];

/// The second half of a French negation: « ne … pas », « ne … en aucun cas ». A lone « ne » restricts
/// instead (« ne payer la rançon qu'en dernier recours » is "pay only as a last resort").
const NE_SECOND: &[&str] = &[
    "pas",
    "jamais",
    "rien",
    "aucun",
    "aucune",
    "plus",
    "point",
    "nullement",
    "guere",
];

/// Whether the words `before` (the window before a phrase) deny it, `after` being the rest of the sentence.
/// Not denials: « n'hésitez pas à » / "do not hesitate to" (an encouragement), « sans attendre » / "without
/// delay" (haste), a lone « ne » without its second half.
fn denies(before: &[String], after: &[String]) -> bool {
    if before.iter().any(|w| w.starts_with("hesit")) {
        return false;
    }
    before.iter().enumerate().any(|(k, w)| match w.as_str() {
        "ne" | "n" => before[k + 1..]
            .iter()
            .chain(after)
            .any(|x| NE_SECOND.contains(&x.as_str())),
        "sans" | "without" => !before.get(k + 1).is_some_and(|x| {
            ["attendre", "tarder", "delai", "delay", "wait", "waiting"].contains(&x.as_str())
        }),
        w => NEGATION.contains(&w),
    })
}

/// Whether a sentence of `text` has one of the phrases `what` denied by the `window` words before it ([`NEGATION`],
/// see `denies`): « ne jamais payer », « aucune réinstallation », "do not pay" — not « ne payer qu'en dernier
/// recours », « n'hésitez pas à payer » or « sans attendre, réinstaller ».
pub(crate) fn negated(text: &str, what: &[&str], window: usize) -> bool {
    sentences(text).iter().any(|ws| {
        what.iter().any(|p| {
            let len = p.split_whitespace().count();
            phrase_at(ws, p)
                .into_iter()
                .any(|i| denies(&ws[i.saturating_sub(window)..i], &ws[i + len..]))
        })
    })
}

/// Whether a sentence of `text` has one of the phrases `a` and one of the phrases `b`.
pub(crate) fn together(text: &str, a: &[&str], b: &[&str]) -> bool {
    let has = |ws: &[String], ps: &[&str]| ps.iter().any(|p| !phrase_at(ws, p).is_empty());
    sentences(text).iter().any(|ws| has(ws, a) && has(ws, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn words_and_phrases() {
        assert_eq!(
            words("N'est-ce pas ? Don't"),
            ["n", "est", "ce", "pas", "do", "not"]
        );
        assert!(mentions("Ne jamais payer la rançon", &["rancon*"]));
        assert!(!mentions("le pays entier", &["pay"]));
        assert!(!mentions("en sens inverse", &["verse"]));
        assert!(mentions(
            "porter plainte au commissariat",
            &["porter plainte"]
        ));
        assert!(negated(
            "Aucune réinstallation avant la plainte.",
            &["reinstall*"],
            3
        ));
        assert!(!negated(
            "Réinstaller dès que possible.",
            &["reinstall*"],
            3
        ));
        // Not denials: a restriction, an encouragement, haste.
        for text in [
            "Ne payer la rançon qu'en dernier recours.",
            "N'hésitez pas à payer la rançon.",
            "Do not hesitate to pay the ransom.",
        ] {
            assert!(!negated(text, &["payer", "pay"], 3), "{text}");
        }
        assert!(negated("Ne payer la rançon en aucun cas.", &["payer"], 3));
        assert!(!negated(
            "Sans attendre, réinstaller les postes.",
            &["reinstall*"],
            3
        ));
        assert!(negated(
            "Ne rien réinstaller sans les preuves.",
            &["reinstall*"],
            3
        ));
        // The negation belongs to another sentence.
        assert!(!negated(
            "Ne pas paniquer. Réinstaller.",
            &["reinstall*"],
            3
        ));
        assert!(together(
            "Préserver les preuves avant de réinstaller",
            &["preuve*"],
            &["reinstall*"]
        ));
    }

    #[test]
    fn ids_are_the_spec_list_once_each() {
        let spec = "FINESS-KEY PLAN-APPROVAL PLAN-REVIEW-12M CELL-DEPUTY CONTACT-247-CORE CONTACT-EXT-MIN \
                    CONTACT-FRESH STEP-SIGNAL STEP-CNIL-72H STEP-PLAINTE-72H STEP-NIS NO-RANSOM \
                    MAIN-COURANTE-FIRST DEGRADED-COMPLETE FUNCTION-COVERAGE RTO-FITS BACKUP-OFFLINE \
                    EXERCISE-12M EXERCISE-RETEX COMMS-TEMPLATES TRAINING-PLAN ROLE-HOLDER ROLE-OVERLOAD \
                    DEGRADED-NO-IT PLACEHOLDERS REGIME-DECLARED PLAN-SECTIONS-R3131 CARE-D2-SCOPE CARE-D2-TEST \
                    PORTAL-DELEGATION CELL-ROOMS";
        let ids: Vec<&str> = ALL.iter().map(|r| r.id).collect();
        assert_eq!(ids, spec.split_whitespace().collect::<Vec<_>>());
        assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
        for r in ALL {
            assert!(
                !r.rationale.is_empty() && !r.fix.is_empty() && !r.title.is_empty(),
                "{}",
                r.id
            );
        }
    }

    /// docs/review.md's table has one row per rule, with its severity, in the report's order.
    #[test]
    fn the_rules_table_of_the_docs_lists_every_rule() {
        let doc = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/review.md"),
        )
        .unwrap();
        let rows: Vec<(&str, &str)> = doc
            .lines()
            .filter_map(|l| {
                let mut cells = l.strip_prefix("| `")?.split(" | ");
                let id = cells.next()?.strip_suffix('`')?;
                Some((id, cells.next()?))
            })
            .filter(|(id, _)| find(id).is_some())
            .collect();
        let expected: Vec<(&str, &str)> = ALL.iter().map(|r| (r.id, r.severity.as_str())).collect();
        assert_eq!(rows, expected);
    }

    #[test]
    fn fold_drops_accents_and_case() {
        assert_eq!(
            fold("Ne JAMAIS payer la Rançon"),
            "ne jamais payer la rancon"
        );
    }

    /// The base fixture passes every rule: each family's tests start from it and break one thing.
    #[test]
    fn base_plan_passes_every_rule() {
        let kit = testkit::Kit::base();
        for r in ALL {
            let res = kit.run(r.id);
            assert!(
                res.iter().all(|f| f.note),
                "{} fails on the base plan: {res:?}",
                r.id
            );
        }
    }
}
