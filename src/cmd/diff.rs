//! `pbn diff OLD NEW`: compile both versions and print what changed (`crate::diff`), as a list for a terminal,
//! JSON (spec §3) or markdown for a reviewer's reply or a merge request. Differences are not errors: exit 0;
//! exit 2 only when a version cannot be read at all.

use crate::app;
use crate::cli::DiffFormat;
use crate::diff::{self, Change, ChangeKind};
use crate::fingerprint;
use std::fmt::Write as _;
use std::path::Path;

/// Leaf changes shown per object (human and markdown; JSON has them all).
const MAX_DETAILS: usize = 8;

pub fn run(old: &Path, new: &Path, format: DiffFormat) -> i32 {
    let mut plans = Vec::new();
    for dir in [old, new] {
        // A submission pack (`pbn pack`) is read from a temporary copy of its plan.
        let source = match crate::pack::PlanSource::open(dir) {
            Ok(s) => s,
            Err(e) => return super::fatal(&e),
        };
        match app::compile(&source.dir) {
            Ok(c) => {
                if c.diags.has_errors() {
                    super::err(&format!(
                        "warning: {} has {} error(s) (see `pbn validate`); compared as far as it could be read\n",
                        dir.display(),
                        c.diags.count(crate::diag::Severity::Error)
                    ));
                }
                plans.push(c.plan);
            }
            Err(e) => return super::fatal(&e.0),
        }
    }
    let (a, b) = (&plans[0], &plans[1]);
    let changes = diff::diff(a, b);
    let side = |dir: &Path, p| (dir.display().to_string(), fingerprint::fingerprint(p));
    let (o, n) = (side(old, a), side(new, b));
    let text = match format {
        DiffFormat::Json => json(&changes, &o, &n),
        DiffFormat::Human => human(&changes, &o, &n),
        DiffFormat::Markdown => markdown(&changes, &o, &n),
    };
    super::out(&text);
    crate::exit::OK
}

type Side = (String, String);

#[derive(serde::Serialize)]
struct Version<'a> {
    plan: &'a str,
    fingerprint: &'a str,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    changes: &'a [Change],
    old: Version<'a>,
    new: Version<'a>,
}

fn json(changes: &[Change], o: &Side, n: &Side) -> String {
    let v = JsonOut {
        changes,
        old: Version {
            plan: &o.0,
            fingerprint: &o.1,
        },
        new: Version {
            plan: &n.0,
            fingerprint: &n.1,
        },
    };
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn cut(s: &str) -> String {
    if s.chars().count() <= 70 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(69).collect::<String>())
    }
}

fn detail_line(d: &diff::Detail) -> String {
    let show = |v: &Option<serde_json::Value>| v.as_ref().map(diff::compact);
    match (show(&d.old), show(&d.new)) {
        (Some(a), Some(b)) => format!("{}: {} → {}", d.path, cut(&a), cut(&b)),
        (None, Some(b)) => format!("{}: added {}", d.path, cut(&b)),
        (Some(a), None) => format!("{}: removed {}", d.path, cut(&a)),
        (None, None) => d.path.clone(),
    }
}

fn summary(changes: &[Change]) -> String {
    let count = |k| changes.iter().filter(|c| c.change == k).count();
    format!(
        "{} change(s): {} added, {} removed, {} modified",
        changes.len(),
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Modified)
    )
}

fn human(changes: &[Change], o: &Side, n: &Side) -> String {
    let mut s = format!("{} ({}) → {} ({})\n", o.0, o.1, n.0, n.1);
    if changes.is_empty() {
        s.push_str("no change\n");
        return s;
    }
    let _ = writeln!(s, "{}\n", summary(changes));
    for c in changes {
        let what = match (&c.name, c.change) {
            (_, ChangeKind::Modified) => c.fields.join(", "),
            (Some(n), _) => format!("« {n} »"),
            (None, _) => String::new(),
        };
        let line = format!("  {:<9} {}:{}  {what}", c.change.as_str(), c.kind, c.id);
        let _ = writeln!(s, "{}", line.trim_end());
        for d in c.details.iter().take(MAX_DETAILS) {
            let _ = writeln!(s, "              {}", detail_line(d));
        }
        if c.details.len() > MAX_DETAILS {
            let _ = writeln!(
                s,
                "              … and {} more",
                c.details.len() - MAX_DETAILS
            );
        }
    }
    s
}

/// Backticks and pipes would break a table cell or a code span.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('`', "'")
}

fn markdown(changes: &[Change], o: &Side, n: &Side) -> String {
    let mut s = format!(
        "### Changes to the plan\n\n`{}` (fingerprint `{}`) → `{}` (fingerprint `{}`): {}.\n",
        md(&o.0),
        o.1,
        md(&n.0),
        n.1,
        if changes.is_empty() {
            "no change".to_string()
        } else {
            summary(changes)
        }
    );
    if changes.is_empty() {
        return s;
    }
    s.push_str("\n| change | object | title | fields |\n|---|---|---|---|\n");
    for c in changes {
        let _ = writeln!(
            s,
            "| {} | `{}:{}` | {} | {} |",
            c.change.as_str(),
            md(&c.kind),
            md(&c.id),
            md(c.name.as_deref().unwrap_or("")),
            md(&c.fields.join(", "))
        );
    }
    let modified: Vec<&Change> = changes.iter().filter(|c| !c.details.is_empty()).collect();
    if !modified.is_empty() {
        s.push_str("\n<details><summary>Details</summary>\n\n");
        for c in modified {
            let _ = writeln!(s, "- `{}:{}`", md(&c.kind), md(&c.id));
            for d in c.details.iter().take(MAX_DETAILS) {
                let _ = writeln!(s, "  - `{}`", md(&detail_line(d)));
            }
            if c.details.len() > MAX_DETAILS {
                let _ = writeln!(s, "  - … and {} more", c.details.len() - MAX_DETAILS);
            }
        }
        s.push_str("\n</details>\n");
    }
    s
}
