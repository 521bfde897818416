//! Synthetic plan generator for benchmarks: `cargo run --release --example gen-plan -- N DIR`.
//!
//! Writes a valid plan on the national baseline with N reflexes, N/2 procedures and 5N contacts (about 4 KB of
//! YAML per unit of N, so N=1000 is about 4 MB), plus functions, applications and exercises in proportion.
//! Deterministic: the same N gives the same files.

// A developer tool: it reports its usage on stderr directly.
#![allow(clippy::disallowed_macros)]

#[path = "support/gen_plan.rs"]
mod gen_plan;

use std::path::Path;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen-plan N DIR");
        std::process::exit(2);
    };
    gen_plan::generate(n, Path::new(dir))
}
