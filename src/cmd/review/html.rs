//! The review as one offline HTML file a reviewer can send back: inline CSS, no script, no request to anything
//! (no font, image or link outside the page). Several plans: a dashboard (the summary table, what only the
//! batch shows, then each report folded in a `<details>`).
//!
//! This module builds the page's view (every sentence in the report's language, from [`super::words`]); the
//! markup is `templates/review.html.tera` (the page and the dashboard) and `templates/review-report.html.tera`
//! (one report, a component), the style `templates/review.css`, all compiled into the binary. Autoescaping is
//! on: every piece of plan text is escaped by tera.

use super::letter::{self, place};
use super::words::{self, Words, plain};
use super::{Reviewed, batch};
use crate::diag::Severity;
use crate::rules::report::{Report, RuleReport, Status, Verdict};
use serde::Serialize;
use tera::{Context, Tera, Value};

const TEMPLATES: &[(&str, &str)] = &[
    (
        "review.html",
        include_str!("../../../templates/review.html.tera"),
    ),
    (
        "review-report.html",
        include_str!("../../../templates/review-report.html.tera"),
    ),
];
const CSS: &str = include_str!("../../../templates/review.css");

/// One report, every line in its own language.
#[derive(Serialize)]
struct ReportView {
    w: &'static Words,
    /// `plan-N` in a dashboard (the summary table links to it).
    anchor: Option<String>,
    plan: String,
    establishment: String,
    meta: String,
    rejected: bool,
    verdict: String,
    score: u32,
    score_line: String,
    meaning: String,
    thresholds: Option<String>,
    /// The validation diagnostics, when the plan does not validate.
    validation: Option<Vec<words::DiagLines>>,
    framework: Option<FrameworkView>,
    /// The failing rules by severity, then the rules with notes.
    groups: Vec<Group>,
    every_rule: Vec<RuleRow>,
}

#[derive(Serialize)]
struct FrameworkView {
    title: String,
    rows: Vec<ObjectiveRow>,
}

#[derive(Serialize)]
struct ObjectiveRow {
    id: &'static str,
    title: &'static str,
    class: &'static str,
    status: &'static str,
    rules: String,
    evidence: String,
    source: &'static str,
}

#[derive(Serialize)]
struct Group {
    heading: &'static str,
    rules: Vec<RuleView>,
}

#[derive(Serialize)]
struct RuleView {
    class: &'static str,
    id: &'static str,
    title: String,
    findings: Vec<FindingView>,
    /// The rationale (English letters only: the French ones say how to fix).
    why: Option<String>,
    fix: Option<String>,
}

#[derive(Serialize)]
struct FindingView {
    subject: String,
    place: String,
    message: String,
}

#[derive(Serialize)]
struct RuleRow {
    id: &'static str,
    class: &'static str,
    status: &'static str,
    severity: &'static str,
    title: String,
}

fn rule_view(w: &Words, r: &RuleReport, notes_only: bool) -> RuleView {
    let findings = r
        .findings
        .iter()
        .filter(|f| (f.severity == Severity::Info) == notes_only)
        .map(|f| FindingView {
            subject: f.subject.clone(),
            place: place(w, f),
            message: words::message(w, f),
        })
        .collect();
    RuleView {
        class: if notes_only {
            "info"
        } else {
            r.severity.as_str()
        },
        id: r.id,
        title: words::rule_title(w, r.id, r.title),
        findings,
        why: (!notes_only && w.lang == "en").then(|| plain(r.rationale)),
        fix: (!notes_only).then(|| words::rule_fix(w, r.id, r.fix)),
    }
}

fn framework(w: &Words, r: &Report) -> Option<FrameworkView> {
    let m = r.framework.as_ref()?;
    let sep = if w.lang == "en" { ": " } else { " : " };
    let rows = m
        .objectives
        .iter()
        .map(|ob| {
            let (title, status) = words::objective(w, ob);
            ObjectiveRow {
                id: ob.id,
                title,
                class: ob.status.class(),
                status,
                rules: ob.rules.join(", "),
                evidence: words::evidence(w, ob),
                source: ob.source,
            }
        })
        .collect();
    Some(FrameworkView {
        title: format!("{}{sep}{}", w.framework, words::framework_title(w, m)),
        rows,
    })
}

