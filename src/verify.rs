//! Does a plan (and its outputs) match a submitted `manifest.json`? The sources are hashed again exactly as
//! `pbn build` hashed them ([`Manifest::new`]: every file read from the plan directory and its shared layers,
//! by display path) and compared with the manifest's list: each file is `ok`, `changed`, `missing` (in the
//! manifest, not read now) or `added` (read now, not in the manifest). The fingerprint of the merged plan is
//! compared too. Outputs listed in the manifest are checked when they sit next to it; an output that is not
//! there is only noted (a reviewer often receives the sources and the manifest, not the PDF).

use crate::manifest::{FileDigest, Manifest, sha256};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    Ok,
    Changed,
    Missing,
    Added,
    /// An output the manifest lists but that is not next to it: not checked.
    NotPresent,
    /// An output path that would leave the manifest's folder: not read.
    BadPath,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Changed => "changed",
            FileStatus::Missing => "missing",
            FileStatus::Added => "added",
            FileStatus::NotPresent => "not-present",
            FileStatus::BadPath => "bad-path",
        }
    }

    /// Whether this status makes the verification fail.
    pub fn fails(self) -> bool {
        matches!(
            self,
            FileStatus::Changed | FileStatus::Missing | FileStatus::Added | FileStatus::BadPath
        )
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct FileCheck {
    pub path: String,
    pub status: FileStatus,
    /// SHA-256 in the manifest.
    pub expected: Option<String>,
    /// SHA-256 now.
    pub actual: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Verification {
    pub ok: bool,
    pub fingerprint_ok: bool,
    pub expected_fingerprint: String,
    pub actual_fingerprint: String,
    pub sources: Vec<FileCheck>,
    pub outputs: Vec<FileCheck>,
    /// Files in the manifest's folder (or entries of a pack) that the manifest does not list (spec §7.6).
    pub unlisted: Vec<String>,
    /// The folder is for another audience than the manifest says (`dist/ars/` holding an `internal` build).
    pub audience_mismatch: Option<String>,
    /// Things worth knowing that do not fail the check (other pbn or baseline version).
    pub notes: Vec<String>,
}

impl Verification {
    /// Recomputes `ok` after `unlisted` or `audience_mismatch` were filled.
    pub fn settle(&mut self) {
        self.ok = self.fingerprint_ok
            && self.sources.iter().all(|s| !s.status.fails())
            && self.outputs.iter().all(|s| !s.status.fails())
            && self.unlisted.is_empty()
            && self.audience_mismatch.is_none();
    }
}

/// Files of an output folder that its manifest does not list (spec §7.6: a folder holds exactly what its
/// manifest lists). A sub-folder holding its own `manifest.json` is another audience's folder (`dist/ars/`)
/// and is not counted; any other file or folder is, temporary files of an interrupted build included.
pub fn unlisted_in_folder(manifest: &Manifest, dir: &Path) -> Vec<String> {
    let listed: std::collections::BTreeSet<&str> = manifest
        .outputs
        .iter()
        .map(|o| o.path.as_str())
        .chain([crate::manifest::FILE_NAME])
        .collect();
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = read
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            if path.is_dir() {
                let other_build = path.join(crate::manifest::FILE_NAME).is_file();
                return (!other_build).then(|| format!("{name}/"));
            }
            (!listed.contains(name.as_str())).then_some(name)
        })
        .collect();
    out.sort();
    out
}

/// The audience a folder is for, judged by its name: `dist/ars/` is for `ars`. `None` when the name is not
/// an audience (`dist/`, `envoi/`).
pub fn folder_audience(dir: &Path, audiences: &[String]) -> Option<String> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    audiences.contains(&name).then_some(name)
}

