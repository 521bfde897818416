//! `pbn man`: the manual page in roff (clap_mangen), from the same clap definition as the parser.
//!
//! One page on standard output (`pbn.1`: the overview, then a section per command with its options and examples,
//! so `man pbn` is enough offline), or with `--dir` one page per command (`pbn.1`, `pbn-validate.1`, …) the way
//! cargo and git ship theirs.

use clap::{Command, CommandFactory};
use clap_mangen::Man;
use std::path::Path;

/// The `pbn.1` page: the overview, then every command (nested ones too) as its own section.
pub fn page() -> std::io::Result<String> {
    let mut root = crate::cli::Cli::command().disable_help_subcommand(true);
    root.build();
    let mut buf = Vec::new();
    Man::new(root.clone()).render(&mut buf)?;
    for sub in visible(&root) {
        command_section(sub, &mut buf)?;
    }
    buf.extend_from_slice(TRAILER.as_bytes());
    Ok(examples_heading(&String::from_utf8_lossy(&buf)))
}

/// clap_mangen names the `after_help` text "EXTRA"; in pbn it holds notes and examples.
fn examples_heading(roff: &str) -> String {
    roff.replace(".SH EXTRA\n", ".SH EXAMPLES\n")
        .replace(".SS EXTRA\n", ".SS EXAMPLES\n")
}

/// The sections a man page is expected to have that clap does not write: exit status, environment, files and
/// where the reference lives offline.
const TRAILER: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
The plan has errors (or warnings with \fB\-\-deny\-warnings\fR), a review is below its bar, or a verification failed.
.TP
\fB2\fR
Usage error (unknown option, command or id), unreadable input, or an I/O failure. pbn never panics on input.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, diagnostics are not coloured (https://no\-color.org).
.TP
\fBCLICOLOR_FORCE\fR
When set and not 0, diagnostics are coloured even when standard error is not a terminal (NO_COLOR wins).
.TP
\fBTERM\fR
\fBdumb\fR turns off colour and the progress spinner.
.TP
\fBSOURCE_DATE_EPOCH\fR
The date printed in the documents and stored in the PDF (seconds since 1970), for reproducible builds.
.TP
\fBPBN_TIMINGS\fR
When set, \fBpbn build\fR prints the time of each stage on standard error.
.TP
\fBPBN_KEY_PASSWORD\fR
The passphrase of a signing key, for \fBpbn keygen\fR and \fBpbn sign\fR without a terminal.
.TP
\fBMIMALLOC_PURGE_DELAY\fR
How long freed memory is kept before it is returned to the system (milliseconds; pbn sets 10).
.SH FILES
.TP
\fIDIR/pbn.yaml\fR
The plan's manifest: title, version, language, classification, layers, include patterns.
.TP
\fIDIR/establishment.yaml\fR, \fIDIR/contacts.yaml\fR (or \fIDIR/contacts/*.yaml\fR), \fIDIR/exercises.yaml\fR
The establishment's data, the crisis directory, the exercises and action plan.
.TP
\fIDIR/fragments/**/*.yaml\fR
Reflex sheets, procedures, roles, obligations, messages, forms, and overlays of inherited ones.
.TP
\fIDIR/dist/\fR
What \fBpbn build\fR writes: plan.pdf, plan.html, cards.pdf, manifest.json (\fIDIR/dist/NAME/\fR for an audience).
.SH "SEE ALSO"
\fBpbn help format\fR (the plan format), \fBpbn help rules\fR (the review rules), \fBpbn help diagnostics\fR (every
diagnostic code), \fBpbn schema\fR (JSON Schema for editors).
"#;

/// Subcommands a user can type, in definition order.
fn visible(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|s| !s.is_hide_set())
}

/// `.SH "PBN VALIDATE"`, its synopsis, description, options and examples as subsections, then its own
/// subcommands.
fn command_section(cmd: &Command, w: &mut Vec<u8>) -> std::io::Result<()> {
    // The built command's display name is `pbn-validate`; the user types `pbn validate`.
    let shown = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .replace('-', " ");
    w.extend_from_slice(format!(".SH \"{}\"\n", shown.to_uppercase()).as_bytes());
    let man = Man::new(cmd.clone());
    let mut part = Vec::new();
    man.render_synopsis_section(&mut part)?;
    man.render_description_section(&mut part)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut part)?;
    }
    if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        man.render_extra_section(&mut part)?;
    }
    // Each part starts with its own `.SH`; inside a command's section they are subsections.
    let text = String::from_utf8_lossy(&part).replace("\n.SH ", "\n.SS ");
    let text = text
        .strip_prefix(".SH ")
        .map_or(text.clone(), |t| format!(".SS {t}"));
    w.extend_from_slice(text.as_bytes());
    for sub in visible(cmd) {
        command_section(sub, w)?;
    }
    Ok(())
}

pub fn run(dir: Option<&Path>) -> i32 {
    match dir {
        None => match page() {
            Ok(p) => {
                super::out(&p);
                crate::exit::OK
            }
            Err(e) => super::fatal(&format!("cannot render the man page: {e}")),
        },
        Some(dir) => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return super::fatal(&format!("cannot create {}: {e}", dir.display()));
            }
            // One page per command, then pbn.1 replaced by the whole page (with its exit status, environment and
            // files sections).
            let written = clap_mangen::generate_to(crate::cli::Cli::command(), dir)
                .and_then(|()| page())
                .and_then(|p| std::fs::write(dir.join("pbn.1"), p));
            match written {
                Ok(()) => {
                    super::status(&format!("wrote the man pages into {}\n", dir.display()));
                    crate::exit::OK
                }
                Err(e) => super::fatal(&format!(
                    "cannot write the man pages into {}: {e}",
                    dir.display()
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_has_every_command_and_its_options() {
        let p = page().unwrap();
        assert!(p.starts_with(".ie"), "{}", &p[..80.min(p.len())]);
        for h in [
            "PBN VALIDATE",
            "PBN BUILD",
            "PBN WATCH",
            "PBN BASELINE SHOW",
        ] {
            assert!(p.contains(&format!(".SH \"{h}\"")), "no section {h}");
        }
        assert!(
            p.contains("deny\\-warnings"),
            "validate's options are missing"
        );
        for h in [
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            "NO_COLOR",
            "SOURCE_DATE_EPOCH",
        ] {
            assert!(p.contains(h), "no {h}");
        }
        assert!(!p.contains("EXTRA"), "a stray EXTRA heading");
    }

    #[test]
    fn one_page_per_command_in_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(run(Some(dir.path())), 0);
        for f in ["pbn.1", "pbn-validate.1", "pbn-baseline-show.1"] {
            assert!(dir.path().join(f).is_file(), "{f} missing");
        }
    }
}
