//! The one rule every command finds its platform by, and the line that says
//! which platform was used.
//!
//! The platform's facts come from, in this order: the platform repository
//! named by `--platform DIR`; one found among the named paths; one found next
//! to them (the first path, its parent directories up to the checkout's root
//! — the first one holding `.git` — and the directories beside each of them,
//! so a `gitops-config/` checked out next to the service is found); the facts
//! the lint configuration declares (`platform:` of `.gitops-guard.yaml`); a
//! `.env` file (`--env-file`). With none of them, no check that needs a
//! platform fact runs. A path the user names that cannot be read is a usage
//! error, never a finding.

use std::path::{Path, PathBuf};

use clap::Args;
use gg_diagnostic::{Diagnostic, at_or_below, normalize_path};
use gg_platform::{FactSource, FsSource, LoadOptions, Platform, SettingOverrides, load_platform};
use gg_rules::config::Config;
use gg_rules::{PlatformLeftOut, SkippedCheck};

use crate::exit::usage;
use crate::status;

/// The file that marks a platform root.
const MARKER: &str = "platform/base.yaml";

/// The lint configuration looked up in the working directory.
pub(crate) const CONFIG_FILE: &str = ".gitops-guard.yaml";

/// Where the platform's facts come from: the flags every command that reads
/// services shares.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct PlatformArgs {
    /// The platform repository root, the directory holding platform/base.yaml
    /// (default: found among the paths, else next to them).
    #[arg(long, value_name = "DIR")]
    pub platform: Option<String>,
    /// A .env file with the platform settings, used when no platform repository is found.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<String>,
    /// The lint configuration: rule levels, ignored paths, declared platform
    /// facts (default: ./.gitops-guard.yaml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// The clusters' Kubernetes version (MAJOR.MINOR), over
    /// `global.kubernetes.version` of platform/base.yaml (default 1.34): objects in
    /// API versions it no longer serves are `removed-api-version` findings.
    #[arg(long, value_name = "VERSION")]
    pub kube_version: Option<String>,
    /// An API version the clusters serve beyond Kubernetes' own
    /// (GROUP/VERSION or GROUP/VERSION/KIND, matched as written; repeatable), as
    /// `helm template --api-versions`; replaces `global.kubernetes.apiVersions`
    /// (default: monitoring.coreos.com/v1, gateway.networking.k8s.io/v1,
    /// secrets.hashicorp.com/v1beta1; ServiceMonitors render only with the first).
    #[arg(long = "api-versions", value_name = "GROUP/VERSION")]
    pub api_versions: Vec<String>,
}

/// The platform options a command loads with, and how they were found.
#[derive(Debug, Clone)]
pub(crate) struct Discovery {
    /// What to load.
    pub options: LoadOptions,
    /// The lint configuration.
    pub config: Config,
    /// True when `--platform` named the repository.
    given: bool,
    /// The paths the command works on.
    roots: Vec<String>,
}

impl PlatformArgs {
    /// Checks the named paths and finds the platform for `paths` (the first
    /// one decides where "next to" is).
    ///
    /// # Errors
    /// `--platform` without `platform/base.yaml`, an unreadable `--env-file`
    /// or `--config`, an invalid configuration: usage errors.
    pub(crate) fn discover(&self, paths: &[String]) -> anyhow::Result<Discovery> {
        if let Some(dir) = &self.platform {
            require_platform_root(dir)?;
        }
        if let Some(file) = &self.env_file {
            require_file(file, "--env-file")?;
        }
        let config = load_config(self.config.as_deref())?;
        let fallback = match &self.platform {
            Some(_) => None,
            None => find_near(paths.first().map_or("", String::as_str)),
        };
        Ok(Discovery {
            options: LoadOptions {
                platform_dir: self.platform.as_deref().map(normalize_path),
                platform_fallback: fallback.as_deref().map(normalize_path),
                env_file: self.env_file.as_deref().map(normalize_path),
                declared: config.declared_platform().cloned(),
                overrides: SettingOverrides {
                    kube_version: self.kube_version.clone(),
                    api_versions: (!self.api_versions.is_empty())
                        .then(|| self.api_versions.clone()),
                    ..SettingOverrides::default()
                },
            },
            config,
            given: self.platform.is_some(),
            roots: paths.iter().map(|p| normalize_path(p)).collect(),
        })
    }
}

