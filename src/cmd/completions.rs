//! `pbn completions SHELL`: the completion script for bash, zsh, fish, PowerShell or elvish (clap_complete),
//! generated from the same clap definition as the parser, so it cannot fall behind a new flag.
//!
//! The subject of `pbn explain [DIR] KIND:ID` is completed from the plan itself (bash, zsh, fish): the script
//! asks the hidden command `pbn __complete-ids DIR`, which prints every `KIND:ID` of the merged plan. This was
//! chosen over clap_complete's dynamic mode (`unstable-dynamic`, `CompleteEnv`) because that mode is unstable
//! (its API and the scripts it registers change between minor releases) and would route every Tab of every
//! command through the binary; here the stable static scripts stay as they are and only the explain subject
//! calls pbn. The hooks are spliced into clap_complete's text at anchors the tests check, so a clap_complete
//! upgrade that moves them fails a test instead of silently losing the completion.

use clap::CommandFactory;
use clap_complete::Shell;

/// The completion script for `shell`, as text.
pub fn script(shell: Shell) -> String {
    let mut cmd = offered();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pbn", &mut buf);
    let generated = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => bash(&generated),
        Shell::Zsh => zsh(&generated),
        Shell::Fish => format!("{generated}{FISH_SUBJECTS}"),
        _ => generated,
    }
}

/// The command line as completion offers it: clap_complete lists hidden subcommands too, so `__complete-ids` is
/// left out by rebuilding the top level without it (clap has no way to remove a subcommand).
fn offered() -> clap::Command {
    let full = crate::cli::Cli::command();
    clap::Command::new("pbn")
        .version(crate::cli::VERSION)
        .disable_help_subcommand(true)
        .subcommand_required(true)
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|s| !s.is_hide_set()).cloned())
}

/// Bash splits words at `:` (COMP_WORDBREAKS), so the hook reads the line itself rather than COMP_WORDS, and
/// offers only what follows the last `:` typed, as bash-completion's `__ltrim_colon_completions` does.
const BASH_SUBJECTS: &str = r#"
# `pbn explain [DIR] KIND:ID`: the subject is completed from the plan by `pbn __complete-ids DIR`.
_pbn_with_subjects() {
    local line=${COMP_LINE:0:COMP_POINT}
    local -a w
    read -ra w <<< "$line"
    [[ -z $line || $line == *[[:space:]] ]] && w+=("")
    local i=1 sub=""
    while (( i < ${#w[@]} - 1 )); do
        case ${w[i]} in
            --color) (( i += 2 )) ;;
            -*) (( i += 1 )) ;;
            *) sub=${w[i]}; break ;;
        esac
    done
    local cur=${w[${#w[@]}-1]}
    local -a args=()
    local j
    for (( j = i + 1; j < ${#w[@]} - 1; j++ )); do
        [[ ${w[j]} == -* ]] || args+=("${w[j]}")
    done
    if [[ $sub == explain && $cur != -* ]] && (( ${#args[@]} < 2 )); then
        local dir=.
        (( ${#args[@]} == 1 )) && dir=${args[0]}
        local ids
        ids=$("${w[0]}" __complete-ids "$dir" 2>/dev/null)
        COMPREPLY=($(compgen -W "$ids" -- "$cur"))
        if (( ${#args[@]} == 0 )) && [[ $cur != *:* ]]; then
            COMPREPLY+=($(compgen -d -- "$cur"))
        fi
        if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
            local prefix=${cur%"${cur##*:}"}
            COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
        fi
        return 0
    fi
    _pbn "$@"
}
"#;

fn bash(generated: &str) -> String {
    let registered = generated.replace("complete -F _pbn ", "complete -F _pbn_with_subjects ");
    match registered.rfind("\nif [[ \"${BASH_VERSINFO") {
        Some(at) => format!(
            "{}\n{BASH_SUBJECTS}{}",
            &registered[..at],
            &registered[at..]
        ),
        None => registered,
    }
}

/// `*::args` narrows `words` to explain's own arguments: `[DIR] KIND:ID`.
const ZSH_SUBJECTS: &str = r#"(( $+functions[_pbn_explain_subjects] )) ||
_pbn_explain_subjects() {
    local -a pos ids
    local w
    for w in "${(@)words[1,CURRENT-1]}"; do
        [[ $w == -* ]] || pos+=("$w")
    done
    (( ${#pos} < 2 )) || return 1
    local dir=.
    (( ${#pos} == 1 )) && dir=$pos[1]
    ids=(${(f)"$(pbn __complete-ids "$dir" 2>/dev/null)"})
    compadd -a ids
    (( ${#pos} == 0 )) && _files -/
    return 0
}

"#;

const ZSH_ARGS: &str = "(with one argument, the plan is the current directory):_default'";

fn zsh(generated: &str) -> String {
    let hooked = generated.replace(
        ZSH_ARGS,
        &ZSH_ARGS.replace(":_default'", ":_pbn_explain_subjects'"),
    );
    match hooked.rfind("\nif [ \"$funcstack[1]\" = \"_pbn\" ]") {
        Some(at) => format!("{}\n{ZSH_SUBJECTS}{}", &hooked[..at], &hooked[at..]),
        None => hooked,
    }
}

const FISH_SUBJECTS: &str = r#"
# `pbn explain [DIR] KIND:ID`: the subject is completed from the plan by `pbn __complete-ids DIR`.
function __fish_pbn_explain_subjects
    set -l words (commandline -opc)
    set -l pos
    set -l seen 0
    for w in $words[2..-1]
        if test $seen = 1; and not string match -q -- '-*' $w
            set -a pos $w
        end
        if test $w = explain
            set seen 1
        end
    end
    set -l dir .
    if test (count $pos) -eq 1
        set dir $pos[1]
    end
    if test (count $pos) -lt 2
        $words[1] __complete-ids $dir 2>/dev/null
    end
end
complete -c pbn -n "__fish_pbn_using_subcommand explain" -f -a "(__fish_pbn_explain_subjects)"
"#;

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

    #[test]
    fn the_explain_subject_hooks_are_in_place() {
        let bash = script(Shell::Bash);
        assert!(bash.contains("_pbn_with_subjects() {"), "{bash}");
        assert!(
            !bash.contains("complete -F _pbn "),
            "bash still registers _pbn alone"
        );
        let zsh = script(Shell::Zsh);
        assert!(
            zsh.contains(":_pbn_explain_subjects' \\"),
            "zsh: explain's args not hooked"
        );
        assert!(zsh.contains("_pbn_explain_subjects() {"));
        assert!(script(Shell::Fish).contains("(__fish_pbn_explain_subjects)"));
    }

    #[test]
    fn the_hidden_command_is_not_offered() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let s = script(shell);
            assert!(!s.contains("'__complete-ids"), "{shell}");
            assert!(!s.contains("-a \"__complete-ids\""), "{shell}");
        }
    }
}
