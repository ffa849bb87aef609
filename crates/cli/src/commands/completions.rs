//! `gitops-guard completions SHELL`: the shell completion script, generated
//! from the same command definitions the binary parses.

use std::io::{self, Write};

use clap::Args;
use clap_complete::Shell;

use crate::exit::Outcome;

const INSTALL_HELP: &str = "\
INSTALL:
  bash        gitops-guard completions bash > ~/.local/share/bash-completion/completions/gitops-guard
  zsh         gitops-guard completions zsh > ~/.zfunc/_gitops-guard
              (with `fpath+=~/.zfunc; autoload -Uz compinit; compinit` in ~/.zshrc)
  fish        gitops-guard completions fish > ~/.config/fish/completions/gitops-guard.fish
  powershell  gitops-guard completions powershell >> $PROFILE
  elvish      gitops-guard completions elvish >> ~/.config/elvish/rc.elv

Commands, options and the values of options with a fixed set of choices complete
(`lint --format <TAB>` offers human, json, sarif, junit, codequality, github).";

/// Arguments of `gitops-guard completions`.
#[derive(Debug, Args)]
#[command(after_long_help = INSTALL_HELP)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script of `command` for the chosen shell on stdout.
pub(crate) fn run(args: CompletionsArgs, mut command: clap::Command) -> anyhow::Result<Outcome> {
    let name = command.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, &name, &mut script);
    let mut script = String::from_utf8(script)?;
    if args.shell == Shell::Bash {
        script = mend_bash_states(&script, &name);
    }
    io::stdout().lock().write_all(script.as_bytes())?;
    Ok(Outcome::Clean)
}

/// clap_complete's bash script names its states two ways when the binary's
/// name has a hyphen (clap-rs/clap#6421): the loop over the words reaches
/// `gitops__guard__subcmd__lint`, the case arms wait for
/// `gitops__subcmd__guard__subcmd__lint`, so nothing after a subcommand
/// completes. The arms are renamed to the loop's spelling (a no-op once
/// clap_complete spells both alike).
fn mend_bash_states(script: &str, name: &str) -> String {
    let looped = name.replace('-', "__");
    let armed = name.replace('-', "__subcmd__");
    script.replace(
        &format!(" {armed}__subcmd__"),
        &format!(" {looped}__subcmd__"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_case_arms_take_the_spelling_of_the_word_loop() {
        let script = concat!(
            "        gitops__guard,lint)\n",
            "            cmd=\"gitops__guard__subcmd__lint\"\n",
            "        gitops__subcmd__guard__subcmd__lint)\n",
        );
        let mended = mend_bash_states(script, "gitops-guard");
        assert!(
            mended.contains("        gitops__guard__subcmd__lint)"),
            "{mended}"
        );
        assert!(!mended.contains("gitops__subcmd__guard"), "{mended}");
        assert_eq!(mended.lines().count(), script.lines().count());
    }
}
