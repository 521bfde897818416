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
    /// Build the documents: plan.html (one offline file), plan.pdf, cards.pdf and manifest.json. Exit 1 on plan errors.
    #[command(
        after_help = "With no output flag, every output is built. Outputs are written to temporary files and renamed, so a\nfailed build leaves the previous ones whole.\n\nExamples:\n  pbn build mon-plan\n  pbn build mon-plan --html --audience ars --out envoi-ars\n  SOURCE_DATE_EPOCH=1790000000 pbn build mon-plan"
    )]
    Build {
        /// Plan directory (holds pbn.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder [default: DIR/dist]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Who the documents are for: internal, ars (confidential channels masked), or one defined in pbn.yaml
        #[arg(long, default_value = "internal", value_name = "NAME")]
        audience: String,
        /// Build plan.pdf
        #[arg(long)]
        pdf: bool,
        /// Build plan.html
        #[arg(long)]
        html: bool,
        /// Build cards.pdf (one page per role)
        #[arg(long)]
        cards: bool,
        /// Folder of templates replacing the built-in ones by name (plan.html.tera, components.html.tera, plan.css, plan.js)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
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
    /// Rebuild plan.html on every save, printing diagnostics; a broken save keeps the last good outputs.
    #[command(
        after_help = "Watches the plan directory, its layer folders and --templates (not the output folder). With no output flag only plan.html is rebuilt. Stop with Ctrl-C.\n\nExamples:\n  pbn watch mon-plan\n  pbn watch mon-plan --out /tmp/apercu --audience ars\n  pbn watch mon-plan --html --pdf"
    )]
    Watch {
        /// Plan directory (holds pbn.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder [default: DIR/dist]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Who the documents are for: internal, ars, or one defined in pbn.yaml
        #[arg(long, default_value = "internal", value_name = "NAME")]
        audience: String,
        /// Rebuild plan.pdf
        #[arg(long)]
        pdf: bool,
        /// Rebuild plan.html (the default when no output flag is given)
        #[arg(long)]
        html: bool,
        /// Rebuild cards.pdf
        #[arg(long)]
        cards: bool,
        /// Folder of templates replacing the built-in ones (watched too)
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Print a shell completion script to standard output.
    #[command(
        after_help = "Examples:\n  pbn completions bash > ~/.local/share/bash-completion/completions/pbn\n  pbn completions zsh > ~/.zfunc/_pbn\n  pbn completions fish > ~/.config/fish/completions/pbn.fish\n  pbn completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output, or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  pbn man > ~/.local/share/man/man1/pbn.1\n  pbn man --dir ~/.local/share/man/man1\n  pbn man | man -l -"
    )]
    Man {
        /// Write pbn.1, pbn-validate.1, pbn-build.1, … into this folder instead
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Browse the embedded national baseline.
    #[command(
        subcommand,
        after_help = "Examples:\n  pbn baseline list\n  pbn baseline show obligation:depot-plainte"
    )]
    Baseline(BaselineCmd),
}

#[derive(Subcommand, Debug)]
pub enum BaselineCmd {
    /// List every baseline fragment (kind, id, title).
    #[command(after_help = "Example:\n  pbn baseline list | grep reflex")]
    List,
    /// Print one baseline fragment as written in the library.
    #[command(after_help = "Example:\n  pbn baseline show obligation:depot-plainte")]
    Show {
        /// KIND:ID, e.g. obligation:depot-plainte
        target: String,
    },
}
