//! `pbn build`: the whole pipeline of a print run, in order — compile (load, merge, check) → stop on errors →
//! audience → view → each requested output rendered in memory → `manifest.json` → safe writes.
//!
//! An output is a file name and a renderer `fn(&BuildContext) -> Result<Vec<u8>, String>` in [`OUTPUTS`];
//! an output whose renderer is not part of this build yet (`None`) is skipped, never faked.
//!
//! Safe writes: every file goes to a temporary file in the output folder (`.plan.html.tmp-<pid>`), is
//! fsynced, and only when all are written are they renamed over the final names (the manifest last). On any
//! failure the temporaries are removed and the previous outputs are left as they were (exit 2).

use crate::app;
use crate::diag::emit;
use crate::manifest::{self, Manifest};
use crate::model::Plan;
use crate::render::{Audience, View, ViewOptions, html};
use crate::source::SourceMap;
use rayon::prelude::*;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Everything a renderer may read.
pub struct BuildContext<'a> {
    pub plan: &'a Plan,
    pub map: &'a SourceMap,
    /// The view model, audience applied.
    pub view: &'a View,
    /// `--templates DIR`.
    pub templates: Option<&'a Path>,
    /// `SOURCE_DATE_EPOCH`, when set: the only date a renderer may write.
    pub source_date_epoch: Option<i64>,
}

pub type Renderer = fn(&BuildContext) -> Result<Vec<u8>, String>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    Pdf,
    Html,
    Cards,
}

pub struct Output {
    pub kind: OutputKind,
    pub file: &'static str,
    /// `--pdf`, `--html`, `--cards`.
    pub flag: &'static str,
    pub render: Option<Renderer>,
}

/// The outputs of `pbn build`, in the order they are listed.
pub const OUTPUTS: &[Output] = &[
    Output {
        kind: OutputKind::Pdf,
        file: "plan.pdf",
        flag: "--pdf",
        render: Some(render_plan_pdf),
    },
    Output {
        kind: OutputKind::Html,
        file: "plan.html",
        flag: "--html",
        render: Some(render_html),
    },
    Output {
        kind: OutputKind::Cards,
        file: "cards.pdf",
        flag: "--cards",
        render: Some(render_cards_pdf),
    },
];

/// The date printed in the PDF metadata: `SOURCE_DATE_EPOCH`, else the plan's adoption date, else none.
fn pdf_date(cx: &BuildContext) -> Option<pbn_typeset::DateTime> {
    use chrono::{Datelike, Timelike};
    let dt = match cx
        .source_date_epoch
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    {
        Some(d) => d.naive_utc(),
        None => cx
            .plan
            .establishment
            .adopted_on
            .as_ref()?
            .v
            .and_hms_opt(0, 0, 0)?,
    };
    Some(pbn_typeset::DateTime {
        year: dt.year(),
        month: dt.month() as u8,
        day: dt.day() as u8,
        hour: dt.hour() as u8,
        minute: dt.minute() as u8,
        second: dt.second() as u8,
    })
}

/// Typesets a document; a sheet that does not fit on one page is a warning located on its fragment.
fn typeset(cx: &BuildContext, doc: pbn_typeset::Document) -> Result<Vec<u8>, String> {
    let r = pbn_typeset::render_document(doc).map_err(|e| e.to_string())?;
    let mut diags = crate::diag::Diags::default();
    for o in &r.overflows {
        // Only reflex sheets promise one page; a long role card simply continues.
        let Some((kind @ "reflex", id)) = o.source.as_deref().and_then(|s| s.split_once(':'))
        else {
            continue;
        };
        let loc = crate::model::Kind::parse(kind)
            .and_then(|k| cx.plan.get(k, id))
            .map(|f| f.id.loc);
        diags.push(
            crate::diag::Diagnostic::new(crate::diag::Code::SheetOverflow, loc, format!("{kind} `{id}` does not fit on one printed page; it continues on the next one"))
                .help("shorten its steps or move details to a procedure, so the sheet can be pinned up as one page"),
        );
    }
    if !diags.list.is_empty() {
        super::err(&emit::human(&diags, cx.map, super::color_stderr()));
    }
    Ok(r.pdf)
}

fn render_plan_pdf(cx: &BuildContext) -> Result<Vec<u8>, String> {
    typeset(cx, crate::render::pdf::plan_document(cx.view, pdf_date(cx)))
}

fn render_cards_pdf(cx: &BuildContext) -> Result<Vec<u8>, String> {
    typeset(
        cx,
        crate::render::pdf::cards_document(cx.view, pdf_date(cx)),
    )
}

fn render_html(cx: &BuildContext) -> Result<Vec<u8>, String> {
    html::render(cx.view, cx.templates).map(String::into_bytes)
}

/// What the user asked for.
pub struct BuildArgs {
    pub dir: PathBuf,
    pub out: Option<PathBuf>,
    pub audience: String,
    pub kinds: Vec<OutputKind>,
    pub templates: Option<PathBuf>,
}

