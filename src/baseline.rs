//! The national baseline, embedded at build time from `playbooks/` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/baseline_files.rs"));

/// The names a `baseline:` layer may use.
pub const NAMES: &[&str] = &["national"];

/// Display path of an embedded baseline file (never a real path: it cannot be opened or escaped).
pub fn display(rel: &str) -> String {
    format!("<baseline:national>/{rel}")
}
