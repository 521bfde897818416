//! One module per command; `run` dispatches. Commands print through `out`/`err` and return the exit code.

pub mod baseline;
pub mod build;
pub mod complete_ids;
pub mod completions;
pub mod diff;
pub mod explain;
mod explain_records;
pub mod help;
pub mod init;
pub mod man;
pub mod pack;
pub mod progress;
pub mod review;
pub mod schema;
pub mod sign;
pub mod validate;
pub mod verify;
pub mod watch;

use crate::cli::{ColorChoice, Command};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn run(cmd: Command) -> i32 {
    match cmd {
        Command::Validate {
            dirs,
            format,
            deny_warnings,
        } => validate::run(&dirs, format, deny_warnings),
        Command::Build { dir, output } => {
            crate::oneshot::declare();
            build::run(&build::BuildArgs::new(dir, &output))
        }
        Command::Explain { args, full } => explain::run(&args, full),
        Command::Schema { which } => schema::run(&which),
        Command::Init {
            dir,
            name,
            finess,
            language,
        } => init::run(&dir, &name, &finess, &language),
        Command::Watch { dir, output } => watch::run(&dir, &output),
        Command::Completions { shell } => completions::run(shell),
        Command::CompleteIds { dir } => complete_ids::run(&dir),
        Command::Man { dir } => man::run(dir.as_deref()),
        Command::Baseline(b) => baseline::run(b),
        Command::Help { words } => help::run(&words),
        Command::Review {
            dirs,
            format,
            as_of,
            min_score,
            profile,
            letters,
            reviewer,
            compare,
            expected,
            sort,
            bom,
            framework,
        } => review::run(&review::ReviewArgs {
            dirs,
            format,
            as_of,
            min_score,
            profile,
            letters,
            reviewer,
            compare,
            expected,
            sort,
            bom,
            framework,
        }),
        Command::Diff { old, new, format } => diff::run(&old, &new, format),
        Command::Verify {
            target,
            manifest,
            pubkey,
            format,
        } => verify::run(&target, manifest.as_deref(), pubkey.as_deref(), format),
        Command::Pack { dir, out, from } => pack::run(&dir, &out, from.as_deref()),
        Command::Keygen { out, unencrypted } => sign::keygen(&out, unencrypted),
        Command::Sign { file, key } => sign::sign(&file, &key),
    }
}

/// Writes to standard output; a closed pipe is not an error worth a panic.
pub fn out(s: &str) {
    progress::suspend(|| {
        let mut o = std::io::stdout().lock();
        let _ = o.write_all(s.as_bytes());
        let _ = o.flush();
    });
}

/// Writes to standard error, clearing a progress spinner's line first (see `progress`).
pub fn err(s: &str) {
    progress::suspend(|| {
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(s.as_bytes());
    });
}

/// The global `--quiet` and `--color` choices, set once by `main` before the command runs.
#[derive(Clone, Copy, Debug, Default)]
struct Console {
    quiet: bool,
    all: bool,
    color: ColorChoice,
}

static CONSOLE: OnceLock<Console> = OnceLock::new();

/// Records `--quiet` and `--color` for the whole run (called once, first thing in `main`).
pub fn set_console(quiet: bool, all: bool, color: ColorChoice) {
    let _ = CONSOLE.set(Console { quiet, all, color });
}

/// Human diagnostics for standard error: coloured as `--color` says, causes first, consequences hidden unless
/// `--all`.
pub fn human_diags(diags: &crate::diag::Diags, map: &crate::source::SourceMap) -> String {
    crate::diag::emit::human_with(diags, map, color_stderr(), console().all)
}

fn console() -> Console {
    CONSOLE.get().copied().unwrap_or_default()
}

/// `--quiet`: no spinner and no status lines.
pub fn quiet() -> bool {
    console().quiet
}

/// A status line on standard error ("wrote dist/plan.pdf"), left out with `--quiet`. Results go to standard output
/// through [`out`]; status, progress and human diagnostics go to standard error.
pub fn status(s: &str) {
    if !quiet() {
        err(s);
    }
}

/// Whether diagnostics on standard error are coloured: `--color always|never` wins; otherwise `NO_COLOR`
/// (<https://no-color.org>) turns colour off, `CLICOLOR_FORCE` turns it on, and `TERM=dumb` or a standard error that
/// is not a terminal turns it off.
pub fn color_stderr() -> bool {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match console().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if var("NO_COLOR").is_some() {
                false
            } else if var("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                var("TERM").is_none_or(|t| t != "dumb") && std::io::stderr().is_terminal()
            }
        }
    }
}

/// Hands a large value to the process's exit instead of freeing it piece by piece: the command is about to
/// return its exit code and the operating system reclaims the memory at once (about 5 % of `validate` on a
/// thousand-fragment plan went to dropping the tree).
pub fn leak_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// The plan directory for `dir`: `dir` itself when it holds `pbn.yaml`, else the nearest folder above it that
/// does (run from `mon-plan/fragments/`, like git and cargo), else `dir` unchanged (loading then says why).
pub fn find_plan(dir: &Path) -> PathBuf {
    if dir.join("pbn.yaml").is_file() || !dir.is_dir() {
        return dir.to_path_buf();
    }
    let Ok(abs) = dir.canonicalize() else {
        return dir.to_path_buf();
    };
    match abs
        .ancestors()
        .skip(1)
        .find(|d| d.join("pbn.yaml").is_file())
    {
        Some(found) => {
            status(&format!("using the plan in {}\n", found.display()));
            found.to_path_buf()
        }
        None => dir.to_path_buf(),
    }
}

/// Prints an operational error (exit 2).
pub fn fatal(msg: &str) -> i32 {
    err(&format!("error: {msg}\n"));
    crate::exit::USAGE
}
