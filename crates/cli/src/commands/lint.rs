//! `gitops-guard lint`: the CI lint of `.cicd/` values and the platform repository.

use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use gg_diagnostic::{Diagnostic, Severity, Summary};
use gg_diagnostic::{at_or_below, normalize_path};
use gg_platform::FsSource;
use gg_report::{Format, RenderOptions, Report, render};
use gg_rules::LintOutput;
use gg_rules::baseline::Baseline;

use crate::exit::{Outcome, usage};
use crate::output;
use crate::platform_dir::{PlatformArgs, platform_left_out_line, require_file, skipped_line};
use crate::status;

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
  # in a service repository's CI job: lint it, with the platform found next to it
  gitops-guard lint

  # the same, with the platform repository checked out at gitops-config/
  gitops-guard lint . --platform gitops-config

  # one file, as editors and pre-commit hooks pass it (linted with its service)
  gitops-guard lint services/cart/.cicd/dev.yaml

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
  the environments it arises in. A named values file is linted with the rest of its
  service and reports what concerns it. `gitops-guard rules` lists the rules,
  `gitops-guard explain RULE` explains one.

PLATFORM:
  The first line of the report names the platform whose facts were used: --platform DIR;
  else a directory holding `platform/base.yaml` among the paths; else one next to the
  first path (its parents up to the checkout's root and the directories beside them);
  else the facts declared under `platform:` in .gitops-guard.yaml; else --env-file.
  Without any, the checks that need a platform fact (registry secret, Vault policy,
  namespaces, environments) do not run, and one info line says which. Findings in the
  platform repository's own files are reported only when a path is the repository or
  lies in it, or when it was found among the paths; otherwise (beside the service, or
  named only by --platform) one info line counts them.

CONFIGURATION:
  `.gitops-guard.yaml` in the working directory (or --config FILE) sets per-rule
  severities (`rules: {unknown-key: off}`), ignored paths (`ignore: [\"shared/templates/**\"]`)
  and the platform's facts for runs without the platform repository (`platform:`).
  A comment `# gitops-guard: ignore RULE -- reason` silences a rule on its line or the
  line below.

EXIT CODES:
  0 no errors; 1 errors (or warnings with --deny-warnings); 2 usage error (a path that
  cannot be read, nothing to lint), unreadable input or I/O failure; 141 standard output
  closed early.")]
pub(crate) struct LintArgs {
    /// Files or directories to lint (default: the current directory).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to FILE; the terminal then gets the human report.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
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
        let shown = shown(root);
        if !Path::new(shown).exists() {
            return Err(usage(format!("{shown}: no such file or directory")));
        }
    }
    if let Some(path) = &args.baseline {
        require_file(&path.display().to_string(), "--baseline")?;
    }
    let discovery = args.platform.discover(&roots)?;
    let output = gg_rules::parallel::lint(&FsSource, &roots, &discovery.options, &discovery.config);
    require_something_linted(&roots, &output)?;
    let header = [
        Some(discovery.describe_facts(&output.facts, &output.envs)),
        skipped_line(&output.skipped, output.assumed_chart.as_deref()),
        platform_left_out_line(output.platform_left_out.as_ref()),
    ];
    let mut diagnostics = output.diagnostics;

    if let Some(path) = &args.write_baseline {
        let text = Baseline::record(&diagnostics).to_json();
        fs::write(path, text + "\n").with_context(|| format!("cannot write {}", path.display()))?;
        status!(
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
    for line in header.iter().flatten() {
        if terminal_format == OutputFormat::Human {
            output::println(line)?;
        } else {
            status!("{line}");
        }
    }
    let color = use_color(args.color, terminal_format);
    output::print(render(
        terminal_format.report_format(),
        &report,
        RenderOptions {
            color,
            deny_warnings: args.deny_warnings,
        },
    )?)?;
    if let Some(path) = &args.output {
        let text = render(
            args.format.report_format(),
            &report,
            RenderOptions {
                color: false,
                deny_warnings: args.deny_warnings,
            },
        )?;
        fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(outcome(&diagnostics, args.deny_warnings))
}

/// How a root is shown: `.` for the working directory.
fn shown(root: &str) -> &str {
    if root.is_empty() { "." } else { root }
}

/// Fails for a root below which nothing was linted: a CI job that lints
/// nothing has a wrong path, and must not pass.
fn require_something_linted(roots: &[String], output: &LintOutput) -> anyhow::Result<()> {
    let files = || {
        output
            .sources
            .keys()
            .chain(output.diagnostics.iter().map(|d| &d.location.file))
    };
    for root in roots {
        if files().any(|file| at_or_below(file, root)) {
            continue;
        }
        let shown = shown(root);
        let message = if Path::new(shown).is_file() {
            format!(
                "{shown}: not a file gitops-guard lints (a values file in .cicd/, a platform file, a Vault policy *.hcl)"
            )
        } else {
            format!(
                "{shown}: nothing to lint: no .cicd/ directory, platform/base.yaml or Vault policy (*.hcl) below it (or .gitops-guard.yaml ignores all of it)"
            )
        };
        return Err(usage(message));
    }
    Ok(())
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
