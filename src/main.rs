//! Entry point: parse the command line, run the command, exit with its code. Nothing else.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a build of a thousand-reflex plan allocates millions of small values on
/// several threads, where glibc's per-thread arenas held on to a third more memory and took longer (issue 7).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = pbn::cli::Cli::parse();
    let code = pbn::cmd::run(cli.command);
    std::process::exit(code);
}
