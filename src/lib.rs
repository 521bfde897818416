//! pbn compiles a hospital's *plan blanc numérique* (the cyber-crisis part of its crisis plan).
//!
//! Stages, in order: **load** (plan directory and layers → located YAML nodes → decoded objects, `load`,
//! `yaml`, `decode`), **merge** (layers → one plan with provenance, `merge`), **check** (references, `check`),
//! then per command: **render** (view model → HTML, layout → PDF), **review** (reviewer rules), **diff**,
//! **verify**. Diagnostics are values collected by every stage (`diag`) and printed only at the edge.

pub mod app;
pub mod baseline;
pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod decode;
pub mod diag;
pub mod diff;
pub mod fingerprint;
mod fold;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod load;
pub mod manifest;
pub mod merge;
pub mod model;
pub mod oneshot;
pub mod output;
pub mod pack;
pub mod parallel;
pub mod placeholders;
pub mod refs;
pub mod render;
pub mod rules;
pub mod sign;
pub mod source;
pub mod timing;
pub mod value_format;
pub mod verify;
pub mod yaml;

/// Exit codes (spec §3).
pub mod exit {
    pub const OK: i32 = 0;
    /// The plan has errors (or warnings with `--deny-warnings`, or a review below its bar).
    pub const PLAN: i32 = 1;
    /// Usage error, unreadable input, I/O failure.
    pub const USAGE: i32 = 2;
}