fn groups(w: &Words, r: &Report) -> Vec<Group> {
    let mut out: Vec<Group> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|sev| Group {
            heading: words::heading(w, sev),
            rules: r.failed(sev).map(|x| rule_view(w, x, false)).collect(),
        })
        .collect();
    out.push(Group {
        heading: w.for_information,
        rules: r
            .rules
            .iter()
            .filter(|x| x.findings.iter().any(|f| f.severity == Severity::Info))
            .map(|x| rule_view(w, x, true))
            .collect(),
    });
    out.retain(|g| !g.rules.is_empty());
    out
}

fn every_rule(w: &Words, r: &Report) -> Vec<RuleRow> {
    r.rules
        .iter()
        .map(|x| {
            let title = words::rule_title(w, x.id, x.title);
            RuleRow {
                id: x.id,
                class: x.status.as_str(),
                status: words::status(w, x.status),
                severity: words::severity(w, x.severity),
                title: match &x.reason {
                    Some(_) => format!("{title} — {}", words::reason(w, x)),
                    None => title,
                },
            }
        })
        .collect()
}

fn report_view(r: &Report, anchor: Option<String>) -> ReportView {
    let w = words::of(r);
    let date = words::as_of(r).map_or(r.as_of.clone(), |d| words::date(w, d));
    let (score_line, meaning) = words::score(w, r);
    ReportView {
        w,
        anchor,
        plan: r.plan.clone(),
        establishment: r.establishment.as_deref().unwrap_or(w.unnamed).to_string(),
        meta: format!("{} · {} {date}", letter::identity(w, r), w.as_of),
        rejected: r.verdict == Verdict::Rejected,
        verdict: words::verdict(w, r),
        score: r.score,
        score_line,
        meaning,
        thresholds: words::thresholds(w, r),
        validation: (!r.valid).then(|| {
            r.diagnostics
                .iter()
                .map(|d| words::diagnostic(w, d))
                .collect()
        }),
        framework: framework(w, r),
        groups: groups(w, r),
        every_rule: every_rule(w, r),
    }
}

/// The page around one report or a dashboard.
#[derive(Serialize)]
struct Page<'a> {
    w: &'static Words,
    title: String,
    footer: String,
    dashboard: Option<Dashboard<'a>>,
    reports: Vec<ReportView>,
}

#[derive(Serialize)]
struct Dashboard<'a> {
    title: String,
    as_of: String,
    rows: Vec<SummaryRow>,
    found: Vec<FoundView<'a>>,
}

/// One row of the summary table; `anchor` is none for a plan that could not be read.
#[derive(Serialize)]
struct SummaryRow {
    anchor: Option<String>,
    plan: String,
    establishment: String,
    finess: String,
    /// `fail` (rejected) or `pass`: the verdict's and the score's colour.
    class: &'static str,
    verdict: &'static str,
    score: String,
    invalid: Option<String>,
    failed: String,
}

#[derive(Serialize)]
struct FoundView<'a> {
    severity: &'static str,
    kind: &'static str,
    message: &'a str,
    plans: String,
}

/// The verdict of a plan in the dashboard's language.
fn verdict_word(w: &Words, v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => w.accepted,
        Verdict::Rejected => w.rejected,
    }
}

fn summary_row(w: &Words, i: usize, r: &Reviewed) -> SummaryRow {
    match r {
        Reviewed::Ok { report, .. } => {
            let failed: Vec<&str> = report
                .rules
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(|x| x.id)
                .collect();
            SummaryRow {
                anchor: Some(format!("plan-{i}")),
                plan: report.plan.clone(),
                establishment: report.establishment.clone().unwrap_or_else(|| "—".into()),
                finess: report.finess.clone().unwrap_or_else(|| "—".into()),
                class: if report.verdict == Verdict::Rejected {
                    "fail"
                } else {
                    "pass"
                },
                verdict: verdict_word(w, report.verdict),
                score: report.score.to_string(),
                invalid: (!report.valid)
                    .then(|| w.invalid.replace("{n}", &report.errors.to_string())),
                failed: failed.join(" "),
            }
        }
        Reviewed::Broken { plan, error } => SummaryRow {
            anchor: None,
            plan: plan.clone(),
            establishment: "—".into(),
            finess: "—".into(),
            class: "fail",
            verdict: w.rejected,
            score: "—".into(),
            invalid: None,
            failed: format!(
                "{}{}{error}",
                w.not_reviewed,
                if w.lang == "en" { ": " } else { " : " }
            ),
        },
    }
}

