//! `gitops-guard man`: manual pages in roff, generated from the same command
//! definitions the binary parses (so they never drift from `--help`).

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::exit::Outcome;
use crate::output;

const INSTALL_HELP: &str = "\
EXAMPLES:
  gitops-guard man | man -l -                      # read the main page now
  gitops-guard man --out-dir ~/.local/share/man/man1
  man gitops-guard-lint                            # then every command has its page

One page per command and subcommand, named like git's: gitops-guard.1,
gitops-guard-lint.1, gitops-guard-vault-policy-lint.1, … The pages are dated
SOURCE_DATE_EPOCH when it is set (reproducible builds), else today.";

/// Arguments of `gitops-guard man`.
#[derive(Debug, Args)]
#[command(after_long_help = INSTALL_HELP)]
pub(crate) struct ManArgs {
    /// Write a page for every command into DIR (created when missing) instead
    /// of printing the main page.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

/// Prints the main page, or writes every command's page into `--out-dir`
/// and lists the files written.
pub(crate) fn run(args: ManArgs, command: clap::Command) -> anyhow::Result<Outcome> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let header = Header {
        date: crate::clock::calendar_date(crate::clock::now()?),
        source: format!(
            "{} {}",
            command.get_name(),
            command.get_version().unwrap_or_default()
        ),
    };
    let Some(dir) = args.out_dir else {
        io::stdout().lock().write_all(&header.page(command).1?)?;
        return Ok(Outcome::Clean);
    };
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = Vec::new();
    header.pages(command, &mut pages);
    for (name, page) in pages {
        let path = dir.join(name);
        fs::write(&path, page?).with_context(|| format!("cannot write {}", path.display()))?;
        output::println(path.display().to_string())?;
    }
    Ok(Outcome::Clean)
}

/// What every page's title line says besides its name.
struct Header {
    /// `YYYY-MM-DD`.
    date: String,
    /// `gitops-guard VERSION`.
    source: String,
}

impl Header {
    /// The file name and roff text of `command`'s page.
    fn page(&self, command: clap::Command) -> (String, io::Result<Vec<u8>>) {
        let man = clap_mangen::Man::new(command)
            .date(&self.date)
            .source(&self.source)
            .manual("gitops-guard manual");
        let mut text = Vec::new();
        let rendered = man.render(&mut text).map(|()| text);
        (man.get_filename(), rendered)
    }

    /// The pages of `command` and of all its visible subcommands, depth first.
    fn pages(&self, command: clap::Command, out: &mut Vec<(String, io::Result<Vec<u8>>)>) {
        for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
            self.pages(sub.clone(), out);
        }
        out.push(self.page(command));
    }
}
