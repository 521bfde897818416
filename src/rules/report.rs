//! Runs every rule on a compiled plan and builds the review report (spec §3's JSON shape, with a few added
//! fields: `title`, `establishment`, `finess`, `valid`, `errors`, `thresholds`, and per rule `title`,
//! `rationale`, `fix`, `reason`).
//!
//! **Score** (0–100): every applicable rule weighs by its severity — error 3, warning 2, info 1 — and
//! `score = round(100 × weight of the rules that pass / weight of the applicable rules)`; 100 when no rule
//! applies. Rules that are not applicable count for nothing. Notes never lower the score.

use super::profile::{Settings, Thresholds};
use super::{ALL, Ctx, Finding, Outcome, Rule};
use crate::app::Compiled;
use crate::diag::Severity;
use crate::fingerprint;
use crate::model::Date;
use crate::source::SourceMap;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "not-applicable",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingOut {
    pub message: String,
    pub subject: String,
    /// Relative to the plan directory (`contacts.yaml`, `../ght/x.yaml`, `<baseline>/reflexes/x.yaml`).
    pub file: Option<String>,
    pub line: Option<u32>,
    /// `info` for a note (does not fail the rule), else the rule's severity.
    pub severity: Severity,
    /// The page of plan.pdf (as the `ars` audience prints it) that shows the subject, when one does; set by
    /// `pbn review --letters`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleReport {
    pub id: &'static str,
    pub status: Status,
    pub severity: Severity,
    pub title: &'static str,
    pub rationale: &'static str,
    pub fix: &'static str,
    /// Why the rule does not apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub findings: Vec<FindingOut>,
}

/// What the reviewer decides (spec §7.5): `accepted`, or `rejected` when the plan is below its bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
        }
    }
}

/// A validation diagnostic of the reviewed plan, as `pbn validate --format json` prints it (file relative to
/// the plan directory; `null` when there is none).
#[derive(Clone, Debug, Serialize)]
pub struct DiagOut {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The plan directory as given on the command line.
    pub plan: String,
    pub fingerprint: String,
    pub as_of: String,
    pub score: u32,
    pub establishment: Option<String>,
    pub finess: Option<String>,
    pub title: Option<String>,
    pub version: Option<String>,
    /// The plan's language (`fr` or `en`): the letter is written in it.
    pub language: &'static str,
    /// The plan validates (no error diagnostic); the rules ran either way.
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub thresholds: Thresholds,
    /// The score bar in effect (profile, plan's `review:` section or `--min-score`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
    pub rules: Vec<RuleReport>,
    /// `rejected` when the plan is below its bar ([`Report::below_bar`]).
    pub verdict: Verdict,
    /// The plan's validation errors and warnings (a letter lists them when the plan does not validate).
    pub diagnostics: Vec<DiagOut>,
}

impl Report {
    /// Error-severity rules that fail.
    pub fn failed(&self, sev: Severity) -> impl Iterator<Item = &RuleReport> {
        self.rules
            .iter()
            .filter(move |r| r.status == Status::Fail && r.severity == sev)
    }

    /// Whether the plan is below its bar: a failing error rule, a score under `min_score`, or plan errors.
    pub fn below_bar(&self, min_score: Option<u32>) -> bool {
        !self.valid
            || self.failed(Severity::Error).next().is_some()
            || min_score.is_some_and(|m| self.score < m)
    }
}

