//! Command-line types (clap) only: what the user may type. Behaviour lives in `app` and the command modules.

use crate::diag::emit::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// What `pbn --version` prints: pbn's version and the embedded baseline's.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (baseline national ",
    env!("PBN_BASELINE_VERSION"),
    ")"
);

#[derive(Parser, Debug)]
#[command(
    name = "pbn",
    version = VERSION,
    about = "Compile a hospital's plan blanc numérique: validate the YAML sources, merge the national baseline, print the binder",
    long_about = None,
    disable_help_subcommand = true,
    after_help = "Examples:\n  pbn init mon-plan --name \"CH de Val-Exemple\" --finess 010000024\n  pbn validate mon-plan\n  pbn build mon-plan --out dist\n  pbn explain mon-plan reflex:premiers-gestes"
)]
pub struct Cli {
    /// Print only results and errors: no progress spinner, no status lines ("wrote …", "ok")
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Show every diagnostic, also those that only follow from an earlier one (hidden by default)
    #[arg(long, global = true)]
    pub all: bool,
    /// When to colour diagnostics: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it),
    /// always or never
    #[arg(
        long,
        value_enum,
        global = true,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`: whether diagnostics on standard error are coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the plan: structure, types, references, layers. Exit 1 on errors.
    #[command(
        after_help = "Examples:\n  pbn validate mon-plan\n  pbn validate ch-a ch-b ch-c          # a GHT's hospitals in one run\n  pbn validate mon-plan --format sarif > pbn.sarif\n  pbn validate --format json --deny-warnings"
    )]
    Validate {
        /// Plan directories (each holds pbn.yaml; a folder inside a plan finds the plan above it)
        #[arg(default_value = ".", value_name = "DIR")]
        dirs: Vec<PathBuf>,
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
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show a merged object and, for each field and step, the layer and file:line that supplied it.
    #[command(
        after_help = "KIND is a fragment kind (reflex, procedure, role, obligation, message…), contact, or one of the subjects that\n`pbn review` prints: application, function, exercise, cell, establishment, approval.\n\nExamples:\n  pbn explain mon-plan reflex:premiers-gestes\n  pbn explain obligation:depot-plainte --full\n  pbn explain mon-plan application:dpi"
    )]
    Explain {
        /// Plan directory, then KIND:ID (with one argument, the plan is the current directory)
        #[arg(num_args = 1..=2, required = true, value_name = "[DIR] KIND:ID")]
        args: Vec<String>,
        /// Show every value whole (by default long texts are cut at 70 characters)
        #[arg(long)]
        full: bool,
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
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Review plans as a regional health agency (ARS) reviewer would: the rule set of the spec, a score out of
    /// 100, each failure with its place and its fix. Several plans: a summary table. Exit 1 when a rule of
    /// error severity fails, the score is under --min-score, or a plan has errors.
    #[command(
        after_help = "Thresholds (contact freshness 6 months, exercise, restore test, review and training 12 months) can be set in a\nprofile file (--profile) or in the `review:` section of pbn.yaml; the profile wins. See `pbn help rules`.\n\nExamples:\n  pbn review mon-plan\n  pbn review mon-plan --as-of 2026-11-29 --format json\n  pbn review region/*/ --format html > tableau.html\n  pbn review mon-plan --profile ars-ara.yaml --min-score 80\n  pbn review region/*/ --format csv --bom > revue.csv\n  pbn review region/*/ --letters courriers --reviewer ars-ara-courrier.yaml\n  pbn review plan-2026 --compare plan-2025"
    )]
    Review {
        /// Plan directories (each holds pbn.yaml)
        #[arg(default_value = ".", value_name = "DIR")]
        dirs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: ReviewFormat,
        /// Review as of this date (YYYY-MM-DD) instead of today, for reproducible results
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// Exit 1 when a plan scores under N (0-100)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
        min_score: Option<u32>,
        /// Review profile (YAML): thresholds, min_score, severity overrides
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// Write one PDF letter per plan into OUT (OUT/<finess_ej>-<version>.pdf), in the plan's language
        // The doc comment is the --help text: its angle brackets are placeholders, not HTML.
        #[allow(rustdoc::invalid_html_tags)]
        #[arg(long, value_name = "OUT")]
        letters: Option<PathBuf>,
        /// The letters' letterhead (YAML: agency, address, reviewer, reference, reply_within_days; see `pbn help rules`)
        #[arg(long, value_name = "FILE")]
        reviewer: Option<PathBuf>,
        /// Compare with an earlier version of the plan: rules fixed, newly failing, still failing
        #[arg(long, value_name = "OLD")]
        compare: Option<PathBuf>,
        /// The FINESS numbers expected in the batch, one a line (a missing one is a batch finding)
        #[arg(long, value_name = "FILE")]
        expected: Option<PathBuf>,
        /// Order of the batch table, CSV, JSON and dashboard
        #[arg(long, value_enum, value_name = "KEY")]
        sort: Option<SortKey>,
        /// Start CSV output with a UTF-8 byte-order mark (for Excel)
        #[arg(long)]
        bom: bool,
        /// Add the evidence matrix of a regulatory framework: each objective, its status, its rules and the
        /// plan.pdf section and page that prove it
        #[arg(long, value_name = "ID", value_parser = crate::rules::frameworks::ids())]
        framework: Option<String>,
    },
    /// What changed between two versions of a plan, object by object (merged values: formatting, comments and
    /// key order are not changes). Exit 0 whatever the differences.
    #[command(
        after_help = "Examples:\n  pbn diff plan-2025 plan-2026\n  pbn diff old/ new/ --format markdown >> reponse.md\n  pbn diff old/ new/ --format json"
    )]
    Diff {
        /// The earlier version (a plan directory)
        old: PathBuf,
        /// The later version
        new: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormat,
    },
    /// Check a submission: a plan's sources and outputs against a manifest.json written by `pbn build`, a pack
    /// written by `pbn pack`, and/or a minisign signature. Exit 1 naming each file that differs, is missing,
    /// was added or is not listed, or when the signature does not match.
    #[command(
        after_help = "The manifest's folder must hold exactly what the manifest lists, and be for its audience (dist/ars/ holds an\n`ars` build). Without --manifest, a plan folder is checked against DIR/dist/manifest.json.\n\nExamples:\n  pbn verify mon-plan --manifest envoi/manifest.json\n  pbn verify soumission.zip --pubkey ch-val.pub\n  pbn verify mon-plan --manifest dist/manifest.json --format json"
    )]
    Verify {
        /// Plan directory (holds pbn.yaml), a pack (.zip), or any signed file (with --pubkey)
        #[arg(default_value = ".", value_name = "DIR|FILE")]
        target: PathBuf,
        /// The manifest.json to check against
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// Check FILE.minisig with this minisign public key first
        #[arg(long, value_name = "KEY.pub")]
        pubkey: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: VerifyFormat,
    },
    /// Bundle a submission: every source of every layer, the outputs of a build and its manifest, in one
    /// deterministic zip that review, diff, explain and verify read directly.
    #[command(
        after_help = "The outputs come from --from (default DIR/dist/ars when it holds a build, else DIR/dist) and must have been\nbuilt from the plan's current sources.\n\nExamples:\n  pbn build mon-plan --audience ars && pbn pack mon-plan --out soumission.zip\n  pbn pack mon-plan --from mon-plan/dist --out soumission.zip"
    )]
    Pack {
        /// Plan directory (holds pbn.yaml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The zip to write
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// The output folder whose outputs and manifest go into the pack
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
    /// Generate a minisign-compatible key pair: KEY (secret) and KEY.pub.
    #[command(
        after_help = "The passphrase is read from PBN_KEY_PASSWORD, else asked on the terminal.\n\nExamples:\n  pbn keygen --out ~/.pbn/ch-val.key\n  PBN_KEY_PASSWORD=… pbn keygen --out ci.key\n  pbn keygen --out ci.key --unencrypted"
    )]
    Keygen {
        /// The secret key file to write (the public key goes to KEY.pub)
        #[arg(long, value_name = "KEY")]
        out: PathBuf,
        /// Write the secret key without a passphrase (for CI)
        #[arg(long)]
        unencrypted: bool,
    },
    /// Sign a file (a pack, a PDF…) with a minisign secret key: writes FILE.minisig.
    #[command(
        after_help = "Check with `pbn verify FILE --pubkey KEY.pub` or `minisign -Vm FILE -p KEY.pub`.\n\nExample:\n  pbn sign soumission.zip --key ~/.pbn/ch-val.key"
    )]
    Sign {
        /// The file to sign
        file: PathBuf,
        /// The secret key (from pbn keygen or minisign -G)
        #[arg(long, value_name = "KEY")]
        key: PathBuf,
    },
    /// Print a shell completion script to standard output.
    #[command(
        after_help = "Examples:\n  pbn completions bash > ~/.local/share/bash-completion/completions/pbn\n  pbn completions zsh > ~/.zfunc/_pbn\n  pbn completions fish > ~/.config/fish/completions/pbn.fish\n  pbn completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Every KIND:ID of the plan in DIR, one per line: what the completion scripts offer after `pbn explain`.
    #[command(name = "__complete-ids", hide = true)]
    CompleteIds {
        #[arg(default_value = ".")]
        dir: PathBuf,
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
        after_help = "Examples:\n  pbn baseline list\n  pbn baseline show obligation:depot-plainte\n  pbn baseline changes --since 2026.11"
    )]
    Baseline(BaselineCmd),
    /// Print the help of a command, or a reference topic: format (the plan format), rules (the review rules),
    /// diagnostics (every code).
    #[command(
        after_help = "Examples:\n  pbn help format | less\n  pbn help rules\n  pbn help diagnostics\n  pbn help baseline show"
    )]
    Help {
        /// A topic (format, rules, diagnostics) or a command, e.g. `baseline show`
        #[arg(value_name = "TOPIC|COMMAND")]
        words: Vec<String>,
    },
}

/// The flags `build` and `watch` share: where the outputs go, whom they are for, which ones, with which
/// templates. Which outputs are built when none is named differs: every one for `build`, `plan.html` for `watch`
/// (each command's help says so).
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
#[command(next_help_heading = "Outputs")]
pub struct OutputArgs {
    /// Output folder [default: DIR/dist, DIR/dist/NAME for --audience NAME other than internal]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Who the documents are for: internal, ars (confidential channels masked), or one defined in pbn.yaml
    #[arg(long, default_value = "internal", value_name = "NAME")]
    pub audience: String,
    /// Build plan.pdf
    #[arg(long)]
    pub pdf: bool,
    /// Build plan.html
    #[arg(long)]
    pub html: bool,
    /// Build cards.pdf (one page per role)
    #[arg(long)]
    pub cards: bool,
    /// Folder of templates replacing the built-in ones by name (plan.html.tera, components.html.tera, plan.css, plan.js)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum BaselineCmd {
    /// List every baseline fragment (kind, id, title) and national contact.
    #[command(after_help = "Example:\n  pbn baseline list | grep reflex")]
    List,
    /// Print one baseline fragment or national contact as written in the library (with its sources).
    #[command(
        after_help = "Examples:\n  pbn baseline show obligation:depot-plainte\n  pbn baseline show contact:cert-sante"
    )]
    Show {
        /// KIND:ID, e.g. obligation:depot-plainte or contact:cert-sante (the ID alone when no other kind uses it)
        target: String,
    },
    /// What the baseline added, changed and removed since a version (the `plan.baseline` pin of pbn.yaml).
    #[command(after_help = "Example:\n  pbn baseline changes --since 2026.11")]
    Changes {
        /// The version to compare with, e.g. 2026.11
        #[arg(long, value_name = "VERSION")]
        since: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// A reviewer's letter (several plans: a summary table)
    Human,
    /// One object per plan (an array for several)
    Json,
    /// One offline HTML file (several plans: a dashboard)
    Html,
    /// One row per plan: plan,establishment,finess,version,fingerprint,score,errors,warnings,verdict
    Csv,
    /// One row per finding: plan,finess,rule,severity,subject,file,line,message
    CsvFindings,
}

/// `--sort`: the order of the batch table, CSV, JSON and dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Lowest score first (a plan that could not be read comes first)
    Score,
    /// Rejected first, then by score
    Verdict,
    /// By FINESS number
    Finess,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    /// For a reviewer's reply or a merge request
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    Human,
    Json,
}

/// A calendar date written YYYY-MM-DD.
fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date written YYYY-MM-DD"))
}
