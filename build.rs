//! Embeds the national baseline: every `playbooks/**/*.yaml` becomes an `include_str!` entry, so pbn works from
//! any folder without network or installation data.

// Build scripts talk to cargo through stdout: `println!` is the interface here.
#![allow(clippy::disallowed_macros)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let playbooks = root.join("playbooks");
    println!("cargo:rerun-if-changed=playbooks");
    let mut files = Vec::new();
    collect(&playbooks, &mut files);
    let mut code = String::from(
        "/// `(path relative to playbooks/, contents)` of every baseline file, sorted.\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&playbooks)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    // The baseline version, for `pbn --version` and the manifest.
    let version = std::fs::read_to_string(playbooks.join("baseline.yaml"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("version:")
                    .map(|v| v.trim().trim_matches('"').to_string())
            })
        })
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=PBN_BASELINE_VERSION={version}");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("baseline_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
