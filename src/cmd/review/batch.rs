//! What only a batch of submissions shows (spec §7.5 `batch_findings`): one FINESS claimed by different
//! establishments, one establishment submitting several times, one name under several FINESS numbers, and —
//! with `--expected FILE` — establishments expected but missing or present but not expected. Also the order of
//! a batch (`--sort`).

use super::Reviewed;
pub use crate::cli::SortKey;
use crate::diag::Severity;
use crate::rules::report::{Report, Verdict};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BatchFinding {
    /// `duplicate-finess`, `submitted-twice`, `same-name`, `missing`, `unexpected`.
    pub kind: &'static str,
    pub severity: Severity,
    pub finess: Vec<String>,
    /// The plans concerned, as named on the command line.
    pub plans: Vec<String>,
    pub message: String,
    /// The message in French (the dashboard of French plans).
    pub message_fr: String,
}

/// One expected establishment of `--expected FILE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub finess: String,
    pub label: String,
}

/// Reads `--expected FILE`: one FINESS a line, optionally followed by a label (`010000024 CH de Val`);
/// blank lines and `#` comments are skipped. A malformed line is an error naming `file:line`.
pub fn read_expected(path: &Path) -> Result<Vec<Expected>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(2, |c: char| c.is_whitespace() || c == ',' || c == ';');
        let finess = parts
            .next()
            .unwrap_or_default()
            .trim_matches('"')
            .to_string();
        if finess.len() != 9 || !finess.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!(
                "{}:{}: `{finess}` is not a FINESS number (9 characters); write one FINESS a line, \
                 optionally followed by a label",
                path.display(),
                i + 1
            ));
        }
        let label = parts.next().unwrap_or_default();
        let label = label.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        out.push(Expected {
            finess,
            label: label.trim_matches('"').to_string(),
        });
    }
    Ok(out)
}

