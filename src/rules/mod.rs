//! The reviewer rule set (spec §5): what an ARS reviewer checks in a submitted plan, one small function per
//! rule, grouped by family (`identity`, `governance`, `directory`, `obligations`, `reflexes`, `continuity`,
//! `exercises`). A rule reads the merged plan and the source map (for file:line and for "which layer supplied
//! this field"), never the clock: "today" is [`Ctx::as_of`], fixed by the caller.
//!
//! A rule returns findings or "not applicable". It **fails** when it has at least one finding that is not a
//! note; notes are information a reviewer should see even when the rule passes. [`report`] turns results
//! into the report and the score; [`profile`] holds the configurable thresholds.

mod continuity;
mod directory;
mod exercises;
mod governance;
mod identity;
mod obligations;
pub mod profile;
mod reflexes;
pub mod report;
#[cfg(test)]
pub(crate) mod testkit;

use crate::diag::Severity;
use crate::model::{Contact, Date, Fragment, Plan};
use crate::source::{Loc, SourceMap};
use chrono::Months;
use profile::Thresholds;

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
    pub check: fn(&Ctx) -> Outcome,
}

/// What a rule found.
pub enum Outcome {
    /// The rule does not concern this plan (the reason is shown to the reviewer).
    NotApplicable(String),
    /// Findings (failures and notes); no failure means the rule passes.
    Checked(Vec<Finding>),
}

/// One thing a rule found, about one subject (`contact:dsi`, `application:pacs`, `function:pharmacie`).
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub message: String,
    pub subject: String,
    pub loc: Option<Loc>,
    /// Information only: does not make the rule fail.
    pub note: bool,
}

impl Finding {
    pub fn new(
        subject: impl Into<String>,
        loc: impl Into<Option<Loc>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            message: message.into(),
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
pub struct Ctx<'a> {
    pub plan: &'a Plan,
    pub map: &'a SourceMap,
    /// "Today" for every date comparison.
    pub as_of: Date,
    pub th: &'a Thresholds,
}

impl<'a> Ctx<'a> {
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

    /// An establishment's own procedure, or a national template it adapted (see [`crate::model::is_adapted`]).
    pub fn adapted(&self, f: &Fragment) -> bool {
        crate::model::is_adapted(f, self.map)
    }
}

/// Every rule, in the order of spec §5 (the order of the report).
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
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    ALL.iter().find(|r| r.id == id)
}

/// Lower-case text without accents, for the few rules that look for words (`rançon`, `main courante`).
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '\u{a0}' | '\u{202f}' | '\n' | '\t' | '\r' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_the_spec_list_once_each() {
        let spec = "FINESS-KEY PLAN-APPROVAL PLAN-REVIEW-12M CELL-DEPUTY CONTACT-247-CORE CONTACT-EXT-MIN \
                    CONTACT-FRESH STEP-SIGNAL STEP-CNIL-72H STEP-PLAINTE-72H STEP-NIS NO-RANSOM \
                    MAIN-COURANTE-FIRST DEGRADED-COMPLETE FUNCTION-COVERAGE RTO-FITS BACKUP-OFFLINE \
                    EXERCISE-12M EXERCISE-RETEX COMMS-TEMPLATES TRAINING-PLAN";
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
