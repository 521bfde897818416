//! `pbn validate`: compile the plan and print its diagnostics in the requested format.

use crate::app;
use crate::diag::Severity;
use crate::diag::emit::{self, Format};
use std::path::Path;

pub fn run(dir: &Path, format: Format, deny_warnings: bool) -> i32 {
    let progress = super::progress::start("checking the plan");
    let c = match app::compile(dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    drop(progress);
    match format {
        Format::Human => super::err(&emit::human(&c.diags, &c.map, super::color_stderr())),
        Format::Json => super::out(&emit::json(&c.diags, &c.map)),
        Format::Sarif => super::out(&emit::sarif(&c.diags, &c.map, &dir.to_string_lossy())),
        Format::Junit => super::out(&emit::junit(&c.diags, &c.map)),
    }
    let failed = c.diags.has_errors() || (deny_warnings && c.diags.count(Severity::Warning) > 0);
    super::leak_at_exit(c);
    if failed {
        crate::exit::PLAN
    } else {
        crate::exit::OK
    }
}
