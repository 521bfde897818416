//! Spreadsheet exports (spec §7.5): `--format csv`, one row per plan, and `--format csv-findings`, one row per
//! finding. RFC 4180 (comma, CRLF, fields quoted when needed) through the `csv` crate, UTF-8; `--bom` starts
//! the file with a byte-order mark so that Excel reads the accents right (LibreOffice reads both).
//!
//! `errors` and `warnings` of a plan count what the establishment has to correct: the failing rules of that
//! severity plus the validation diagnostics of that severity. A plan that could not be read at all is a row
//! with its error in `establishment`, no score and the verdict `rejected`.

use super::Reviewed;
use crate::diag::Severity;
use crate::rules::report::Report;

pub const PLAN_COLUMNS: [&str; 9] = [
    "plan",
    "establishment",
    "finess",
    "version",
    "fingerprint",
    "score",
    "errors",
    "warnings",
    "verdict",
];

/// The spec's eight columns, then `message_fr`: the message in French for a French reviewer's spreadsheet,
/// without Markdown marks (`message` stays English and as written: scripts match on it). A validation
/// diagnostic's French message is its code's French title, then its own (English) message.
pub const FINDING_COLUMNS: [&str; 9] = [
    "plan",
    "finess",
    "rule",
    "severity",
    "subject",
    "file",
    "line",
    "message",
    "message_fr",
];

fn finish(w: csv::Writer<Vec<u8>>, bom: bool) -> Result<String, String> {
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(if bom { format!("\u{feff}{text}") } else { text })
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn to_fix(r: &Report, sev: Severity) -> usize {
    r.failed(sev).count() + r.diagnostics.iter().filter(|d| d.severity == sev).count()
}

/// One row per plan.
pub fn plans(results: &[Reviewed], bom: bool) -> Result<String, String> {
    let mut w = writer();
    w.write_record(PLAN_COLUMNS).map_err(|e| e.to_string())?;
    for r in results {
        let row: [String; 9] = match r {
            Reviewed::Ok { report: r, .. } => [
                r.plan.clone(),
                r.establishment.clone().unwrap_or_default(),
                r.finess.clone().unwrap_or_default(),
                r.version.clone().unwrap_or_default(),
                r.fingerprint.clone(),
                r.score.to_string(),
                to_fix(r, Severity::Error).to_string(),
                to_fix(r, Severity::Warning).to_string(),
                r.verdict.as_str().to_string(),
            ],
            Reviewed::Broken { plan, error } => [
                plan.clone(),
                format!("not reviewed: {error}"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "rejected".into(),
            ],
        };
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    finish(w, bom)
}

/// One row per finding: the validation diagnostics first (`rule` is their code), then each rule's findings.
pub fn findings(results: &[Reviewed], bom: bool) -> Result<String, String> {
    let mut w = writer();
    w.write_record(FINDING_COLUMNS).map_err(|e| e.to_string())?;
    for r in results {
        let Reviewed::Ok { report: r, .. } = r else {
            if let Reviewed::Broken { plan, error } = r {
                let fr = format!("non examiné : {error}");
                let row = [
                    plan.as_str(),
                    "",
                    "",
                    "error",
                    "",
                    "",
                    "",
                    error.as_str(),
                    &fr,
                ];
                w.write_record(row).map_err(|e| e.to_string())?;
            }
            continue;
        };
        let finess = r.finess.clone().unwrap_or_default();
        for d in &r.diagnostics {
            w.write_record([
                r.plan.clone(),
                finess.clone(),
                d.code.clone(),
                d.severity.as_str().into(),
                String::new(),
                d.file.clone().unwrap_or_default(),
                d.line.map(|l| l.to_string()).unwrap_or_default(),
                d.message.clone(),
                format!(
                    "{} : {}",
                    d.kind.title_fr(),
                    super::words::plain(&d.message)
                ),
            ])
            .map_err(|e| e.to_string())?;
        }
        for rule in &r.rules {
            for f in &rule.findings {
                w.write_record([
                    r.plan.clone(),
                    finess.clone(),
                    rule.id.to_string(),
                    f.severity.as_str().into(),
                    f.subject.clone(),
                    f.file.clone().unwrap_or_default(),
                    f.line.map(|l| l.to_string()).unwrap_or_default(),
                    f.message.clone(),
                    super::words::plain(&f.message_fr),
                ])
                .map_err(|e| e.to_string())?;
            }
        }
    }
    finish(w, bom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_bom() {
        let rs = vec![Reviewed::Broken {
            plan: "a,b".into(),
            error: "say \"no\"\nthen stop".into(),
        }];
        let t = plans(&rs, true).unwrap();
        assert!(t.starts_with("\u{feff}plan,establishment,"));
        assert!(
            t.contains("\"a,b\",\"not reviewed: say \"\"no\"\"\nthen stop\",,,,,,,rejected\r\n")
        );
        let t = findings(&rs, false).unwrap();
        assert!(
            t.starts_with("plan,finess,rule,severity,subject,file,line,message,message_fr\r\n")
        );
    }
}
