//! Runs every rule on a compiled plan and builds the review report (spec §3's JSON shape, with a few added
//! fields: `title`, `establishment`, `finess`, `valid`, `errors`, `thresholds`, and per rule `title`,
//! `rationale`, `fix`, `reason`).
//!
//! **An invalid plan**: the validation errors are in the report (`diagnostics`: code, file, line, message),
//! and a rule that reads a part of the plan with an error (the manifest, the establishment, the contacts, the
//! exercises, the fragments: see [`needs`]) is not run — it is `not-applicable` with the reason — so that one
//! YAML error in `contacts.yaml` does not become twenty findings about contacts that are only unread.
//!
//! **Score** (0–100): every applicable rule weighs by its severity — error 3, warning 2, info 1 — and
//! `score = round(100 × weight of the rules that pass / weight of the applicable rules)`; 100 when no rule
//! applies. Rules that are not applicable count for nothing. Notes never lower the score.

use super::profile::{Settings, Thresholds};
use super::{ALL, Finding, Outcome, Rule, RuleInputs};
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
    /// The message in French (letters, the HTML page and the terminal letter of a French plan).
    pub message_fr: String,
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
    /// The reason in French.
    #[serde(skip)]
    pub reason_fr: Option<String>,
    /// Not run: it reads a part of the plan that has validation errors (see the report's `diagnostics`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_run: bool,
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
    /// The code itself, for the letters' French title and help ([`crate::diag::Code::title_fr`]).
    #[serde(skip)]
    pub kind: crate::diag::Code,
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
    /// The evidence matrix of `--framework`, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub framework: Option<super::matrix::Matrix>,
}

/// The parts of a plan a validation error can leave unread or wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// `pbn.yaml`, or an error without a place: everything depends on it.
    Manifest,
    /// `establishment.yaml` (and a layer's `applications.yaml`).
    Establishment,
    /// `contacts.yaml`, `contacts/*.yaml`, a layer's `contacts.yaml`.
    Contacts,
    Exercises,
    /// Every fragment file, the baseline's included.
    Fragments,
}

impl Part {
    /// The part as a reviewer names it: (English, French with its article).
    fn name(self) -> (&'static str, &'static str) {
        match self {
            Part::Manifest => ("pbn.yaml", "pbn.yaml"),
            Part::Establishment => ("establishment.yaml", "establishment.yaml"),
            Part::Contacts => (
                "the directory (contacts.yaml)",
                "l'annuaire (contacts.yaml)",
            ),
            Part::Exercises => ("exercises.yaml", "exercises.yaml"),
            Part::Fragments => (
                "the sheets and procedures (fragments)",
                "les fiches et procédures (fragments)",
            ),
        }
    }

    fn of_file(display: &str) -> Part {
        let d = display.replace('\\', "/");
        let base = d.rsplit('/').next().unwrap_or(&d);
        if d == "pbn.yaml" {
            Part::Manifest
        } else if base == "establishment.yaml" || base == "applications.yaml" {
            Part::Establishment
        } else if base == "contacts.yaml" || d.starts_with("contacts/") {
            Part::Contacts
        } else if base == "exercises.yaml" {
            Part::Exercises
        } else {
            Part::Fragments
        }
    }
}

/// The parts each rule reads. A rule not listed reads everything.
pub fn needs(id: &str) -> &'static [Part] {
    use Part::*;
    match id {
        "FINESS-KEY" | "PLAN-REVIEW-12M" | "CELL-DEPUTY" | "BACKUP-OFFLINE" | "TRAINING-PLAN"
        | "ROLE-OVERLOAD" | "CELL-ROOMS" | "REGIME-DECLARED" => &[Establishment],
        "PLAN-APPROVAL" => &[Establishment, Manifest],
        "CONTACT-247-CORE" | "CONTACT-EXT-MIN" | "PORTAL-DELEGATION" => &[Contacts, Establishment],
        "CONTACT-FRESH" => &[Contacts],
        "STEP-SIGNAL" | "STEP-CNIL-72H" | "STEP-PLAINTE-72H" | "STEP-NIS" | "ROLE-HOLDER" => {
            &[Fragments, Contacts, Establishment]
        }
        "NO-RANSOM" | "MAIN-COURANTE-FIRST" | "COMMS-TEMPLATES" => &[Fragments],
        "DEGRADED-COMPLETE" | "FUNCTION-COVERAGE" | "RTO-FITS" | "DEGRADED-NO-IT" => {
            &[Establishment, Fragments]
        }
        "EXERCISE-12M" => &[Exercises, Establishment, Contacts],
        "EXERCISE-RETEX" => &[Exercises],
        "CARE-D2-SCOPE" => &[Establishment, Fragments],
        "CARE-D2-TEST" => &[Establishment, Fragments, Exercises],
        _ => &[Manifest, Establishment, Contacts, Exercises, Fragments],
    }
}