pub fn run(a: &BuildArgs) -> i32 {
    let progress = super::progress::start("compiling the plan");
    let c = match app::compile(&a.dir) {
        Ok(c) => c,
        Err(e) => return super::fatal(&e.0),
    };
    if !c.diags.list.is_empty() {
        super::err(&emit::human(&c.diags, &c.map, super::color_stderr()));
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
    let t = crate::timing::span("view");
    let view = View::build(&c.plan, &c.map, &opts);
    drop(t);
    let cx = BuildContext {
        plan: &c.plan,
        map: &c.map,
        view: &view,
        templates: a.templates.as_deref(),
        source_date_epoch: epoch,
    };
    let t = crate::timing::span("render");
    // The manifest's digests of the sources and of the plan do not wait for the outputs.
    let (files, manifest) = rayon::join(
        || render_all(&cx, &a.kinds),
        || {
            let digest = view.cover.fingerprint_sha256.clone();
            Manifest::for_sources(&c.plan, &c.map, &opts.audience.name, epoch, digest)
        },
    );
    let files = match files {
        Ok(f) => f,
        Err(e) => return super::fatal(&e),
    };
    drop(t);
    let _t = crate::timing::span("write");
    let out = a.out.clone().unwrap_or_else(|| a.dir.join("dist"));
    progress.set(&format!("writing {}", out.display()));
    match write_outputs(&out, manifest, files) {
        Ok(written) => {
            for (path, len) in written {
                super::out(&format!("wrote {} ({})\n", path.display(), size(len)));
            }
            crate::exit::OK
        }
        Err(e) => super::fatal(&e),
    }
}

/// Renders the requested outputs (all when none is named) in memory.
fn render_all(cx: &BuildContext, kinds: &[OutputKind]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let explicit = !kinds.is_empty();
    let mut todo = Vec::new();
    let mut skipped = Vec::new();
    for o in OUTPUTS {
        if explicit && !kinds.contains(&o.kind) {
            continue;
        }
        match o.render {
            Some(r) => todo.push((o.file, r)),
            None if explicit => {
                return Err(format!(
                    "`{}`: this build of pbn cannot write {} yet",
                    o.flag, o.file
                ));
            }
            None => skipped.push(o.file),
        }
    }
    if !skipped.is_empty() {
        super::err(&format!(
            "note: not built by this version of pbn: {}\n",
            skipped.join(", ")
        ));
    }
    let names: Vec<&str> = todo.iter().map(|(f, _)| *f).collect();
    super::progress::stage(&format!("rendering {}", names.join(", ")));
    // The outputs share nothing but the view: render them side by side (the PDF is the longest).
    todo.par_iter()
        .map(|(file, render)| {
            let _t = crate::timing::span(file);
            Ok((file.to_string(), render(cx)?))
        })
        .collect()
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

/// Adds the manifest and writes everything safely; returns the paths written with their sizes.
fn write_outputs(
    out: &Path,
    manifest: Manifest,
    mut files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(PathBuf, usize)>, String> {
    let listed: Vec<(String, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.clone(), b.as_slice()))
        .collect();
    let m = manifest.with_outputs(&listed);
    files.push((manifest::FILE_NAME.to_string(), m.to_json().into_bytes()));
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the output folder {}: {e}", out.display()))?;
    write_atomically(out, &files)?;
    Ok(files.iter().map(|(n, b)| (out.join(n), b.len())).collect())
}

/// Writes every file to a temporary in `out`, fsyncs, then renames each over its final name, in order.
/// On failure, removes the temporaries: the files already in `out` are untouched unless renamed.
pub fn write_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let pid = std::process::id();
    let temps: Vec<PathBuf> = files
        .iter()
        .map(|(n, _)| out.join(format!(".{n}.tmp-{pid}")))
        .collect();
    let result = (|| {
        // A final name taken by a folder would fail its rename after others succeeded: refuse first.
        for (name, _) in files {
            let dest = out.join(name);
            if dest.is_dir() {
                return Err(format!(
                    "cannot write {}: it is a directory",
                    dest.display()
                ));
            }
        }
        for ((name, bytes), tmp) in files.iter().zip(&temps) {
            write_synced(tmp, bytes)
                .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))?;
        }
        for ((name, _), tmp) in files.iter().zip(&temps) {
            let dest = out.join(name);
            std::fs::rename(tmp, &dest)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
        }
        sync_dir(out);
        Ok(())
    })();
    if result.is_err() {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
    }
    result
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A leftover from an interrupted run with the same pid; never follow whatever sits there.
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::remove_file(path)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes the renames durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_previous_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("plan.html"), b"old").unwrap();
        // A directory where the manifest should go makes the build fail…
        std::fs::create_dir(out.join("manifest.json")).unwrap();
        std::fs::write(out.join("manifest.json").join("x"), b"").unwrap();
        let files = vec![
            ("plan.html".to_string(), b"new".to_vec()),
            ("manifest.json".to_string(), b"{}".to_vec()),
        ];
        let e = write_atomically(out, &files).unwrap_err();
        assert!(e.contains("manifest.json"), "{e}");
        // …before plan.html is replaced: the old page is whole, and no temporary is left.
        assert_eq!(std::fs::read(out.join("plan.html")).unwrap(), b"old");
        let left: Vec<_> = std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![("a.txt".to_string(), b"1".to_vec())];
        write_atomically(dir.path(), &files).unwrap();
        let files = vec![("a.txt".to_string(), b"2".to_vec())];
        write_atomically(dir.path(), &files).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.txt")).unwrap(), b"2");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
