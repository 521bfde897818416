//! `pbn pack DIR --out FILE.zip`: the submission an establishment sends — every source of every layer, the
//! outputs of a build and its manifest, in one deterministic zip ([`crate::pack`]). The outputs come from an
//! output folder (`--from`; default `DIR/dist/ars` when it holds a build, else `DIR/dist`) and must match the
//! plan's current sources: a pack never pairs a PDF with other sources than its own.

use crate::app;
use crate::manifest::{self, Manifest};
use std::path::{Path, PathBuf};

fn default_from(dir: &Path) -> PathBuf {
    let ars = dir.join("dist").join("ars");
    if ars.join(manifest::FILE_NAME).is_file() {
        ars
    } else {
        dir.join("dist")
    }
}

pub fn run(dir: &Path, out: &Path, from: Option<&Path>) -> i32 {
    let from = from.map_or_else(|| default_from(dir), Path::to_path_buf);
    let manifest_path = from.join(manifest::FILE_NAME);
    let text = match std::fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) => {
            return super::fatal(&format!(
                "cannot read {}: {e}; build the plan first (pbn build {}), or name the output folder with --from",
                manifest_path.display(),
                dir.display()
            ));
        }
    };
    let built = match Manifest::from_json(&text) {
        Ok(m) => m,
        Err(e) => return super::fatal(&format!("{}: {e}", manifest_path.display())),
    };
    let c = match app::compile(dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    if c.diags.has_errors() {
        return super::fatal(&format!(
            "{} has validation errors: correct them (pbn validate) and build again before packing",
            dir.display()
        ));
    }
    let now = Manifest::new(&c.plan, &c.map, &built.audience, None, &[]);
    let v = crate::verify::verify(&built, &from, &now);
    let stale: Vec<&str> = v
        .sources
        .iter()
        .filter(|s| s.status.fails())
        .map(|s| s.path.as_str())
        .collect();
    if !stale.is_empty() || !v.fingerprint_ok {
        return super::fatal(&format!(
            "the outputs in {} were built from other sources ({}): build again before packing",
            from.display(),
            if stale.is_empty() {
                "another fingerprint".to_string()
            } else {
                stale.join(", ")
            }
        ));
    }
    let files: Vec<PathBuf> = c
        .map
        .files
        .iter()
        .filter(|f| !f.not_a_source)
        .filter_map(|f| f.path.clone())
        .collect();
    match crate::pack::write(dir, &files, &built, &from, out) {
        Ok(p) => {
            super::err(&format!(
                "packed {} source file(s), {} output(s) and the manifest ({} audience) into {} ({} bytes)\n",
                p.sources,
                p.outputs,
                built.audience,
                out.display(),
                p.bytes
            ));
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}