/// A name compared loosely: case, accents kept, spaces collapsed.
fn same_name(n: &str) -> String {
    n.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn reports(results: &[Reviewed]) -> impl Iterator<Item = &Report> {
    results.iter().filter_map(|r| match r {
        Reviewed::Ok { report, .. } => Some(report.as_ref()),
        Reviewed::Broken { .. } => None,
    })
}

fn describe(r: &Report) -> String {
    let name = r.establishment.as_deref().unwrap_or("(not named)");
    let version = r.version.as_deref().unwrap_or("?");
    format!("{} ({name}, version {version})", r.plan)
}

/// Every batch finding, in a stable order (by kind, then FINESS).
pub fn findings(results: &[Reviewed], expected: Option<&[Expected]>) -> Vec<BatchFinding> {
    let mut by_finess: BTreeMap<&str, Vec<&Report>> = BTreeMap::new();
    let mut by_name: BTreeMap<String, Vec<&Report>> = BTreeMap::new();
    for r in reports(results) {
        if let Some(f) = &r.finess {
            by_finess.entry(f.as_str()).or_default().push(r);
        }
        if let Some(n) = &r.establishment {
            by_name.entry(same_name(n)).or_default().push(r);
        }
    }
    let mut out = Vec::new();
    for (finess, rs) in by_finess.iter().filter(|(_, rs)| rs.len() > 1) {
        out.push(shared_finess(finess, rs));
    }
    for rs in by_name.values() {
        let mut numbers: Vec<String> = rs.iter().filter_map(|r| r.finess.clone()).collect();
        numbers.sort();
        numbers.dedup();
        if numbers.len() > 1 {
            out.push(BatchFinding {
                kind: "same-name",
                severity: Severity::Warning,
                message: format!(
                    "one establishment name under {} FINESS numbers ({}): check which one is right",
                    numbers.len(),
                    numbers.join(", ")
                ),
                message_fr: format!(
                    "un même nom d'établissement sous {} numéros FINESS ({}) : vérifier lequel est le bon",
                    numbers.len(),
                    numbers.join(", ")
                ),
                finess: numbers,
                plans: rs.iter().map(|r| describe(r)).collect(),
            });
        }
    }
    if let Some(expected) = expected {
        out.extend(against_expected(&by_finess, results, expected));
    }
    out
}

fn shared_finess(finess: &str, rs: &[&Report]) -> BatchFinding {
    let mut names: Vec<String> = rs
        .iter()
        .map(|r| same_name(r.establishment.as_deref().unwrap_or("")))
        .collect();
    names.sort();
    names.dedup();
    let plans: Vec<String> = rs.iter().map(|r| describe(r)).collect();
    if names.len() == 1 {
        let identical = rs.windows(2).all(|w| w[0].fingerprint == w[1].fingerprint);
        BatchFinding {
            kind: "submitted-twice",
            severity: Severity::Warning,
            finess: vec![finess.to_string()],
            message: format!(
                "FINESS {finess}: the same establishment submitted {} plans{}; review the latest one only",
                rs.len(),
                if identical {
                    " (identical: same fingerprint)"
                } else {
                    ""
                }
            ),
            message_fr: format!(
                "FINESS {finess} : le même établissement a transmis {} plans{} ; n'examiner que le dernier",
                rs.len(),
                if identical {
                    " (identiques : même empreinte)"
                } else {
                    ""
                }
            ),
            plans,
        }
    } else {
        BatchFinding {
            kind: "duplicate-finess",
            severity: Severity::Error,
            finess: vec![finess.to_string()],
            message: format!(
                "FINESS {finess} is claimed by {} submissions of different establishments: at most one can be \
                 right",
                rs.len()
            ),
            message_fr: format!(
                "le FINESS {finess} est revendiqué par {} envois d'établissements différents : un seul au plus \
                 peut être exact",
                rs.len()
            ),
            plans,
        }
    }
}

fn against_expected(
    by_finess: &BTreeMap<&str, Vec<&Report>>,
    results: &[Reviewed],
    expected: &[Expected],
) -> Vec<BatchFinding> {
    let mut out = Vec::new();
    for e in expected
        .iter()
        .filter(|e| !by_finess.contains_key(e.finess.as_str()))
    {
        let who = if e.label.is_empty() {
            String::new()
        } else {
            format!(" ({})", e.label)
        };
        out.push(BatchFinding {
            kind: "missing",
            severity: Severity::Warning,
            finess: vec![e.finess.clone()],
            plans: Vec::new(),
            message: format!(
                "FINESS {}{who} is expected but no plan was submitted",
                e.finess
            ),
            message_fr: format!(
                "le FINESS {}{who} est attendu, mais aucun plan n'a été transmis",
                e.finess
            ),
        });
    }
    for r in reports(results) {
        let Some(f) = &r.finess else { continue };
        if !expected.iter().any(|e| &e.finess == f) {
            out.push(BatchFinding {
                kind: "unexpected",
                severity: Severity::Info,
                finess: vec![f.clone()],
                plans: vec![describe(r)],
                message: format!("FINESS {f} is not in the list of expected establishments"),
                message_fr: format!(
                    "le FINESS {f} n'est pas dans la liste des établissements attendus"
                ),
            });
        }
    }
    out
}

/// Sorts a batch; ties keep the command line's order.
pub fn sort(results: &mut [Reviewed], key: SortKey) {
    let score = |r: &Reviewed| match r {
        Reviewed::Ok { report, .. } => Some(report.score),
        Reviewed::Broken { .. } => None,
    };
    let verdict = |r: &Reviewed| match r {
        Reviewed::Ok { report, .. } => report.verdict,
        Reviewed::Broken { .. } => Verdict::Rejected,
    };
    let finess = |r: &Reviewed| match r {
        Reviewed::Ok { report, .. } => report.finess.clone(),
        Reviewed::Broken { .. } => None,
    };
    match key {
        SortKey::Score => results.sort_by_key(score),
        SortKey::Verdict => {
            results.sort_by_key(|r| (std::cmp::Reverse(verdict(r)), score(r)));
        }
        // Plans without a FINESS last.
        SortKey::Finess => results.sort_by_key(|r| (finess(r).is_none(), finess(r))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_list_is_read_and_checked() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("attendus.txt");
        std::fs::write(&p, "# ARS\n010000024 CH de Val\n\n010009900;Clinique\n").unwrap();
        let e = read_expected(&p).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].finess, "010009900");
        assert_eq!(e[1].label, "Clinique");
        std::fs::write(&p, "010000024\n12345\n").unwrap();
        let err = read_expected(&p).unwrap_err();
        assert!(
            err.contains("attendus.txt:2") && err.contains("12345"),
            "{err}"
        );
    }
}
