//! SARIF 2.1.0 for GitHub code scanning and the SARIF multitool (spec §7.5).
//!
//! Artifact URIs are relative to the repository root — the nearest folder holding `.git` above the current
//! folder, else the current folder — under the `uriBaseId` `%SRCROOT%`, normalised (no `..`, symlinks resolved)
//! and percent-encoded; `originalUriBaseIds` gives that root as a `file://` URI. A file outside the root is named by
//! its absolute `file://` URI. Columns count Unicode code points, as pbn's do.

use super::emit::file_of;
use super::{Code, Diags, Severity};
use crate::source::SourceMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// RFC 3986 unreserved characters stay as they are; everything else in a path segment is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The base every relative URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// One plan's diagnostics, with the folder its `pbn.yaml` is in (for diagnostics without a file of their own).
pub struct PlanDiags<'a> {
    pub diags: &'a Diags,
    pub map: &'a SourceMap,
    pub plan_dir: &'a Path,
}

/// The repository root for SARIF URIs: the nearest folder holding `.git` from `cwd` upwards, else `cwd`.
pub fn repository_root(cwd: &Path) -> PathBuf {
    let cwd = absolute(cwd, cwd);
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map_or_else(|| cwd.clone(), Path::to_path_buf)
}

/// A SARIF log with one run holding the results of every plan.
pub fn sarif(plans: &[PlanDiags], root: &Path) -> String {
    let used: BTreeSet<Code> = plans
        .iter()
        .flat_map(|p| p.diags.list.iter().map(|d| d.code))
        .collect();
    let results: Vec<Value> = plans.iter().flat_map(|p| results(p, root)).collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "pbn",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/pbn-plan/pbn",
                "rules": used.iter().map(|c| rule(*c)).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": {SRCROOT: {"uri": directory_uri(root)}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
}

fn rule(c: Code) -> Value {
    json!({
        "id": format!("PBN{:03}", c.number()),
        "name": format!("{c:?}"),
        "shortDescription": {"text": c.description()},
        "defaultConfiguration": {"level": level(c.severity())},
        "helpUri": "https://github.com/pbn-plan/pbn/blob/main/docs/diagnostics.md",
    })
}

fn results(p: &PlanDiags, root: &Path) -> Vec<Value> {
    p.diags
        .list
        .iter()
        .map(|d| {
            let real = d
                .loc
                .and_then(|l| p.map.files.get(l.file as usize))
                .and_then(|f| f.path.clone());
            // A diagnostic without a file on disk (the embedded baseline, the plan as a whole) points at the
            // plan's manifest, which is what declares the layers.
            let (path, line, col) = match (real, file_of(p.map, d.loc)) {
                (Some(path), Some((_, l, c))) => (path, l.max(1), c.max(1)),
                _ => (p.plan_dir.join("pbn.yaml"), 1, 1),
            };
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(" (");
                text.push_str(h);
                text.push(')');
            }
            json!({
                "ruleId": d.code_str(),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact(&path, root),
                    "region": {"startLine": line, "startColumn": col},
                }}],
            })
        })
        .collect()
}

/// `{"uri": "fragments/x.yaml", "uriBaseId": "%SRCROOT%"}` inside the root, else an absolute `file://` URI.
fn artifact(path: &Path, root: &Path) -> Value {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = absolute(path, &cwd);
    match path.strip_prefix(root) {
        Ok(rel) => json!({"uri": encode_relative(rel), "uriBaseId": SRCROOT}),
        Err(_) => json!({"uri": file_uri(&path)}),
    }
}

/// An absolute, normalised path: symlinks resolved where the file exists, `.` and `..` removed otherwise.
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn encode_relative(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => {
                Some(utf8_percent_encode(&s.to_string_lossy(), SEGMENT).to_string())
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn file_uri(path: &Path) -> String {
    format!("file:///{}", encode_relative(path))
}

/// A folder's `file://` URI, ending with `/` as SARIF requires of a base.
fn directory_uri(dir: &Path) -> String {
    let uri = file_uri(dir);
    if uri.ends_with('/') {
        uri
    } else {
        format!("{uri}/")
    }
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_uris_are_normalised_and_encoded() {
        let root = Path::new("/nonexistent-root");
        let a = artifact(
            Path::new("/nonexistent-root/plan/../ght/mé tier.yaml"),
            root,
        );
        assert_eq!(a["uri"], "ght/m%C3%A9%20tier.yaml");
        assert_eq!(a["uriBaseId"], SRCROOT);
    }

    #[test]
    fn a_file_outside_the_root_is_an_absolute_file_uri() {
        let a = artifact(
            Path::new("/elsewhere/x y.yaml"),
            Path::new("/nonexistent-root"),
        );
        assert_eq!(a["uri"], "file:///elsewhere/x%20y.yaml");
        assert!(a.get("uriBaseId").is_none());
    }

    #[test]
    fn the_root_uri_ends_with_a_slash() {
        assert_eq!(directory_uri(Path::new("/a/b c")), "file:///a/b%20c/");
        assert_eq!(directory_uri(Path::new("/")), "file:///");
    }
}