impl Discovery {
    /// The first line of a report: the platform whose facts were used, or
    /// that none was found and what that means.
    pub(crate) fn describe(&self, platform: &Platform) -> String {
        let envs: Vec<String> = platform
            .settings
            .environment_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        self.describe_facts(&platform.fact_source(), &envs)
    }

    /// [`Discovery::describe`] from where the facts came from and the
    /// platform's environments.
    pub(crate) fn describe_facts(&self, facts: &FactSource, envs: &[String]) -> String {
        match facts {
            FactSource::Repository(root) => {
                let among = self.roots.iter().any(|path| at_or_below(root, path));
                let how = match (self.given, among) {
                    (true, _) => "--platform",
                    (false, true) => "found among the linted paths",
                    (false, false) => "found next to the linted paths",
                };
                let shown = if root.is_empty() { "." } else { root.as_str() };
                format!(
                    "platform: {shown} ({how}; environments {})",
                    envs.join(", ")
                )
            }
            FactSource::Declared(file) => {
                format!("platform: facts declared in {file} (no platform repository found)")
            }
            FactSource::EnvFile(file) => {
                format!("platform: settings of {file} (no platform repository found)")
            }
            FactSource::Nothing => "platform: none found (no --platform, no platform/base.yaml in or next to the linted paths, no `platform:` in .gitops-guard.yaml)".to_owned(),
        }
    }
}

/// The line that says which checks did not run for want of platform facts,
/// and how to enable them; `None` when every check ran.
pub(crate) fn skipped_line(
    skipped: &[SkippedCheck],
    assumed_chart: Option<&str>,
) -> Option<String> {
    let chart = assumed_chart.map(|version| {
        format!(
            "keys checked against every modelled k8app release and objects rendered with {version}, the newest (`global.k8app.version`)"
        )
    });
    if skipped.is_empty() && chart.is_none() {
        return None;
    }
    let rules: Vec<&str> = skipped.iter().map(|s| s.rule.id.as_str()).collect();
    let what = match (rules.is_empty(), chart) {
        (false, Some(chart)) => format!("not checked: {}; {chart}", rules.join(", ")),
        (false, None) => format!("not checked: {}", rules.join(", ")),
        (true, Some(chart)) => chart,
        (true, None) => String::new(),
    };
    Some(format!(
        "info: without the platform's facts, {what}. Pass --platform DIR (the platform repository checked out) or declare them under `platform:` in .gitops-guard.yaml"
    ))
}

/// The line that says how many findings of the platform repository a
/// service's lint left out, and how to see them; `None` when none was.
pub(crate) fn platform_left_out_line(left_out: Option<&PlatformLeftOut>) -> Option<String> {
    let PlatformLeftOut { root, findings } = left_out?;
    let shown = if root.is_empty() { "." } else { root.as_str() };
    let (count, them) = if *findings == 1 {
        ("1 finding".to_owned(), "it")
    } else {
        (format!("{findings} findings"), "them")
    };
    Some(format!(
        "info: {count} in the platform repository {shown} left out: it is not among the linted paths, and this repository's changes cannot fix {them}; `gitops-guard lint {shown}` reports {them}"
    ))
}