/// The parts of the plan that the validation errors break.
fn broken(c: &Compiled) -> Vec<Part> {
    let mut parts = Vec::new();
    for d in c
        .diags
        .list
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let file = d.loc.and_then(|l| c.map.files.get(l.file as usize));
        let part = file.map_or(Part::Manifest, |f| Part::of_file(&f.display));
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.contains(&Part::Manifest) {
        parts = vec![
            Part::Manifest,
            Part::Establishment,
            Part::Contacts,
            Part::Exercises,
            Part::Fragments,
        ];
    }
    parts.sort();
    parts
}

/// A rule not run because it reads a broken part.
fn not_run(rule: &Rule, settings: &Settings, parts: &[Part]) -> RuleReport {
    let (names, names_fr): (Vec<&str>, Vec<&str>) = needs(rule.id)
        .iter()
        .filter(|p| parts.contains(p))
        .map(|p| p.name())
        .unzip();
    let (verb, verb_fr) = if names.len() > 1 {
        ("have", "comportent")
    } else {
        ("has", "comporte")
    };
    RuleReport {
        id: rule.id,
        status: Status::NotApplicable,
        severity: settings
            .severity
            .get(rule.id)
            .copied()
            .unwrap_or(rule.severity),
        title: rule.title,
        rationale: rule.rationale,
        fix: rule.fix,
        reason: Some(format!(
            "not run: {} {verb} validation errors (see the diagnostics); correct them and review again",
            names.join(" and ")
        )),
        reason_fr: Some(format!(
            "règle non appliquée : {} {verb_fr} des erreurs de validation (voir ci-dessus) ; les \
             corriger avant un nouvel examen",
            names_fr.join(" et ")
        )),
        not_run: true,
        findings: Vec::new(),
    }
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
    let ctx = RuleInputs {
        plan: &c.plan,
        map: &c.map,
        as_of,
        th: &settings.thresholds,
    };
    let parts = broken(c);
    let rules: Vec<RuleReport> = ALL
        .iter()
        .map(|r| {
            if needs(r.id).iter().any(|p| parts.contains(p)) {
                not_run(r, settings, &parts)
            } else {
                run(r, &ctx, settings)
            }
        })
        .collect();
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
        framework: None,
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
                kind: d.code,
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

fn run(rule: &Rule, ctx: &RuleInputs, settings: &Settings) -> RuleReport {
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
    let (reason, reason_fr) = match reason {
        Some(m) => (Some(m.en), Some(m.fr)),
        None => (None, None),
    };
    RuleReport {
        id: rule.id,
        status,
        severity,
        title: rule.title,
        rationale: rule.rationale,
        fix: rule.fix,
        reason,
        reason_fr,
        not_run: false,
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
        message_fr: f.message_fr,
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
            reason_fr: None,
            not_run: false,
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

    /// One YAML error in contacts.yaml: the diagnostics are the reason, and the rules that read the contacts
    /// are not run (no "no contact holds the role `rssi`").
    #[test]
    fn an_invalid_plan_reports_its_errors_and_skips_what_they_break() {
        let k = crate::rules::testkit::Kit::base().edit(
            "contacts.yaml",
            "  - id: it2\n",
            "  - id: it2\n   bad: [\n",
        );
        let c = crate::app::compile(k.path()).unwrap();
        let r = review(&c, "p", k.as_of, &Settings::default());
        assert!(!r.valid);
        assert_eq!(r.diagnostics[0].code, "PBN001");
        assert_eq!(r.diagnostics[0].file.as_deref(), Some("contacts.yaml"));
        assert!(r.diagnostics[0].line.is_some());
        let rule = |id: &str| r.rules.iter().find(|x| x.id == id).unwrap();
        for id in [
            "CONTACT-247-CORE",
            "CONTACT-EXT-MIN",
            "ROLE-HOLDER",
            "STEP-CNIL-72H",
        ] {
            let x = rule(id);
            assert!(x.not_run && x.status == Status::NotApplicable, "{id}");
            assert!(x.reason.as_deref().unwrap().contains("contacts"), "{id}");
        }
        assert_eq!(
            rule("CONTACT-247-CORE").reason_fr.as_deref(),
            Some(
                "règle non appliquée : l'annuaire (contacts.yaml) comporte des erreurs de validation \
                 (voir ci-dessus) ; les corriger avant un nouvel examen"
            )
        );
        // Rules that do not read the contacts still run, and nothing fails for what was not read.
        assert_eq!(rule("FINESS-KEY").status, Status::Pass);
        assert_eq!(rule("NO-RANSOM").status, Status::Pass);
        assert!(
            r.rules.iter().all(|x| x.status != Status::Fail),
            "{:?}",
            r.rules
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(|x| x.id)
                .collect::<Vec<_>>()
        );
        assert!(r.below_bar(None));
    }

    #[test]
    fn an_error_in_the_manifest_stops_every_rule() {
        let k = crate::rules::testkit::Kit::base().edit(
            "pbn.yaml",
            "  language: fr\n",
            "  language: [fr\n",
        );
        let c = crate::app::compile(k.path()).unwrap();
        let r = review(&c, "p", k.as_of, &Settings::default());
        assert!(r.rules.iter().all(|x| x.not_run), "{:?}", r.diagnostics);
    }
}
