//! The summary table of a batch review: one row per plan (plan, establishment, FINESS, score, failed rules),
//! a broken plan in its row with the reason, then a one-line total.

use super::Reviewed;
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

/// One row's cells: plan, establishment, FINESS, score, failed rules (or the error).
fn row(r: &Reviewed) -> [String; 5] {
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
            "—".into(),
            format!("not reviewed: {error}"),
        ],
    }
}

pub fn render(results: &[Reviewed]) -> String {
    let head = ["plan", "establishment", "FINESS", "score", "failed rules"].map(String::from);
    let rows: Vec<[String; 5]> = results.iter().map(row).collect();
    let mut w = [0usize; 4];
    for r in std::iter::once(&head).chain(&rows) {
        for (i, c) in r.iter().take(4).enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut o = String::new();
    for r in std::iter::once(&head).chain(&rows) {
        let pad = |i: usize| w[i] - r[i].chars().count();
        let _ = writeln!(
            o,
            "{}{}  {}{}  {}{}  {}{}  {}",
            r[0],
            " ".repeat(pad(0)),
            r[1],
            " ".repeat(pad(1)),
            r[2],
            " ".repeat(pad(2)),
            " ".repeat(pad(3)),
            r[3],
            r[4]
        );
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
             score under --min-score marked !, or plan errors). Details: pbn review DIR, or --format html for \
             a dashboard with every report.",
            results.len(),
            results.len() - broken
        ),
        "",
    ));
    o
}
