//! `gitops-guard man`: manual pages in roff, generated from the same command
//! definitions the binary parses (so they never drift from `--help`).

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

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
        date: date(source_date_epoch()?),
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

/// `SOURCE_DATE_EPOCH` when set, else the current time, in seconds.
fn source_date_epoch() -> anyhow::Result<u64> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds")),
        Err(_) => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())),
    }
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix time, by the days-to-civil
/// algorithm of the proleptic Gregorian calendar.
fn date(epoch_seconds: u64) -> String {
    let days = epoch_seconds / 86_400 + 719_468;
    let era = days / 146_097;
    let day_of_era = days % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_gregorian_calendar() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(86_399), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(951_868_800), "2000-03-01");
        assert_eq!(date(1_709_164_800), "2024-02-29");
        assert_eq!(date(1_735_689_599), "2024-12-31");
        assert_eq!(date(4_107_542_400), "2100-03-01");
    }
}
