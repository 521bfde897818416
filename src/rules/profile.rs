//! Review settings: the thresholds of the date rules, the score bar and per-rule severities. They have
//! defaults (spec §5) and may be set in a **review profile** — a YAML file given with `pbn review --profile`,
//! and/or the `review:` section of the plan's `pbn.yaml`. The reviewer's profile wins over the plan's section,
//! field by field, so a plan cannot relax the bar it is reviewed against without the report saying so (the
//! thresholds in effect are printed in every report).
//!
//! ```yaml
//! contact_freshness_months: 6
//! exercise_months: 12
//! restore_test_months: 12
//! review_months: 12
//! training_months: 12
//! min_score: 80
//! severity: {RTO-FITS: error, CELL-DEPUTY: info}
//! ```

use crate::diag::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The YAML error without its source excerpt (the message names the line).
fn first_line(e: &serde_saphyr::Error) -> String {
    let s = e.to_string();
    let line = s.lines().next().unwrap_or_default();
    line.trim_start_matches("error: ").to_string()
}

/// One profile as written (every field optional).
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub contact_freshness_months: Option<u32>,
    pub exercise_months: Option<u32>,
    pub restore_test_months: Option<u32>,
    pub review_months: Option<u32>,
    pub training_months: Option<u32>,
    pub min_score: Option<u32>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
}

/// The thresholds in effect (months).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// CONTACT-FRESH: `verified_on` no older than this.
    pub contact_freshness_months: u32,
    /// EXERCISE-12M: a management exercise within this.
    pub exercise_months: u32,
    /// BACKUP-OFFLINE: a restore test within this.
    pub restore_test_months: u32,
    /// PLAN-REVIEW-12M: adoption no older than this.
    pub review_months: u32,
    /// TRAINING-PLAN: a training session within this.
    pub training_months: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            contact_freshness_months: 6,
            exercise_months: 12,
            restore_test_months: 12,
            review_months: 12,
            training_months: 12,
        }
    }
}

/// Everything a review is run with, once the profiles are resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub thresholds: Thresholds,
    /// Exit 1 below this score.
    pub min_score: Option<u32>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
}

impl Profile {
    /// Parses a profile file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_saphyr::from_str(text).map_err(|e| first_line(&e))
    }

    /// The `review:` section of a `pbn.yaml` text, if any (the rest of the manifest is `validate`'s business).
    pub fn from_manifest(text: &str) -> Result<Option<Self>, String> {
        #[derive(Deserialize)]
        struct M {
            #[serde(default)]
            review: Option<Profile>,
        }
        serde_saphyr::from_str::<M>(text)
            .map(|m| m.review)
            .map_err(|e| format!("`review` section of pbn.yaml: {}", first_line(&e)))
    }

    /// `self` with every field that `over` sets replaced by `over`'s.
    pub fn overlay(mut self, over: &Profile) -> Self {
        macro_rules! take {
            ($($f:ident),*) => {$(if over.$f.is_some() { self.$f = over.$f; })*};
        }
        take!(
            contact_freshness_months,
            exercise_months,
            restore_test_months,
            review_months,
            training_months,
            min_score
        );
        for (k, v) in &over.severity {
            self.severity.insert(k.clone(), v.clone());
        }
        self
    }

    /// The settings this profile gives over the defaults; unknown rule ids or severities are errors.
    pub fn settings(&self) -> Result<Settings, String> {
        let d = Thresholds::default();
        let mut severity = BTreeMap::new();
        for (id, s) in &self.severity {
            if super::find(id).is_none() {
                return Err(format!(
                    "unknown rule id `{id}` in the review profile's `severity`"
                ));
            }
            let sev = match s.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => {
                    return Err(format!(
                        "severity `{other}` for `{id}`: expected error, warning or info"
                    ));
                }
            };
            severity.insert(id.clone(), sev);
        }
        if let Some(s) = self.min_score.filter(|&s| s > 100) {
            return Err(format!("min_score {s} is over 100"));
        }
        Ok(Settings {
            thresholds: Thresholds {
                contact_freshness_months: self
                    .contact_freshness_months
                    .unwrap_or(d.contact_freshness_months),
                exercise_months: self.exercise_months.unwrap_or(d.exercise_months),
                restore_test_months: self.restore_test_months.unwrap_or(d.restore_test_months),
                review_months: self.review_months.unwrap_or(d.review_months),
                training_months: self.training_months.unwrap_or(d.training_months),
            },
            min_score: self.min_score,
            severity,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_overlay() {
        let s = Profile::default().settings().unwrap();
        assert_eq!(s.thresholds.contact_freshness_months, 6);
        assert_eq!(s.thresholds.exercise_months, 12);
        let plan = Profile::parse("contact_freshness_months: 12\nmin_score: 50\n").unwrap();
        let reviewer =
            Profile::parse("contact_freshness_months: 3\nseverity: {RTO-FITS: error}\n").unwrap();
        let s = plan.overlay(&reviewer).settings().unwrap();
        assert_eq!(s.thresholds.contact_freshness_months, 3);
        assert_eq!(s.min_score, Some(50));
        assert_eq!(s.severity.get("RTO-FITS"), Some(&Severity::Error));
    }

    #[test]
    fn errors_are_named() {
        assert!(
            Profile::parse("contact_fresh: 3")
                .unwrap_err()
                .contains("contact_fresh")
        );
        let p = Profile::parse("severity: {NOPE: error}").unwrap();
        assert!(p.settings().unwrap_err().contains("NOPE"));
        let p = Profile::parse("severity: {NO-RANSOM: fatal}").unwrap();
        assert!(p.settings().unwrap_err().contains("fatal"));
    }

    #[test]
    fn manifest_section() {
        let m =
            "plan: {title: x}\nlayers: [{baseline: national}]\nreview:\n  exercise_months: 18\n";
        let p = Profile::from_manifest(m).unwrap().unwrap();
        assert_eq!(p.exercise_months, Some(18));
        assert_eq!(Profile::from_manifest("plan: {title: x}\n").unwrap(), None);
        assert!(Profile::from_manifest("review: {typo: 1}\n").is_err());
    }
}
