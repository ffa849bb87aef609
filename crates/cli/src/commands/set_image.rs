//! `gitops-guard set-image`: the CI `update:<env>` job without yq — rewrites
//! `image.tag` (and `image.repository`) of `.cicd/ENV.yaml` in place, keeping
//! everything else byte for byte, and refuses a change that introduces a lint error.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use anyhow::Context;
use clap::Args;
use gg_diagnostic::{Diagnostic, Severity};
use gg_edit::{ImageRepository, ImageTag, ImageUpdate, set_image, unified_diff};
use gg_platform::{FileSource, FsSource, PlatformError};

use crate::exit::{Outcome, usage};
use crate::output;
use crate::platform_dir::PlatformArgs;
use crate::status;

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
  The service is linted before and after the change, with the platform found as
  `gitops-guard lint` finds it; if the change introduces an error, nothing is written and
  it exits 1; warnings it introduces (`--tag latest`: image-tag-mutable) are printed.

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
    /// Where the platform comes from for the re-lint; the configuration's
    /// raised severities (`image-tag-mutable: error`) also stop the change.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Print the unified diff instead of writing the file.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `gitops-guard set-image`.
pub(crate) fn run(args: SetImageArgs) -> anyhow::Result<Outcome> {
    let dir = gg_platform::service_dir_of(&args.service_dir);
    let shown_dir = if dir.is_empty() { "." } else { dir.as_str() };
    let file = format!("{}.cicd/{}.yaml", prefix(&dir), args.env);
    if !Path::new(&file).is_file() {
        return Err(usage(format!(
            "{file}: no overlay for environment `{}` in {shown_dir}",
            args.env
        )));
    }
    let update = ImageUpdate {
        tag: ImageTag::new(&args.tag)?,
        repository: args
            .repository
            .as_deref()
            .map(ImageRepository::new)
            .transpose()?,
    };
    let discovery = args.platform.discover(std::slice::from_ref(&dir))?;
    let old = fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?;
    let new = set_image(&old, &file, &update)?;
    if new == old {
        status!(
            "{file}: image already {}; nothing to change",
            describe(&update)
        );
        return Ok(Outcome::Clean);
    }

    let roots = vec![dir.clone()];
    let before = gg_rules::lint(&FsSource, &roots, &discovery.options, &discovery.config);
    status!("{}", discovery.describe_facts(&before.facts, &before.envs));
    let edited = Edited {
        path: &file,
        text: &new,
    };
    let after = gg_rules::lint(&edited, &roots, &discovery.options, &discovery.config);

    if args.dry_run {
        output::print(unified_diff(&file, &old, &new))?;
    }
    let errors = introduced(&before.diagnostics, &after.diagnostics, &[Severity::Error]);
    if !errors.is_empty() {
        status!(
            "error: the change to {file} introduces {} lint error(s); nothing written:",
            errors.len()
        );
        print_findings(&errors);
        return Ok(Outcome::Findings);
    }
    let warnings = introduced(
        &before.diagnostics,
        &after.diagnostics,
        &[Severity::Warning, Severity::Info],
    );
    if !warnings.is_empty() {
        status!(
            "warning: the change to {file} introduces {} lint warning(s):",
            warnings.len()
        );
        print_findings(&warnings);
    }
    if args.dry_run {
        status!(
            "{file}: would set image {} (dry run, nothing written)",
            describe(&update)
        );
    } else {
        fs::write(&file, &new).with_context(|| format!("cannot write {file}"))?;
        status!("{file}: image {}", describe(&update));
    }
    Ok(Outcome::Clean)
}

fn print_findings(findings: &[Diagnostic]) {
    for d in findings {
        status!(
            "  {}:{}:{}: {} [{}] {}",
            d.location.file,
            d.location.line,
            d.location.column,
            d.severity,
            d.rule,
            d.message
        );
    }
}

fn describe(update: &ImageUpdate) -> String {
    match &update.repository {
        Some(repository) => format!("{repository}:{}", update.tag),
        None => format!("tag {}", update.tag),
    }
}

/// Findings of the given severities present after the change and not before
/// (compared without positions, which an inserted line may shift).
fn introduced(
    before: &[Diagnostic],
    after: &[Diagnostic],
    severities: &[Severity],
) -> Vec<Diagnostic> {
    let key = |d: &Diagnostic| {
        (
            d.rule.to_string(),
            d.location.file.clone(),
            d.envs.clone(),
            d.message.clone(),
        )
    };
    let counted = |d: &&Diagnostic| severities.contains(&d.severity);
    let known: BTreeSet<_> = before.iter().filter(counted).map(key).collect();
    after
        .iter()
        .filter(counted)
        .filter(|d| !known.contains(&key(d)))
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
