//! `pbn watch`: rebuild on every save, for authors previewing `plan.html`.
//!
//! The loop: build once → wait for a file-system event under the plan directory, a layer folder or `--templates`
//! → wait until the files have been quiet for [`QUIET`] (an editor's save is several events) → the same build as
//! `pbn build` → again. The build is [`build::run`] itself: its diagnostics are printed in the human format, and
//! its safe writes leave the last good outputs in place when the plan is broken, so a half-saved file is just a
//! diagnostic. Events under the output folder, in hidden files (`.git`, editor swap files) and in backups (`x~`)
//! are ignored, so a build never triggers the next one. Ctrl-C stops after the build in progress (a second one
//! stops at once).

use super::build::{self, BuildArgs};
use crate::build::{OUTPUTS, OutputKind};
use crate::cli::OutputArgs;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild.
pub const QUIET: Duration = Duration::from_millis(300);
/// A rebuild happens at the latest this long after the first event, even if files keep changing.
const MAX_WAIT: Duration = Duration::from_secs(3);

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

pub fn run(dir: &Path, o: &OutputArgs) -> i32 {
    if !dir.is_dir() {
        return super::fatal(&format!("{} is not a directory", dir.display()));
    }
    // The output folder is fixed once, so that the watcher can ignore what the builds write.
    let out = o
        .out
        .clone()
        .unwrap_or_else(|| build::default_out(dir, &o.audience));
    let args = build_args(dir, o, &out);
    let (tx, rx) = mpsc::channel::<Msg>();
    on_ctrl_c(tx.clone());
    let mut watcher = match notify::recommended_watcher(move |r| {
        let _ = tx.send(Msg::Fs(r));
    }) {
        Ok(w) => w,
        Err(e) => return super::fatal(&format!("cannot watch files on this system: {e}")),
    };
    let mut roots = Roots::default();
    let watch_all = |roots: &mut Roots, w: &mut notify::RecommendedWatcher| {
        for p in sources(dir, o.templates.as_deref()) {
            roots.add(w, &p);
        }
    };
    watch_all(&mut roots, &mut watcher);
    let out_abs = resolve(&out);
    rebuild(&args);
    super::err(&format!(
        "watching {} for changes; Ctrl-C to stop\n",
        roots.describe()
    ));
    while let Some(changed) = next_change(&rx, &Filter::new(&out_abs, &roots)) {
        // A new `layers:` entry in pbn.yaml brings a folder to watch (folders are never unwatched).
        if changed
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == "pbn.yaml"))
        {
            watch_all(&mut roots, &mut watcher);
        }
        rebuild(&args);
    }
    super::err("stopped watching\n");
    crate::exit::OK
}

/// The build each save runs: the flags' outputs, or `plan.html` alone (the preview), into `out`.
fn build_args(dir: &Path, o: &OutputArgs, out: &Path) -> BuildArgs {
    let mut args = BuildArgs::new(dir.to_path_buf(), o);
    args.out = Some(out.to_path_buf());
    // With no output flag, watch rebuilds the preview only (build would write every output).
    if args.kinds.is_empty() {
        args.kinds = vec![OutputKind::Html];
    }
    args
}

/// First Ctrl-C: stop after the current build. Second: stop now.
fn on_ctrl_c(tx: mpsc::Sender<Msg>) {
    static STOPPING: AtomicBool = AtomicBool::new(false);
    let set = ctrlc::set_handler(move || {
        if STOPPING.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = tx.send(Msg::Stop);
    });
    if let Err(e) = set {
        super::err(&format!(
            "warning: Ctrl-C will stop pbn without waiting for the build: {e}\n"
        ));
    }
}

/// Runs one build and says how it went; a panic in a stage is reported and the watch goes on.
fn rebuild(args: &BuildArgs) {
    let start = Instant::now();
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build::run(args)));
    let ms = start.elapsed().as_millis();
    let now = chrono::Local::now().format("%H:%M:%S");
    let msg = match code {
        Ok(crate::exit::OK) => format!("[{now}] rebuilt {} in {ms} ms\n", outputs(args)),
        Ok(crate::exit::PLAN) => {
            format!(
                "[{now}] the plan has errors; previous outputs kept; waiting for the next save\n"
            )
        }
        Ok(_) => {
            format!("[{now}] build failed; previous outputs kept; waiting for the next save\n")
        }
        Err(_) => format!(
            "[{now}] internal error during the build (a bug in pbn, please report it); waiting for the next save\n"
        ),
    };
    super::err(&msg);
}

