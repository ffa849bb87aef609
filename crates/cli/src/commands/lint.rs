//! `gitops-guard lint`: the CI lint of `.cicd/` values and the platform repository.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use gg_diagnostic::normalize_path;
use gg_diagnostic::{Diagnostic, Severity, Summary};
use gg_platform::LoadOptions;
use gg_report::{Format, RenderOptions, Report, render};
use gg_rules::baseline::Baseline;
use gg_rules::config::Config;

use crate::exit::Outcome;
use gg_platform::FsSource;

/// The configuration file looked up in the working directory.
const CONFIG_FILE: &str = ".gitops-guard.yaml";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// rustc-style text with the source line and a caret under the column.
    Human,
    /// One JSON object: {"version":1,"diagnostics":[…],"summary":{…}}.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, most CI dashboards).
    Sarif,
    /// JUnit XML (a test case per file × rule).
    Junit,
    /// GitLab Code Quality report.
    Codequality,
    /// GitHub Actions workflow commands: annotations on the pull request's diff.
    Github,
}

impl OutputFormat {
    fn report_format(self) -> Format {
        match self {
            Self::Human => Format::Human,
            Self::Json => Format::Json,
            Self::Sarif => Format::Sarif,
            Self::Junit => Format::Junit,
            Self::Codequality => Format::CodeQuality,
            Self::Github => Format::Github,
        }
    }
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Arguments of `gitops-guard lint`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  # lint the platform repository and every service below the current directory
  gitops-guard lint

  # lint one service repository against the platform checked out next to it
  gitops-guard lint services/cart --platform ../gitops-config

  # CI: findings for GitLab's merge request widget, human output in the job log
  gitops-guard lint --format codequality --output gl-code-quality-report.json

  # GitHub Actions: findings as annotations on the pull request's diff
  gitops-guard lint --format github

  # adopt on a repository with existing findings: record them once, then fail only on new ones
  gitops-guard lint --write-baseline .gitops-guard-baseline.json
  gitops-guard lint --baseline .gitops-guard-baseline.json

WHAT IT CHECKS:
  Every `.cicd/` directory below the paths is a service. Each values file is checked on
  its own (syntax, unknown keys, credentials, secret path form …), then each service is
  merged for every enabled environment exactly as ArgoCD + Helm will merge it
  (k8app chart defaults <- shared/k8app-defaults.yaml <- default.yaml <- {env}.yaml) and
  checked again; a finding points at the line of the value that won the merge and names
  the environments it arises in. `gitops-guard rules` lists the rules, `gitops-guard
  explain RULE` explains one.

PLATFORM:
  The platform root is the directory holding `platform/base.yaml`: --platform DIR, or
  found among the linted paths. Without one, settings come from --env-file (keys of the
  platform's .env.example), else the built-in defaults.

CONFIGURATION:
  `.gitops-guard.yaml` in the working directory (or --config FILE) sets per-rule
  severities (`rules: {unknown-key: off}`) and ignored paths (`ignore: [\"shared/templates/**\"]`).
  A comment `# gitops-guard: ignore RULE -- reason` silences a rule on its line or the
  line below.

EXIT CODES:
  0 no errors; 1 errors (or warnings with --deny-warnings); 2 usage or I/O failure.")]
pub(crate) struct LintArgs {
    /// Files or directories to lint (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// The platform repository root (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR")]
    pub platform: Option<String>,
    /// A .env file with the platform settings, used when there is no platform directory.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to FILE; the terminal then gets the human report.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The configuration file (default: ./.gitops-guard.yaml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Colour for human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Runs `gitops-guard lint`.
pub(crate) fn run(args: LintArgs) -> anyhow::Result<Outcome> {
    let roots: Vec<String> = if args.paths.is_empty() {
        vec![String::new()]
    } else {
        args.paths.iter().map(|p| normalize_path(p)).collect()
    };
    for root in &roots {
        let shown = if root.is_empty() { "." } else { root.as_str() };
        if !Path::new(shown).exists() {
            bail!("{shown}: no such file or directory");
        }
    }
    let config = load_config(args.config.as_deref())?;
    let options = LoadOptions {
        platform_dir: args.platform.as_deref().map(normalize_path),
        env_file: args.env_file.clone(),
        ..LoadOptions::default()
    };
    let output = gg_rules::parallel::lint(&FsSource, &roots, &options, &config);
    let mut diagnostics = output.diagnostics;

    if let Some(path) = &args.write_baseline {
        let text = Baseline::record(&diagnostics).to_json();
        fs::write(path, text + "\n").with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "recorded {} findings in {}",
            diagnostics.len(),
            path.display()
        );
        return Ok(Outcome::Clean);
    }
    if let Some(path) = &args.baseline {
        let text =
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let baseline = Baseline::parse(&text, &path.display().to_string())?;
        diagnostics = baseline.new_findings(diagnostics);
    }

    let summary = Summary::new(&diagnostics, output.sources.len());
    let report = Report {
        diagnostics: &diagnostics,
        summary,
        sources: &output.sources,
        rules: gg_diagnostic::catalog(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let terminal_format = if args.output.is_some() {
        OutputFormat::Human
    } else {
        args.format
    };
    let color = use_color(args.color, terminal_format);
    print!(
        "{}",
        render(
            terminal_format.report_format(),
            &report,
            RenderOptions { color }
        )?
    );
    if let Some(path) = &args.output {
        let text = render(
            args.format.report_format(),
            &report,
            RenderOptions { color: false },
        )?;
        fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(outcome(&diagnostics, args.deny_warnings))
}

fn outcome(diagnostics: &[Diagnostic], deny_warnings: bool) -> Outcome {
    let failing = |d: &Diagnostic| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    };
    if diagnostics.iter().any(failing) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn load_config(explicit: Option<&Path>) -> anyhow::Result<Config> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None if Path::new(CONFIG_FILE).is_file() => PathBuf::from(CONFIG_FILE),
        None => return Ok(Config::default()),
    };
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Config::parse(&text, &path.display().to_string())?)
}

fn use_color(choice: ColorChoice, format: OutputFormat) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            format == OutputFormat::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
