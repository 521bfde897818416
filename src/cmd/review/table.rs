//! The summary table of a batch review: one row per plan (plan, establishment, FINESS, verdict, score, failed
//! rules), a broken plan in its row with the reason, then what only the batch shows (`batch_findings`) and a
//! one-line total.

use super::Reviewed;
use super::batch::BatchFinding;
use crate::rules::report::Status;
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
fn row(r: &Reviewed) -> [String; 6] {
    match r {
        Reviewed::Ok { report, min_score } => {
            let mut failed: Vec<String> = report
                .rules
                .iter()
                .filter(|x| x.status == Status::Fail)
                .map(|x| x.id.to_string())
                .collect();
            if !report.valid {
                failed.insert(0, format!("[invalid: {} error(s)]", report.errors));
            }
            let under = min_score.is_some_and(|m| report.score < m);
            [
                report.plan.clone(),
                cut(report.establishment.as_deref().unwrap_or("—"), 42),
                report.finess.clone().unwrap_or_else(|| "—".into()),
                report.verdict.as_str().to_string(),
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
            "rejected".into(),
            "—".into(),
            format!("not reviewed: {error}"),
        ],
    }
}

pub fn render(results: &[Reviewed], batch: &[BatchFinding]) -> String {
    let head = [
        "plan",
        "establishment",
        "FINESS",
        "verdict",
        "score",
        "failed rules",
    ]
    .map(String::from);
    let rows: Vec<[String; 6]> = results.iter().map(row).collect();
    let mut w = [0usize; 5];
    for r in std::iter::once(&head).chain(&rows) {
        for (i, c) in r.iter().take(5).enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut o = String::new();
    for r in std::iter::once(&head).chain(&rows) {
        let pad = |i: usize| w[i] - r[i].chars().count();
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
        o.push_str("\nAcross the batch:\n");
        for f in batch {
            o.push_str(&super::letter::wrap(
                &format!("{} [{}]: {}", f.severity.as_str(), f.kind, f.message),
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
        &format!(
            "{} plan(s): {} reviewed, {broken} not readable; {below} below the bar (an error rule fails, a \
             score under --min-score marked !, or plan errors). Details: pbn review DIR, --format html for \
             a dashboard with every report, --format csv for a spreadsheet.",
            results.len(),
            results.len() - broken
        ),
        "",
    ));
    o
}