/// `dist/plan.html`, or a list when several outputs are built.
fn outputs(args: &BuildArgs) -> String {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| build::default_out(&args.dir, &args.audience));
    OUTPUTS
        .iter()
        .filter(|o| args.kinds.contains(&o.kind) && o.render.is_some())
        .map(|o| out.join(o.file).display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The folders whose files make the build: the plan directory, its layer folders, the templates folder.
fn sources(dir: &Path, templates: Option<&Path>) -> Vec<PathBuf> {
    let mut v = vec![dir.to_path_buf()];
    v.extend(layer_folders(dir));
    v.extend(templates.map(Path::to_path_buf));
    v
}

/// The `layers: - path:` folders of the plan, as the loader finds them (none while pbn.yaml is broken); the
/// files are read, not decoded.
fn layer_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(set) = crate::load::sources(dir) else {
        return Vec::new();
    };
    set.map
        .layers
        .iter()
        .filter_map(|l| l.root.clone())
        .collect()
}

/// Folders being watched, canonical, none inside another.
#[derive(Default)]
struct Roots(BTreeSet<PathBuf>);

impl Roots {
    fn add(&mut self, w: &mut notify::RecommendedWatcher, p: &Path) {
        let Ok(c) = p.canonicalize() else { return };
        if self.0.iter().any(|r| c.starts_with(r)) {
            return;
        }
        match w.watch(&c, RecursiveMode::Recursive) {
            Ok(()) => {
                self.0.insert(c);
            }
            Err(e) => super::err(&format!("warning: cannot watch {}: {e}\n", p.display())),
        }
    }

    fn describe(&self) -> String {
        let v: Vec<String> = self.0.iter().map(|p| p.display().to_string()).collect();
        v.join(", ")
    }
}

/// Blocks until a relevant change has settled; returns the changed paths, or `None` on Ctrl-C.
fn next_change(rx: &mpsc::Receiver<Msg>, out: &Filter) -> Option<Vec<PathBuf>> {
    let mut changed = Vec::new();
    // Wait for the first relevant event.
    loop {
        match rx.recv() {
            Err(_) | Ok(Msg::Stop) => return None,
            Ok(Msg::Fs(r)) => {
                if take(r, out, &mut changed) {
                    break;
                }
            }
        }
    }
    // Then for quiet.
    let first = Instant::now();
    while first.elapsed() < MAX_WAIT {
        match rx.recv_timeout(QUIET) {
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Ok(Msg::Fs(r)) => {
                take(r, out, &mut changed);
            }
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    Some(changed)
}

/// Records a relevant event's paths; says whether it was relevant. Watcher errors are printed, not fatal.
fn take(r: notify::Result<notify::Event>, out: &Filter, changed: &mut Vec<PathBuf>) -> bool {
    match r {
        Ok(ev) if relevant(&ev.kind, &ev.paths, out) => {
            changed.extend(ev.paths);
            true
        }
        Ok(_) => false,
        Err(e) => {
            super::err(&format!("warning: file watcher: {e}\n"));
            false
        }
    }
}

/// Which paths are not sources: what the build writes, hidden files and backups.
struct Filter<'a> {
    /// The output folder, canonical.
    out: &'a Path,
    /// `--out` is (or holds) a watched folder, e.g. `pbn watch . --out .`: only the files pbn writes there are
    /// ignored, not the whole folder.
    out_holds_sources: bool,
    roots: &'a Roots,
}

impl<'a> Filter<'a> {
    fn new(out: &'a Path, roots: &'a Roots) -> Self {
        Self {
            out,
            out_holds_sources: roots.0.iter().any(|r| r.starts_with(out)),
            roots,
        }
    }

    fn ignored(&self, p: &Path) -> bool {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if p.starts_with(self.out) {
            let written = p.parent() == Some(self.out)
                && (name == crate::manifest::FILE_NAME || OUTPUTS.iter().any(|o| o.file == name));
            if !self.out_holds_sources || written {
                return true;
            }
        }
        // Hidden files (swap files, `.git`) and anything in a hidden folder, below the watched folder: the plan
        // itself may well live under a hidden folder.
        let rel = self
            .roots
            .0
            .iter()
            .find_map(|r| p.strip_prefix(r).ok())
            .unwrap_or(p);
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        hidden || name.ends_with('~') || name == "4913"
    }
}

/// Content changes to sources. Reads (our own build opens every source) and attribute changes are not changes.
fn relevant(kind: &EventKind, paths: &[PathBuf], f: &Filter) -> bool {
    let content = match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    };
    content && (paths.is_empty() || paths.iter().any(|p| !f.ignored(p)))
}

