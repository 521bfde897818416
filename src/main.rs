//! Entry point: parse the command line, run the command, exit with its code. Nothing else.

use clap::Parser;

fn main() {
    let cli = pbn::cli::Cli::parse();
    let code = pbn::cmd::run(cli.command);
    std::process::exit(code);
}
