//! `pbn verify`: does a submission match its manifest, and is it signed by the expected key?
//! - `pbn verify DIR --manifest FILE`: the plan's sources, and the outputs next to the manifest; the
//!   manifest's folder must hold exactly what the manifest lists (spec §7.6) and be for its audience;
//! - `pbn verify FILE.zip`: a pack (`pbn pack`): extracted with limits, its sources and outputs checked against
//!   its manifest, and every entry accounted for;
//! - `--pubkey KEY.pub`: first checks `FILE.minisig` (minisign format); a file that is neither a folder nor a
//!   pack is only checked against its signature.
//!
//! Exit 0 when everything matches, 1 naming each difference (a damaged pack or a bad signature too), 2 when
//! the manifest or the plan cannot be read.

use crate::app;
use crate::cli::VerifyFormat;
use crate::diag::Severity;
use crate::manifest::{self, Manifest};
use crate::pack::{self, PlanSource};
use crate::verify::{self, FileCheck, Verification};
use std::fmt::Write as _;
use std::path::{Component, Path};

pub fn run(
    target: &Path,
    manifest: Option<&Path>,
    pubkey: Option<&Path>,
    format: VerifyFormat,
) -> i32 {
    let mut signed = None;
    if let Some(key) = pubkey {
        match crate::sign::verify(target, key) {
            Ok(comment) => signed = Some(comment),
            Err(e) => {
                super::err(&format!(
                    "error[PBN{:03}]: {e}\n",
                    crate::diag::Code::BadSignature.number()
                ));
                return crate::exit::PLAN;
            }
        }
    }
    let is_pack = pack::is_pack(target);
    if !is_pack && !target.is_dir() {
        return match signed {
            Some(c) => {
                super::out(&format!("ok: {} is signed ({c})\n", target.display()));
                crate::exit::OK
            }
            None if target.exists() => super::fatal(&format!(
                "{} is neither a plan folder nor a pack: give --pubkey KEY.pub to check its signature",
                target.display()
            )),
            None => super::fatal(&format!("{} does not exist", target.display())),
        };
    }
    let source = if is_pack {
        match pack::open_pack(target) {
            Ok(s) => s,
            Err(e) => {
                super::err(&format!("{e}\n"));
                return crate::exit::PLAN;
            }
        }
    } else {
        match PlanSource::open(target) {
            Ok(s) => s,
            Err(e) => return super::fatal(&e),
        }
    };
    let manifest_path = match (manifest, &source.manifest) {
        (Some(m), _) => m.to_path_buf(),
        (None, Some(m)) => m.clone(),
        (None, None) => target.join("dist").join(manifest::FILE_NAME),
    };
    check(target, &source, &manifest_path, signed, format)
}

fn check(
    target: &Path,
    source: &PlanSource,
    manifest_path: &Path,
    signed: Option<String>,
    format: VerifyFormat,
) -> i32 {
    let text = match std::fs::read_to_string(manifest_path) {
        Ok(t) => t,
        Err(e) => return super::fatal(&format!("cannot read {}: {e}", manifest_path.display())),
    };
    let submitted = match Manifest::from_json(&text) {
        Ok(m) => m,
        Err(e) => return super::fatal(&format!("{}: {e}", manifest_path.display())),
    };
    let c = match app::compile(&source.dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    let now = Manifest::new(&c.plan, &c.map, &submitted.audience, None, &[]);
    let manifest_dir = manifest_path.parent().unwrap_or(Path::new("."));
    let mut v = verify::verify(&submitted, manifest_dir, &now);
    if source.manifest.is_some() {
        v.unlisted = unlisted_entries(source, &submitted);
    } else {
        v.unlisted = verify::unlisted_in_folder(&submitted, manifest_dir);
        let mut audiences: Vec<String> = crate::render::audience::BUILTIN
            .iter()
            .map(|s| s.to_string())
            .collect();
        audiences.extend(c.plan.manifest.audiences.iter().map(|a| a.name.v.clone()));
        if let Some(a) = verify::folder_audience(manifest_dir, &audiences)
            && a != submitted.audience
        {
            v.audience_mismatch = Some(format!(
                "{} is the `{a}` folder but its manifest is for `{}`",
                manifest_dir.display(),
                submitted.audience
            ));
        }
    }
    v.settle();
    if let Some(c) = signed {
        v.notes.push(format!("the signature is valid ({c})"));
    }
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
        VerifyFormat::Human => {
            let shown = if source.manifest.is_some() {
                target
            } else {
                manifest_path
            };
            super::out(&human(&v, shown));
        }
    }
    if v.ok {
        crate::exit::OK
    } else {
        crate::exit::PLAN
    }
}

/// `a/b/../c` → `a/c` (entry names are compared lexically).
fn normalise(p: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for c in Path::new(p).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    out.join("/")
}

/// Entries of a pack that neither its index, its manifest's sources nor its outputs account for.
fn unlisted_entries(source: &PlanSource, m: &Manifest) -> Vec<String> {
    let mut known: std::collections::BTreeSet<String> = m
        .sources
        .iter()
        .map(|s| normalise(&format!("{}/{}", source.plan_entry, s.path)))
        .collect();
    known.extend(m.outputs.iter().map(|o| format!("outputs/{}", o.path)));
    known.insert(pack::INDEX.into());
    known.insert(format!("outputs/{}", manifest::FILE_NAME));
    source
        .entries
        .iter()
        .filter(|e| !known.contains(e.as_str()))
        .cloned()
        .collect()
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
    // The folder that holds the stray file: the manifest's (`.` for a bare `manifest.json`).
    let folder = manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for u in &v.unlisted {
        let _ = writeln!(
            o,
            "error[PBN{:03}]: unlisted: {u} is in {} but {} does not list it (a stale or foreign file: \
             remove it, or build again into this folder)",
            crate::diag::Code::StrayOutput.number(),
            folder.display(),
            manifest.display()
        );
    }
    if let Some(a) = &v.audience_mismatch {
        let _ = writeln!(
            o,
            "error[PBN{:03}]: audience: {a}",
            crate::diag::Code::AudienceMismatch.number()
        );
    }
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
            + usize::from(!v.fingerprint_ok)
            + v.unlisted.len()
            + usize::from(v.audience_mismatch.is_some());
        let _ = writeln!(
            o,
            "verify failed: {diffs} difference(s) with {}",
            manifest.display()
        );
    }
    o
}
