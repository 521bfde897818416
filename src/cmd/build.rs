//! `pbn build`: compile → stop on errors → audience → `app::build` (view, outputs in memory, manifest) → the
//! diagnostics rendering found → safe writes (`output`). The stages are the library's; this module holds what
//! belongs to the command line: flags, `SOURCE_DATE_EPOCH`, what is printed and the exit code.
//!
//! Safe writes: if any file cannot be written, the previous outputs are left as they were (exit 2).

use crate::app;
use crate::build::{Job, OutputKind};
use crate::cli::OutputArgs;
use crate::output;
use crate::render::{Audience, ViewOptions};
use std::path::{Path, PathBuf};

/// What the user asked for.
pub struct BuildArgs {
    pub dir: PathBuf,
    pub out: Option<PathBuf>,
    pub audience: String,
    pub kinds: Vec<OutputKind>,
    pub templates: Option<PathBuf>,
}

impl BuildArgs {
    /// The build of plan `dir` the output flags ask for (no output flag: every output).
    pub fn new(dir: PathBuf, o: &OutputArgs) -> Self {
        BuildArgs {
            dir,
            out: o.out.clone(),
            audience: o.audience.clone(),
            kinds: named_kinds(o),
            templates: o.templates.clone(),
        }
    }
}

/// The outputs named by `--pdf`, `--html` and `--cards`, in that order (none named: empty).
pub fn named_kinds(o: &OutputArgs) -> Vec<OutputKind> {
    [
        (o.pdf, OutputKind::Pdf),
        (o.html, OutputKind::Html),
        (o.cards, OutputKind::Cards),
    ]
    .into_iter()
    .filter_map(|(on, k)| on.then_some(k))
    .collect()
}

pub fn run(a: &BuildArgs) -> i32 {
    let progress = super::progress::start("compiling the plan");
    let warm = crate::build::Warm::new(&a.kinds, a.templates.as_deref());
    let c = match app::compile_then(&a.dir, || warm.start()) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    if !c.diags.list.is_empty() {
        super::err(&super::human_diags(&c.diags, &c.map));
    }
    if c.diags.has_errors() {
        super::err("error: the plan has errors; nothing was built\n");
        return crate::exit::PLAN;
    }
    let audience = match Audience::resolve(&a.audience, &c.plan.manifest) {
        Ok(x) => x,
        Err(e) => return super::fatal(&e),
    };
    let epoch = match source_date_epoch() {
        Ok(e) => e,
        Err(e) => return super::fatal(&e),
    };
    let opts = ViewOptions {
        audience,
        date: epoch
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|d| d.date_naive()),
    };
    let job = Job {
        kinds: &a.kinds,
        templates: a.templates.as_deref(),
        source_date_epoch: epoch,
        warm: Some(warm),
    };
    let names: Vec<&str> = crate::build::OUTPUTS
        .iter()
        .filter(|o| o.render.is_some() && (a.kinds.is_empty() || a.kinds.contains(&o.kind)))
        .map(|o| o.file)
        .collect();
    progress.set(&format!("rendering {}", names.join(", ")));
    let built = app::build(c, &opts, &job);
    // The templates the warm-up loaded go with the job.
    crate::oneshot::discard(job);
    let built = match built {
        Ok(b) => b,
        Err(d) => {
            // `PBN050` is not located in a source: an empty map prints it.
            let mut diags = crate::diag::Diags::default();
            diags.push(d);
            let map = crate::source::SourceMap::default();
            super::err(&super::human_diags(&diags, &map));
            return crate::exit::USAGE;
        }
    };
    if !built.skipped.is_empty() {
        super::err(&format!(
            "note: not built by this version of pbn: {}\n",
            built.skipped.join(", ")
        ));
    }
    if !built.diags.list.is_empty() {
        super::err(&super::human_diags(&built.diags, &built.map));
    }
    let _t = crate::timing::span("write");
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| default_out(&a.dir, &opts.audience.name));
    progress.set(&format!("writing {}", out.display()));
    let written = output::write_outputs(&out, &built.manifest, &built.files);
    crate::oneshot::discard(built);
    match written {
        Ok(written) => {
            for (path, len) in written.files {
                super::status(&format!("wrote {} ({})\n", path.display(), size(len)));
            }
            for path in written.removed {
                super::status(&format!(
                    "removed {} (an output of the folder's previous build, not built again)\n",
                    path.display()
                ));
            }
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}

fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) if s.trim().is_empty() => Ok(None),
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| chrono::DateTime::from_timestamp(*n, 0).is_some())
            .map(Some)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{s}`")),
        Err(_) => Ok(None),
    }
}

fn size(n: usize) -> String {
    if n >= 10 * 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// The output folder when `--out` is not given (spec §7.6): `DIR/dist` for the `internal` audience,
/// `DIR/dist/NAME` for any other, so that a build for the ARS never lands beside the internal documents.
pub fn default_out(dir: &Path, audience: &str) -> PathBuf {
    let dist = dir.join("dist");
    if audience == "internal" {
        dist
    } else {
        dist.join(audience)
    }
}
