//! The summary table of a batch review: one row per plan (plan, establishment, FINESS, verdict, score, failed
//! rules), a broken plan in its row with the reason, then what only the batch shows (`batch_findings`) and a
//! one-line total. In the batch's language ([`words::of_batch`], like the dashboard): French unless every plan
//! is in English.

use super::Reviewed;
use super::batch::BatchFinding;
use super::words::{self, Words};
use crate::rules::report::Status;
use crate::rules::report::Verdict;
use std::fmt::Write as _;

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// One row's cells: plan, establishment, FINESS, verdict, score, failed rules (or the error).
fn row(w: &Words, r: &Reviewed) -> [String; 6] {
    match r {
        Reviewed::Ok { report, min_score } => {
            let mut failed: Vec<String> = report
                .rules
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(|x| x.id.to_string())
                .collect();
            if !report.valid {
                let invalid = w.invalid.replace("{n}", &report.errors.to_string());
                failed.insert(0, format!("[{invalid}]"));
            }
            let under = min_score.is_some_and(|m| report.score < m);
            [
                report.plan.clone(),
                cut(report.establishment.as_deref().unwrap_or("—"), 42),
                report.finess.clone().unwrap_or_else(|| "—".into()),
                verdict(w, report.verdict).to_string(),
                format!("{}{}", report.score, if under { "!" } else { "" }),
                if failed.is_empty() {
                    "—".into()
                } else {
                    failed.join(" ")
                },
            ]
        }
        Reviewed::Broken { plan, error } => [
            plan.clone(),
            "—".into(),
            "—".into(),
            verdict(w, Verdict::Rejected).to_string(),
            "—".into(),
            format!("{}{}{error}", w.not_reviewed, sep(w)),
        ],
    }
}

fn verdict(w: &Words, v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => w.accepted,
        Verdict::Rejected => w.rejected,
    }
}

fn sep(w: &Words) -> &'static str {
    if w.lang == "en" { ": " } else { " : " }
}

pub fn render(results: &[Reviewed], batch: &[BatchFinding]) -> String {
    let w = words::of_batch(results.iter().filter_map(|r| match r {
        Reviewed::Ok { report, .. } => Some(report.as_ref()),
        Reviewed::Broken { .. } => None,
    }));
    let head = [
        w.plan,
        w.establishment,
        "FINESS",
        w.verdict,
        w.score,
        w.failed_rules,
    ]
    .map(String::from);
    let rows: Vec<[String; 6]> = results.iter().map(|r| row(w, r)).collect();
    let mut width = [0usize; 5];
    for r in std::iter::once(&head).chain(&rows) {
        for (i, c) in r.iter().take(5).enumerate() {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let mut o = String::new();
    for r in std::iter::once(&head).chain(&rows) {
        let pad = |i: usize| width[i] - r[i].chars().count();
        let _ = writeln!(
            o,
            "{}{}  {}{}  {}{}  {}{}  {}{}  {}",
            r[0],
            " ".repeat(pad(0)),
            r[1],
            " ".repeat(pad(1)),
            r[2],
            " ".repeat(pad(2)),
            r[3],
            " ".repeat(pad(3)),
            " ".repeat(pad(4)),
            r[4],
            r[5]
        );
    }
    if !batch.is_empty() {
        let _ = writeln!(o, "\n{}{}", w.across, sep(w).trim_end());
        for f in batch {
            let message = if w.lang == "en" {
                &f.message
            } else {
                &f.message_fr
            };
            o.push_str(&super::letter::wrap(
                &format!(
                    "{} [{}]{}{message}",
                    words::severity(w, f.severity),
                    f.kind,
                    sep(w)
                ),
                "  ",
            ));
            for p in &f.plans {
                let _ = writeln!(o, "      {p}");
            }
        }
    }
    let broken = results
        .iter()
        .filter(|r| matches!(r, Reviewed::Broken { .. }))
        .count();
    let below = results
        .iter()
        .filter(|r| !matches!(r, Reviewed::Broken { .. }) && r.below_bar())
        .count();
    o.push('\n');
    o.push_str(&super::letter::wrap(
        &total(w, results.len(), broken, below),
        "",
    ));
    o
}

/// The one-line total, with where to look next (a terminal reader may run these).
fn total(w: &Words, n: usize, broken: usize, below: usize) -> String {
    let read = n - broken;
    if w.lang == "en" {
        format!(
            "{n} plan(s): {read} reviewed, {broken} not readable; {below} below the bar (an error rule fails, a \
             score under --min-score marked !, or plan errors). Details: pbn review DIR, --format html for \
             a dashboard with every report, --format csv for a spreadsheet."
        )
    } else {
        format!(
            "{n} plan(s) : {read} examiné(s), {broken} illisible(s) ; {below} à corriger avant acceptation (une \
             règle bloquante non respectée, un score inférieur à --min-score marqué !, ou des erreurs de \
             validation). Détails : pbn review DOSSIER pour un plan, --format html pour un tableau de bord \
             avec chaque avis, --format csv pour un tableur."
        )
    }
}
