//! Entry point: parse the command line, run the command, exit with its code. Nothing else.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a build of a thousand-reflex plan allocates millions of small values on
/// several threads, where it took a quarter less CPU than glibc's (issue 7). Built without transparent huge
/// pages: with them, a 100-reflex build held 94 MB instead of 54 MB.
/// `RUSTFLAGS="--cfg pbn_sysalloc"` builds with glibc's allocator instead, for heaptrack or massif, which only see
/// malloc (BENCHMARKS.md).
#[cfg(not(pbn_sysalloc))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    return_freed_memory_promptly();
    let cli = pbn::cli::Cli::parse();
    pbn::cmd::set_console(cli.quiet, cli.all, cli.color);
    let code = pbn::cmd::run(cli.command);
    std::process::exit(code);
}

/// mimalloc gives freed memory back to the system only after a delay, a second by default: longer than a whole
/// build, so a build's peak was the sum of everything it ever held (178 MB for a thousand-reflex plan instead of
/// 133 MB). Ten milliseconds costs no measurable time (issue 7).
#[allow(unsafe_code)]
fn return_freed_memory_promptly() {
    /// `mi_option_purge_delay` in the mimalloc.h of libmimalloc-sys 0.1.49 (pinned in Cargo.toml; the binding names no
    /// constant for it).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // mimalloc's own variable, when set, is the user's choice (and how the delay's cost is measured).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table. It is not thread safe, and no
    // other thread exists yet: this is the first statement of `main`.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
}
