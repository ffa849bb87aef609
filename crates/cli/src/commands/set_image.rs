//! `gitops-guard set-image`: the CI `update:<env>` job without yq — rewrites
//! `image.tag` (and `image.repository`) of `.cicd/ENV.yaml` in place, keeping
//! everything else byte for byte, and refuses a change that introduces a lint error.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use clap::Args;
use gg_diagnostic::{Diagnostic, Severity};
use gg_edit::{ImageRepository, ImageTag, ImageUpdate, set_image, unified_diff};
use gg_platform::{FileSource, LoadOptions, PlatformError};
use gg_rules::config::Config;

use crate::exit::Outcome;
use crate::platform_dir;
use gg_platform::FsSource;

/// Arguments of `gitops-guard set-image`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  # the CI update job of a service repository
  gitops-guard set-image --env dev --tag \"$CI_COMMIT_SHORT_SHA\" --repository \"$CI_REGISTRY_IMAGE\"

  # a monorepo service, previewing the change
  gitops-guard set-image --env staging --tag v1.4.0 services/storefront/cart --dry-run

WHAT IT DOES:
  Edits SERVICE_DIR/.cicd/ENV.yaml in place: only the bytes of image.tag (always written
  as a quoted string, so an all-digit short SHA stays a string) and image.repository
  change; comments, key order, quoting, layout and CRLF line ends stay. Missing keys are
  added under `image:`. Values shared through YAML anchors/aliases are refused.
  The service is linted before and after the change (with the platform found near it, or
  --platform); if the change introduces an error, nothing is written and it exits 1.

EXIT CODES:
  0 written (or nothing to change); 1 the change would introduce a lint error;
  2 invalid tag/repository, unreadable or unparsable file.")]
pub(crate) struct SetImageArgs {
    /// The environment whose overlay (`.cicd/ENV.yaml`) is edited.
    #[arg(long, value_name = "ENV")]
    pub env: String,
    /// The image tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`).
    #[arg(long, value_name = "TAG")]
    pub tag: String,
    /// The image repository too (`registry.example.com/group/app`).
    #[arg(long, value_name = "REPO")]
    pub repository: Option<String>,
    /// The service directory (holding `.cicd/`).
    #[arg(value_name = "SERVICE_DIR", default_value = ".")]
    pub service_dir: String,
    /// The platform repository root, for the re-lint (default: found near SERVICE_DIR).
    #[arg(long, value_name = "DIR")]
    pub platform: Option<String>,
    /// A .env file with the platform settings, used when there is no platform directory.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<String>,
    /// The lint configuration (default: ./.gitops-guard.yaml when present), so
    /// severities raised there (`image-tag-mutable: error`) also stop the change.
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Print the unified diff instead of writing the file.
    #[arg(long)]
    pub dry_run: bool,
}

/// The configuration file `lint` reads from the working directory.
const CONFIG_FILE: &str = ".gitops-guard.yaml";

fn load_config(explicit: Option<&str>) -> anyhow::Result<Config> {
    let path = match explicit {
        Some(path) => path,
        None if Path::new(CONFIG_FILE).is_file() => CONFIG_FILE,
        None => return Ok(Config::default()),
    };
    let text = fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    Ok(Config::parse(&text, path)?)
}

/// Runs `gitops-guard set-image`.
pub(crate) fn run(args: SetImageArgs) -> anyhow::Result<Outcome> {
    let dir = gg_platform::service_dir_of(&args.service_dir);
    let shown_dir = if dir.is_empty() { "." } else { dir.as_str() };
    let file = format!("{}.cicd/{}.yaml", prefix(&dir), args.env);
    if !Path::new(&file).is_file() {
        bail!(
            "{file}: no overlay for environment `{}` in {shown_dir}",
            args.env
        );
    }
    let update = ImageUpdate {
        tag: ImageTag::new(&args.tag)?,
        repository: args
            .repository
            .as_deref()
            .map(ImageRepository::new)
            .transpose()?,
    };
    let old = fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
    let new = set_image(&old, &file, &update)?;
    if new == old {
        eprintln!(
            "{file}: image already {}; nothing to change",
            describe(&update)
        );
        return Ok(Outcome::Clean);
    }

    let options = LoadOptions {
        platform_dir: args
            .platform
            .clone()
            .or_else(|| platform_dir::find_near(shown_dir)),
        env_file: args.env_file.clone(),
        ..LoadOptions::default()
    };
    // Linted by absolute path, so a monorepo service's `<repository>/<path>`
    // matches its platform registry entry when run from the repository root.
    let absolute =
        fs::canonicalize(shown_dir).with_context(|| format!("cannot resolve {shown_dir}"))?;
    let absolute = absolute.to_string_lossy().into_owned();
    let lint_file = format!("{absolute}/.cicd/{}.yaml", args.env);
    let roots = vec![absolute];
    let config = load_config(args.config.as_deref())?;
    let before = gg_rules::lint(&FsSource, &roots, &options, &config);
    let edited = Edited {
        path: &lint_file,
        text: &new,
    };
    let after = gg_rules::lint(&edited, &roots, &options, &config);
    let introduced = new_errors(&before.diagnostics, &after.diagnostics);

    if args.dry_run {
        print!("{}", unified_diff(&file, &old, &new));
    }
    if !introduced.is_empty() {
        eprintln!(
            "error: the change to {file} introduces {} lint error(s); nothing written:",
            introduced.len()
        );
        for d in &introduced {
            eprintln!(
                "  {}:{}:{}: {} [{}] {}",
                d.location.file, d.location.line, d.location.column, d.severity, d.rule, d.message
            );
        }
        return Ok(Outcome::Findings);
    }
    if args.dry_run {
        eprintln!(
            "{file}: would set image {} (dry run, nothing written)",
            describe(&update)
        );
    } else {
        fs::write(&file, &new).with_context(|| format!("cannot write {file}"))?;
        eprintln!("{file}: image {}", describe(&update));
    }
    Ok(Outcome::Clean)
}

fn describe(update: &ImageUpdate) -> String {
    match &update.repository {
        Some(repository) => format!("{repository}:{}", update.tag),
        None => format!("tag {}", update.tag),
    }
}

/// Errors present after the change and not before (compared without positions,
/// which an inserted line may shift).
fn new_errors(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| {
        (
            d.rule.to_string(),
            d.location.file.clone(),
            d.envs.clone(),
            d.message.clone(),
        )
    };
    let known: BTreeSet<_> = before
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(key)
        .collect();
    after
        .iter()
        .filter(|d| d.severity == Severity::Error && !known.contains(&key(d)))
        .cloned()
        .collect()
}

fn prefix(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// The filesystem with one file replaced by its edited text (lints the change
/// before it is written).
struct Edited<'a> {
    path: &'a str,
    text: &'a str,
}

impl FileSource for Edited<'_> {
    fn list_files(&self, root: &str) -> Result<Vec<String>, PlatformError> {
        FsSource.list_files(root)
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
        if path == self.path {
            Ok(self.text.as_bytes().to_vec())
        } else {
            FsSource.read_file(path)
        }
    }

    fn real_path(&self, path: &str) -> Option<String> {
        FsSource.real_path(path)
    }
}