/// The canonical form of `p` even if it does not exist yet: the deepest existing ancestor, canonicalized, with
/// the rest appended (events arrive with canonical paths).
fn resolve(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = base.canonicalize() {
            return rest.iter().rev().fold(c, |acc, r| acc.join(r));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind};

    fn roots(r: &[&str]) -> Roots {
        Roots(r.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn output_folder_hidden_files_and_reads_are_ignored() {
        let roots = roots(&["/p"]);
        let f = Filter::new(Path::new("/p/dist"), &roots);
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let rel = |k: &EventKind, p: &str| relevant(k, &[PathBuf::from(p)], &f);
        assert!(rel(&write, "/p/contacts.yaml"));
        assert!(rel(
            &EventKind::Create(CreateKind::File),
            "/p/fragments/x.yaml"
        ));
        assert!(!rel(&write, "/p/dist/plan.html"));
        assert!(!rel(&write, "/p/dist/.plan.html.tmp-12"));
        assert!(!rel(&write, "/p/.contacts.yaml.swp"));
        assert!(!rel(&write, "/p/.git/index"));
        assert!(!rel(&write, "/p/contacts.yaml~"));
        assert!(!rel(
            &EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "/p/a.yaml"
        ));
        assert!(!rel(
            &EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
            "/p/a.yaml"
        ));
        assert!(rel(
            &EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/p/a.yaml"
        ));
    }

    #[test]
    fn a_plan_under_a_hidden_folder_is_watched() {
        let roots = roots(&["/home/u/.plans/p"]);
        let f = Filter::new(Path::new("/home/u/.plans/p/dist"), &roots);
        assert!(!f.ignored(Path::new("/home/u/.plans/p/contacts.yaml")));
        assert!(f.ignored(Path::new("/home/u/.plans/p/.git/HEAD")));
    }

    #[test]
    fn out_in_the_plan_folder_itself_ignores_only_what_pbn_writes() {
        let roots = roots(&["/p"]);
        let f = Filter::new(Path::new("/p"), &roots);
        assert!(f.ignored(Path::new("/p/plan.html")));
        assert!(f.ignored(Path::new("/p/manifest.json")));
        assert!(!f.ignored(Path::new("/p/contacts.yaml")));
        assert!(!f.ignored(Path::new("/p/fragments/plan.html")));
    }

    #[test]
    fn resolve_handles_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().canonicalize().unwrap();
        assert_eq!(resolve(&dir.path().join("dist")), c.join("dist"));
        assert_eq!(
            resolve(&dir.path().join("a").join("b")),
            c.join("a").join("b")
        );
        assert_eq!(resolve(dir.path()), c);
    }

    #[test]
    fn layer_folders_of_the_example() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ch-val-exemple");
        let layers = layer_folders(&dir);
        assert!(
            layers.iter().any(|l| l.ends_with("ght-exemple")),
            "{layers:?}"
        );
    }

    #[test]
    fn default_output_is_the_html_preview() {
        let mut o = OutputArgs {
            out: None,
            audience: "ars".into(),
            pdf: false,
            html: false,
            cards: false,
            templates: None,
        };
        let a = build_args(Path::new("p"), &o, Path::new("p/dist/ars"));
        assert_eq!(a.kinds, vec![OutputKind::Html]);
        assert_eq!(a.audience, "ars");
        o.pdf = true;
        o.cards = true;
        assert_eq!(
            build_args(Path::new("p"), &o, Path::new("out")).kinds,
            vec![OutputKind::Pdf, OutputKind::Cards]
        );
    }
}
