//! One module per command; `run` dispatches. Commands print through `out`/`err` and return the exit code.

pub mod baseline;
pub mod build;
pub mod completions;
pub mod diff;
pub mod explain;
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

use crate::cli::Command;
use std::io::{IsTerminal, Write};

pub fn run(cmd: Command) -> i32 {
    match cmd {
        Command::Validate {
            dir,
            format,
            deny_warnings,
        } => validate::run(&dir, format, deny_warnings),
        Command::Build {
            dir,
            out,
            audience,
            pdf,
            html,
            cards,
            templates,
        } => {
            use build::OutputKind as K;
            let kinds = [(pdf, K::Pdf), (html, K::Html), (cards, K::Cards)]
                .into_iter()
                .filter_map(|(on, k)| on.then_some(k))
                .collect();
            build::run(&build::BuildArgs {
                dir,
                out,
                audience,
                kinds,
                templates,
            })
        }
        Command::Explain { args } => explain::run(&args),
        Command::Schema { which } => schema::run(&which),
        Command::Init {
            dir,
            name,
            finess,
            language,
        } => init::run(&dir, &name, &finess, &language),
        Command::Watch {
            dir,
            out,
            audience,
            pdf,
            html,
            cards,
            templates,
        } => watch::run(watch::WatchArgs {
            dir,
            out,
            audience,
            pdf,
            html,
            cards,
            templates,
        }),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { dir } => man::run(dir.as_deref()),
        Command::Baseline(b) => baseline::run(b),
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

/// Colour on a terminal unless `NO_COLOR` is set (https://no-color.org).
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Hands a large value to the process's exit instead of freeing it piece by piece: the command is about to
/// return its exit code and the operating system reclaims the memory at once (about 5 % of `validate` on a
/// thousand-fragment plan went to dropping the tree).
pub fn leak_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Prints an operational error (exit 2).
pub fn fatal(msg: &str) -> i32 {
    err(&format!("error: {msg}\n"));
    crate::exit::USAGE
}
