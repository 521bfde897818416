//! `pbn completions SHELL`: the completion script for bash, zsh, fish, PowerShell or elvish (clap_complete),
//! generated from the same clap definition as the parser, so it cannot fall behind a new flag.

use clap::CommandFactory;
use clap_complete::Shell;

/// The completion script for `shell`, as text.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pbn", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(shell: Shell) -> i32 {
    super::out(&script(shell));
    crate::exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_shell_completes_every_command() {
        for shell in Shell::value_variants() {
            let s = script(*shell);
            for sub in [
                "validate",
                "build",
                "watch",
                "completions",
                "man",
                "baseline",
            ] {
                assert!(s.contains(sub), "{shell}: `{sub}` missing");
            }
        }
    }

    #[test]
    fn bash_completes_format_values() {
        let s = script(Shell::Bash);
        assert!(s.contains("human json sarif junit"), "{s}");
    }
}
