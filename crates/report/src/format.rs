//! Choosing a format and rendering a report in it.

use std::fmt;
use std::io;
use std::str::FromStr;

use crate::{Report, ReportError, codequality, github, human, json, junit, sarif};

/// An output format of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// rustc-style text for terminals.
    Human,
    /// The JSON object of DESIGN §6.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// JUnit XML (GitLab and other CI test reports).
    Junit,
    /// GitLab Code Quality (CodeClimate subset) JSON.
    CodeQuality,
    /// GitHub Actions workflow commands (annotations on the pull request's diff).
    Github,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Self; 6] = [
        Self::Human,
        Self::Json,
        Self::Sarif,
        Self::Junit,
        Self::CodeQuality,
        Self::Github,
    ];

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Junit => "junit",
            Self::CodeQuality => "codequality",
            Self::Github => "github",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ReportError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| ReportError::UnknownFormat {
                name: name.to_owned(),
            })
    }
}

/// Choices that change how a report looks but not what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RenderOptions {
    /// ANSI colours in the human format (the CLI sets it for a TTY without `NO_COLOR`).
    pub color: bool,
    /// Warnings fail the run (`--deny-warnings`), so JUnit reports them as failures.
    pub deny_warnings: bool,
}

/// Renders `report` in `format`.
pub fn render(
    format: Format,
    report: &Report<'_>,
    options: RenderOptions,
) -> Result<String, ReportError> {
    match format {
        Format::Human => Ok(human::render(report, options.color)),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => Ok(junit::render(report, options)),
        Format::CodeQuality => codequality::render(report),
        Format::Github => Ok(github::render(report)),
    }
}

/// Renders `report` in `format` and writes it to `out`.
pub fn write_report(
    format: Format,
    report: &Report<'_>,
    options: RenderOptions,
    out: &mut impl io::Write,
) -> Result<(), ReportError> {
    let text = render(format, report, options)?;
    out.write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>().unwrap(), format);
        }
        let err = "xml".parse::<Format>().unwrap_err();
        assert!(err.to_string().contains("`xml`"), "{err}");
    }
}
