//! `pbn help [TOPIC | COMMAND…]`: the help of a command, as `pbn COMMAND --help` prints it, or one of the
//! reference documents embedded in the binary — so an installed pbn, without this repository's `docs/` folder,
//! still has its plan format, its review rules and its diagnostic codes offline.

use clap::CommandFactory;

/// A reference document: its topic name, what it is, and its text (the repository's `docs/` page).
struct Topic {
    name: &'static str,
    about: &'static str,
    text: &'static str,
}

const TOPICS: &[Topic] = &[
    Topic {
        name: "format",
        about: "the plan format: files, fragment kinds, fields, layers, references",
        text: include_str!("../../docs/plan-format.md"),
    },
    Topic {
        name: "rules",
        about: "the review rules: what each checks, its source, thresholds and profiles",
        text: include_str!("../../docs/review.md"),
    },
    Topic {
        name: "diagnostics",
        about: "every diagnostic code (PBN001…) and what it means",
        text: include_str!("../../docs/diagnostics.md"),
    },
];

pub fn run(words: &[String]) -> i32 {
    let mut cmd = crate::cli::Cli::command();
    match words {
        [] => {
            let mut text = cmd.render_long_help().to_string();
            text.push_str("\nReference topics (pbn help TOPIC):\n");
            for t in TOPICS {
                text.push_str(&format!("  {:<12} {}\n", t.name, t.about));
            }
            super::out(&text);
            crate::exit::OK
        }
        [one] if TOPICS.iter().any(|t| t.name == one) => {
            let text = TOPICS.iter().find(|t| t.name == one).map_or("", |t| t.text);
            super::out(text);
            crate::exit::OK
        }
        path => command_help(&mut cmd, path),
    }
}

/// `pbn help baseline show`: the long help of that (sub)command.
fn command_help(cmd: &mut clap::Command, path: &[String]) -> i32 {
    cmd.build();
    let mut current = cmd.clone();
    for word in path {
        let Some(sub) = current.find_subcommand(word).cloned() else {
            // Hidden commands (`__complete-ids`, for the completion scripts) are not offered.
            let mut known: Vec<&str> = current
                .get_subcommands()
                .filter(|s| !s.is_hide_set())
                .map(|s| s.get_name())
                .collect();
            known.extend(TOPICS.iter().map(|t| t.name));
            let hint = crate::diag::did_you_mean(word, known.iter().copied())
                .unwrap_or_else(|| format!("commands and topics: {}", known.join(", ")));
            return super::fatal(&format!("no command or help topic `{word}` ({hint})"));
        };
        current = sub;
    }
    super::out(&current.render_long_help().to_string());
    crate::exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_its_document() {
        for t in TOPICS {
            assert!(
                t.text.starts_with("# "),
                "{} is not a markdown page",
                t.name
            );
        }
        assert_eq!(run(&["format".into()]), 0);
        assert_eq!(run(&["baseline".into(), "show".into()]), 0);
        assert_eq!(run(&["nonsense".into()]), 2);
    }
}