fn compare(expected: &[FileDigest], actual: &[FileDigest]) -> Vec<FileCheck> {
    let e: BTreeMap<&str, &str> = expected
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let a: BTreeMap<&str, &str> = actual
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let mut paths: Vec<&str> = e.keys().chain(a.keys()).copied().collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .into_iter()
        .map(|p| {
            let (x, y) = (e.get(p).copied(), a.get(p).copied());
            let status = match (x, y) {
                (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => FileStatus::Ok,
                (Some(_), Some(_)) => FileStatus::Changed,
                (Some(_), None) => FileStatus::Missing,
                _ => FileStatus::Added,
            };
            FileCheck {
                path: p.to_string(),
                status,
                expected: x.map(str::to_string),
                actual: y.map(str::to_string),
            }
        })
        .collect()
}

/// A relative path that stays inside its folder.
fn contained(p: &str) -> bool {
    let path = Path::new(p);
    !p.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

fn outputs(manifest: &Manifest, dir: &Path) -> Vec<FileCheck> {
    manifest
        .outputs
        .iter()
        .map(|o| {
            let mut check = FileCheck {
                path: o.path.clone(),
                status: FileStatus::BadPath,
                expected: Some(o.sha256.clone()),
                actual: None,
            };
            if !contained(&o.path) {
                return check;
            }
            match std::fs::read(dir.join(&o.path)) {
                Ok(bytes) => {
                    let h = sha256(&bytes);
                    check.status = if h.eq_ignore_ascii_case(&o.sha256) {
                        FileStatus::Ok
                    } else {
                        FileStatus::Changed
                    };
                    check.actual = Some(h);
                }
                Err(_) => check.status = FileStatus::NotPresent,
            }
            check
        })
        .collect()
}

/// Compares the submitted `manifest` (read from a file in `manifest_dir`) with `now`, the manifest of the
/// sources as they are ([`Manifest::new`] with no outputs).
pub fn verify(manifest: &Manifest, manifest_dir: &Path, now: &Manifest) -> Verification {
    let sources = compare(&manifest.sources, &now.sources);
    let outputs = outputs(manifest, manifest_dir);
    let fingerprint_ok = manifest
        .fingerprint_sha256
        .eq_ignore_ascii_case(&now.fingerprint_sha256);
    let mut notes = Vec::new();
    if manifest.baseline_version != now.baseline_version {
        notes.push(format!(
            "the manifest was built on baseline {}, this pbn embeds baseline {}: the fingerprint cannot match",
            manifest.baseline_version, now.baseline_version
        ));
    }
    if manifest.pbn_version != now.pbn_version {
        notes.push(format!(
            "the manifest was written by pbn {}, this is pbn {}",
            manifest.pbn_version, now.pbn_version
        ));
    }
    let mut v = Verification {
        ok: false,
        fingerprint_ok,
        expected_fingerprint: manifest.fingerprint.clone(),
        actual_fingerprint: now.fingerprint.clone(),
        sources,
        outputs,
        unlisted: Vec::new(),
        audience_mismatch: None,
        notes,
    };
    v.settle();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fd(p: &str, h: &str) -> FileDigest {
        FileDigest {
            path: p.into(),
            sha256: h.into(),
        }
    }

    #[test]
    fn each_file_gets_a_status() {
        let e = [fd("a.yaml", "1"), fd("b.yaml", "2"), fd("c.yaml", "3")];
        let a = [fd("a.yaml", "1"), fd("b.yaml", "9"), fd("d.yaml", "4")];
        let st: Vec<(String, FileStatus)> = compare(&e, &a)
            .into_iter()
            .map(|c| (c.path, c.status))
            .collect();
        assert_eq!(
            st,
            [
                ("a.yaml".into(), FileStatus::Ok),
                ("b.yaml".into(), FileStatus::Changed),
                ("c.yaml".into(), FileStatus::Missing),
                ("d.yaml".into(), FileStatus::Added),
            ]
        );
    }

    #[test]
    fn output_paths_stay_next_to_the_manifest() {
        assert!(contained("plan.pdf") && contained("sub/plan.html"));
        assert!(!contained("../plan.pdf") && !contained("/etc/passwd") && !contained(""));
    }
}
