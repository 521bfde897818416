//! `pbn verify DIR --manifest FILE`: do these sources (and the outputs next to the manifest) match the
//! manifest a hospital submitted? Exit 0 when everything matches, 1 naming each difference, 2 when the
//! manifest or the plan cannot be read.

use crate::app;
use crate::cli::VerifyFormat;
use crate::diag::Severity;
use crate::manifest::Manifest;
use crate::verify::{self, FileCheck, Verification};
use std::fmt::Write as _;
use std::path::Path;

pub fn run(dir: &Path, manifest_path: &Path, format: VerifyFormat) -> i32 {
    let text = match std::fs::read_to_string(manifest_path) {
        Ok(t) => t,
        Err(e) => return super::fatal(&format!("cannot read {}: {e}", manifest_path.display())),
    };
    let submitted = match Manifest::from_json(&text) {
        Ok(m) => m,
        Err(e) => return super::fatal(&format!("{}: {e}", manifest_path.display())),
    };
    let c = match app::compile(dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    let now = Manifest::new(&c.plan, &c.map, &submitted.audience, None, &[]);
    let manifest_dir = manifest_path.parent().unwrap_or(Path::new("."));
    let mut v = verify::verify(&submitted, manifest_dir, &now);
    if c.diags.has_errors() {
        v.notes.push(format!(
            "the plan has {} validation error(s) (see `pbn validate`)",
            c.diags.count(Severity::Error)
        ));
    }
    match format {
        VerifyFormat::Json => {
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            super::out(&s);
        }
        VerifyFormat::Human => super::out(&human(&v, manifest_path)),
    }
    if v.ok {
        crate::exit::OK
    } else {
        crate::exit::PLAN
    }
}

fn short(h: &Option<String>) -> String {
    h.as_deref()
        .map_or("—".into(), |h| h.chars().take(12).collect())
}

fn line(kind: &str, c: &FileCheck, o: &mut String) {
    use crate::verify::FileStatus as S;
    let _ = match c.status {
        S::Ok => return,
        S::Changed => writeln!(
            o,
            "changed: {kind} {} (sha256 {}… in the manifest, {}… now)",
            c.path,
            short(&c.expected),
            short(&c.actual)
        ),
        S::Missing => writeln!(
            o,
            "missing: {kind} {} is in the manifest but was not read",
            c.path
        ),
        S::Added => writeln!(
            o,
            "added: {kind} {} was read but is not in the manifest",
            c.path
        ),
        S::NotPresent => writeln!(
            o,
            "note: output {} is not next to the manifest, not checked",
            c.path
        ),
        S::BadPath => writeln!(
            o,
            "invalid: output path {} leaves the manifest's folder",
            c.path
        ),
    };
}

fn human(v: &Verification, manifest: &Path) -> String {
    let mut o = String::new();
    v.sources.iter().for_each(|c| line("source", c, &mut o));
    v.outputs.iter().for_each(|c| line("output", c, &mut o));
    if !v.fingerprint_ok {
        let _ = writeln!(
            o,
            "fingerprint: the manifest says {}, the sources give {}",
            v.expected_fingerprint, v.actual_fingerprint
        );
    }
    for n in &v.notes {
        let _ = writeln!(o, "note: {n}");
    }
    let count = |cs: &[FileCheck], st| cs.iter().filter(|c| c.status == st).count();
    let ok_sources = count(&v.sources, crate::verify::FileStatus::Ok);
    let ok_outputs = count(&v.outputs, crate::verify::FileStatus::Ok);
    if v.ok {
        let _ = writeln!(
            o,
            "ok: {ok_sources} source file(s) and {ok_outputs} output(s) match {}; fingerprint {}",
            manifest.display(),
            v.actual_fingerprint
        );
    } else {
        let diffs = v
            .sources
            .iter()
            .chain(&v.outputs)
            .filter(|c| c.status.fails())
            .count()
            + usize::from(!v.fingerprint_ok);
        let _ = writeln!(
            o,
            "verify failed: {diffs} difference(s) with {}",
            manifest.display()
        );
    }
    o
}