/// Reviews a compiled plan as of `as_of`. `label` is the plan as the user named it.
pub fn review(c: &Compiled, label: &str, as_of: Date, settings: &Settings) -> Report {
    let ctx = Ctx {
        plan: &c.plan,
        map: &c.map,
        as_of,
        th: &settings.thresholds,
    };
    let rules: Vec<RuleReport> = ALL.iter().map(|r| run(r, &ctx, settings)).collect();
    let e = &c.plan.establishment;
    let m = &c.plan.manifest;
    let mut report = Report {
        plan: label.to_string(),
        title: m.title.as_ref().map(|t| t.v.clone()),
        version: m.version.as_ref().map(|t| t.v.clone()),
        language: match m.language {
            crate::model::Lang::En => "en",
            crate::model::Lang::Fr => "fr",
        },
        establishment: e.name.as_ref().map(|t| t.v.clone()),
        finess: e.finess_ej.as_ref().map(|t| t.v.clone()),
        fingerprint: fingerprint::fingerprint(&c.plan),
        as_of: as_of.format("%Y-%m-%d").to_string(),
        score: score(&rules),
        valid: !c.diags.has_errors(),
        errors: c.diags.count(Severity::Error),
        warnings: c.diags.count(Severity::Warning),
        thresholds: settings.thresholds.clone(),
        min_score: settings.min_score,
        rules,
        verdict: Verdict::Accepted,
        diagnostics: diagnostics(c),
    };
    if report.below_bar(settings.min_score) {
        report.verdict = Verdict::Rejected;
    }
    report
}

fn diagnostics(c: &Compiled) -> Vec<DiagOut> {
    c.diags
        .list
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let f = d
                .loc
                .and_then(|l| c.map.files.get(l.file as usize).map(|f| (f, l)));
            DiagOut {
                code: d.code_str(),
                severity: d.severity,
                message: d.message.clone(),
                file: f.map(|(f, _)| f.display.replace('\\', "/")),
                line: f.map(|(_, l)| l.line).filter(|&l| l > 0),
                column: f.map(|(_, l)| l.col).filter(|&c| c > 0),
                help: d.help.clone(),
            }
        })
        .collect()
}

fn run(rule: &Rule, ctx: &Ctx, settings: &Settings) -> RuleReport {
    let severity = settings
        .severity
        .get(rule.id)
        .copied()
        .unwrap_or(rule.severity);
    let (status, reason, findings) = match (rule.check)(ctx) {
        Outcome::NotApplicable(why) => (Status::NotApplicable, Some(why), Vec::new()),
        Outcome::Checked(fs) => {
            let failed = fs.iter().any(|f| !f.note);
            let st = if failed { Status::Fail } else { Status::Pass };
            (st, None, fs)
        }
    };
    RuleReport {
        id: rule.id,
        status,
        severity,
        title: rule.title,
        rationale: rule.rationale,
        fix: rule.fix,
        reason,
        findings: findings
            .into_iter()
            .map(|f| finding_out(f, severity, ctx.map))
            .collect(),
    }
}

fn finding_out(f: Finding, severity: Severity, map: &SourceMap) -> FindingOut {
    let file = f
        .loc
        .and_then(|l| map.files.get(l.file as usize))
        .map(|sf| sf.display.replace('\\', "/"));
    FindingOut {
        message: f.message,
        subject: f.subject,
        line: f
            .loc
            .filter(|l| l.line > 0 && file.is_some())
            .map(|l| l.line),
        file,
        severity: if f.note { Severity::Info } else { severity },
        page: None,
    }
}

fn weight(s: Severity) -> u32 {
    match s {
        Severity::Error => 3,
        Severity::Warning => 2,
        Severity::Info => 1,
    }
}

/// See the module doc for the formula.
pub fn score(rules: &[RuleReport]) -> u32 {
    let applicable = rules.iter().filter(|r| r.status != Status::NotApplicable);
    let (mut total, mut passed) = (0, 0);
    for r in applicable {
        total += weight(r.severity);
        if r.status == Status::Pass {
            passed += weight(r.severity);
        }
    }
    (100 * passed + total / 2).checked_div(total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rr(status: Status, severity: Severity) -> RuleReport {
        RuleReport {
            id: "X",
            status,
            severity,
            title: "",
            rationale: "",
            fix: "",
            reason: None,
            findings: vec![],
        }
    }

    #[test]
    fn score_weights_by_severity() {
        use Severity::*;
        use Status::*;
        assert_eq!(score(&[]), 100);
        assert_eq!(score(&[rr(NotApplicable, Error)]), 100);
        assert_eq!(score(&[rr(Pass, Error), rr(Fail, Warning)]), 60);
        assert_eq!(score(&[rr(Fail, Error), rr(Pass, Warning)]), 40);
        assert_eq!(
            score(&[rr(Pass, Info), rr(Fail, Info), rr(NotApplicable, Error)]),
            50
        );
    }
}