/// The page through the built-in templates; an error is a template bug, reported as the review's failure.
fn render(page: &Page) -> Result<String, String> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html"]);
    tera.add_raw_templates(TEMPLATES.iter().copied())
        .and_then(|()| {
            let mut ctx = Context::from_serialize(page)?;
            ctx.insert("css", &Value::safe_string(CSS.trim_end()));
            tera.render(TEMPLATES[0].0, &ctx)
        })
        .map_err(|e| format!("cannot render the review page: {e}"))
}

fn footer(w: &Words) -> String {
    w.footer.replace("{v}", env!("CARGO_PKG_VERSION"))
}

pub fn single(r: &Report) -> Result<String, String> {
    let w = words::of(r);
    let name = r.establishment.as_deref().unwrap_or(&r.plan);
    render(&Page {
        w,
        title: format!("{} — {name} — {}", w.title, r.as_of),
        footer: footer(w),
        dashboard: None,
        reports: vec![report_view(r, None)],
    })
}

/// Several plans on one page, in French unless every plan is in English ([`words::of_batch`]): the summary
/// table, what only the batch shows, then each plan's report in its own language.
pub fn dashboard(results: &[Reviewed], found: &[batch::BatchFinding]) -> Result<String, String> {
    let reports = results.iter().filter_map(|r| match r {
        Reviewed::Ok { report, .. } => Some(report.as_ref()),
        Reviewed::Broken { .. } => None,
    });
    let w = words::of_batch(reports.clone());
    let as_of = reports
        .clone()
        .next()
        .map(|r| words::as_of(r).map_or(r.as_of.clone(), |d| words::date(w, d)))
        .unwrap_or_default();
    let title = w.dashboard.replace("{n}", &results.len().to_string());
    let found = found
        .iter()
        .map(|f| FoundView {
            severity: f.severity.as_str(),
            kind: f.kind,
            message: if w.lang == "en" {
                &f.message
            } else {
                &f.message_fr
            },
            plans: f.plans.join(" · "),
        })
        .collect();
    let views = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            Reviewed::Ok { report, .. } => Some(report_view(report, Some(format!("plan-{i}")))),
            Reviewed::Broken { .. } => None,
        })
        .collect();
    render(&Page {
        w,
        title: format!("{title} — {as_of}"),
        footer: footer(w),
        dashboard: Some(Dashboard {
            title,
            as_of,
            rows: results
                .iter()
                .enumerate()
                .map(|(i, r)| summary_row(w, i, r))
                .collect(),
            found,
        }),
        reports: views,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plan text reaches the page escaped by the templates (the establishment's name, in the header, the
    /// summary table and the folded report's summary), and the page loads nothing.
    #[test]
    fn plan_text_is_escaped_in_the_page_and_the_dashboard() {
        let k = crate::rules::testkit::Kit::base().edit(
            "establishment.yaml",
            "Centre hospitalier de Test",
            "CH <script>alert(1)</script> & \\\"Fils\\\"",
        );
        let reviewer = crate::rules::profile::Profile::default();
        let opts = super::super::Options {
            as_of: "2026-11-29".parse().unwrap(),
            reviewer: &reviewer,
            with_pages: false,
            framework: None,
        };
        let r = super::super::review_one(k.path(), &opts);
        let Reviewed::Ok { report, .. } = &r else {
            panic!("not reviewed")
        };
        assert_eq!(
            report.establishment.as_deref(),
            Some("CH <script>alert(1)</script> & \"Fils\"")
        );
        let one = single(report).unwrap();
        let many = dashboard(std::slice::from_ref(&r), &[]).unwrap();
        for page in [&one, &many] {
            assert!(!page.contains("<script"), "{page}");
            assert!(
                page.contains("CH &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Fils&quot;"),
                "{page}"
            );
            assert!(!page.contains("http") && !page.contains("src="));
            assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
            assert!(page.ends_with("</footer>\n</body>\n</html>\n"));
        }
        assert_eq!(many.matches("&lt;script&gt;").count(), 3, "{many}");
    }
}
