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
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

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
            match clap_mangen::generate_to(crate::cli::Cli::command(), dir) {
                Ok(()) => {
                    super::out(&format!("wrote the man pages into {}\n", dir.display()));
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