/// Reads the lint configuration: `explicit`, else `./.gitops-guard.yaml`
/// when present, else the defaults.
///
/// # Errors
/// An unreadable or invalid file: usage errors.
pub(crate) fn load_config(explicit: Option<&str>) -> anyhow::Result<Config> {
    let path = match explicit {
        Some(path) => path,
        None if Path::new(CONFIG_FILE).is_file() => CONFIG_FILE,
        None => return Ok(Config::default()),
    };
    let text = std::fs::read_to_string(path)
        .map_err(|err| usage(format!("--config {path}: cannot read it: {err}")))?;
    Config::parse(&text, path).map_err(|err| usage(err.to_string()))
}

/// Fails unless `path` is a readable file (`flag` names where it was given).
pub(crate) fn require_file(path: &str, flag: &str) -> anyhow::Result<()> {
    match std::fs::File::open(path) {
        Ok(_) if Path::new(path).is_file() => Ok(()),
        Ok(_) => Err(usage(format!("{flag} {path}: not a file"))),
        Err(err) => Err(usage(format!("{flag} {path}: cannot read it: {err}"))),
    }
}

/// Fails unless `dir` holds `platform/base.yaml`.
pub(crate) fn require_platform_root(dir: &str) -> anyhow::Result<()> {
    let shown = if normalize_path(dir).is_empty() {
        "."
    } else {
        dir
    };
    if Path::new(shown).join(MARKER).is_file() {
        return Ok(());
    }
    let why = if Path::new(shown).is_dir() {
        format!("no {MARKER} in it (give the platform repository's root)")
    } else {
        "no such directory".to_owned()
    };
    Err(usage(format!("--platform {shown}: {why}")))
}

/// Loads the platform repository at `dir` with the services below `roots`.
///
/// # Errors
/// `dir` holds no `platform/base.yaml` (a usage error): a platform without
/// its settings would silently be the built-in defaults.
pub(crate) fn open_platform(dir: &str, roots: &[String]) -> anyhow::Result<Platform> {
    require_platform_root(dir)?;
    let options = LoadOptions {
        platform_dir: Some(normalize_path(dir)),
        ..LoadOptions::default()
    };
    Ok(load_platform(&FsSource, roots, &options))
}

/// Prints findings of loading (a broken platform file, a `.env` line) as
/// warnings on stderr, for the commands whose output is not a lint report.
pub(crate) fn print_warnings<'a>(findings: impl IntoIterator<Item = &'a Diagnostic>) {
    for finding in findings {
        status!("warning: {}: {}", finding.location, finding.message);
    }
}

/// A platform root next to `start` (a file or directory): `start` itself or
/// one of its parents up to the checkout's root (the first holding `.git`)
/// and that root's parent, or a directory directly inside one of those.
/// Without a checkout every parent counts, but the directories inside the
/// filesystem root and the temporary directory are not looked at: they hold
/// unrelated trees.
pub(crate) fn find_near(start: &str) -> Option<String> {
    let start = Path::new(if start.is_empty() { "." } else { start });
    let mut absolute = start.canonicalize().ok()?;
    if absolute.is_file() {
        absolute = absolute.parent()?.to_path_buf();
    }
    let last = absolute
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(|checkout| checkout.parent().unwrap_or(checkout).to_path_buf());
    let shared: Vec<PathBuf> = [std::env::temp_dir()]
        .iter()
        .filter_map(|dir| dir.canonicalize().ok())
        .collect();
    for dir in absolute.ancestors() {
        if dir.join(MARKER).is_file() {
            return Some(display(dir));
        }
        let unrelated = dir.parent().is_none() || shared.iter().any(|s| s == dir);
        if !unrelated && let Some(found) = child_platform(dir) {
            return Some(display(&found));
        }
        if last.as_deref() == Some(dir) {
            break;
        }
    }
    None
}

/// The first directory directly inside `dir` (by name) that is a platform root.
fn child_platform(dir: &Path) -> Option<PathBuf> {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    children.sort();
    children.into_iter().find(|c| c.join(MARKER).is_file())
}

/// The path relative to the working directory when it lies below it.
fn display(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok());
    let relative = cwd.and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative.unwrap_or_else(|| path.to_path_buf());
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}
