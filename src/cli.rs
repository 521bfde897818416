//! Command-line types (clap) only: what the user may type. Behaviour lives in `app` and the command modules.

use crate::diag::emit::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "pbn",
    version = concat!(env!("CARGO_PKG_VERSION"), " (baseline national ", env!("PBN_BASELINE_VERSION"), ")"),
    about = "Compile a hospital's plan blanc numérique: validate the YAML sources, merge the national baseline, print the binder",
    long_about = None,
    after_help = "Examples:\n  pbn init mon-plan --name \"CH de Val-Exemple\" --finess 010000024\n  pbn validate mon-plan\n  pbn build mon-plan --out dist\n  pbn explain mon-plan reflex:premiers-gestes"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the plan: structure, types, references, layers. Exit 1 on errors.
    #[command(
        after_help = "Examples:\n  pbn validate mon-plan\n  pbn validate mon-plan --format sarif > pbn.sarif\n  pbn validate --format json --deny-warnings"
    )]
    Validate {
        /// Plan directory (holds pbn.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Treat warnings as errors (exit 1)
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Show a merged object and, for each field and step, the layer and file:line that supplied it.
    #[command(
        after_help = "Examples:\n  pbn explain mon-plan reflex:premiers-gestes\n  pbn explain obligation:depot-plainte"
    )]
    Explain {
        /// Plan directory, then KIND:ID (with one argument, the plan is the current directory)
        #[arg(num_args = 1..=2, required = true, value_name = "[DIR] KIND:ID")]
        args: Vec<String>,
    },
    /// Print the JSON Schema (2020-12) of the source files, for editors (yaml-language-server).
    #[command(after_help = "Example:\n  pbn schema > schemas/pbn.schema.json")]
    Schema {
        /// Which file's schema: fragment, manifest, establishment, contacts, exercises, or all (one document with $defs)
        #[arg(default_value = "all")]
        which: String,
    },
    /// Create a new plan directory that validates and builds at once, on the national baseline.
    #[command(
        after_help = "Example:\n  pbn init mon-plan --name \"Centre hospitalier de Val-Exemple\" --finess 010000024"
    )]
    Init {
        dir: PathBuf,
        /// Establishment name
        #[arg(long, default_value = "Centre hospitalier (à compléter)")]
        name: String,
        /// FINESS number of the legal entity (9 characters, valid control key)
        #[arg(long, default_value = "010000024")]
        finess: String,
        /// Document language
        #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
        language: String,
    },
    /// Browse the embedded national baseline.
    #[command(subcommand)]
    Baseline(BaselineCmd),
}

#[derive(Subcommand, Debug)]
pub enum BaselineCmd {
    /// List every baseline fragment (kind, id, title).
    List,
    /// Print one baseline fragment as written in the library.
    Show {
        /// KIND:ID, e.g. obligation:depot-plainte
        target: String,
    },
}
