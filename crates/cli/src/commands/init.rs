//! `gitops-guard init`: the seed's `init-project.sh` step — writes or updates
//! `platform/base.yaml` from the `.env` keys, keeping its comments and layout.

use std::fs;
use std::path::Path;

use anyhow::Context;
use clap::Args;
use gg_edit::{apply_env_file, unified_diff};
use gg_platform::parse_env_file;

use crate::exit::{Outcome, usage};
use crate::output;
use crate::status;

/// Arguments of `gitops-guard init`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard init                                  # ./.env -> ./platform/base.yaml
  gitops-guard init --env-file ../.env --platform gitops-config --dry-run

KEYS WRITTEN:
  GITLAB_GROUP         global.gitlabGroup
  VAULT_PATH_PREFIX    global.vaultPathPrefix
  NAMESPACE_PREFIX     global.namespacePrefix (empty: namespaces are just <env>)
  ENVIRONMENTS         environments.<env>.enabled (true if listed, false otherwise)
  CLOUDFLARE_TUNNEL_ID ingress.cloudflare.tunnelId
  Other keys are reported: known ones with where they belong instead (SERVICES ->
  `gitops-guard new-service --platform`), credentials (*TOKEN*, *PASSWORD*, *SECRET*,
  *API_KEY*) are never written, and keys gitops-guard does not understand are listed
  as warnings, each with its line. A new file leaves out what .env does not give
  (no namespacePrefix without NAMESPACE_PREFIX) rather than guess it.")]
pub(crate) struct InitArgs {
    /// The .env file (keys of the seed's .env.example).
    #[arg(long, value_name = "FILE", default_value = ".env")]
    pub env_file: String,
    /// The platform repository root (platform/base.yaml is written there).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub platform: String,
    /// Print the unified diff instead of writing the file.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `gitops-guard init`.
pub(crate) fn run(args: InitArgs) -> anyhow::Result<Outcome> {
    let env_text = fs::read_to_string(&args.env_file).map_err(|err| {
        usage(format!(
            "--env-file {}: cannot read it: {err}",
            args.env_file
        ))
    })?;
    let (env, issues) = parse_env_file(&args.env_file, &env_text);
    crate::platform_dir::print_warnings(&issues);
    let file = format!("{}/platform/base.yaml", args.platform.trim_end_matches('/'));
    let existing = if Path::new(&file).is_file() {
        Some(fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?)
    } else {
        None
    };
    if existing.is_none() && !Path::new(&args.platform).is_dir() {
        return Err(usage(format!(
            "--platform {}: no such directory",
            args.platform
        )));
    }
    let outcome = apply_env_file(existing.as_deref(), &file, &env)?;
    for change in &outcome.changes {
        status!("{file}: {change}");
    }
    for unset in &outcome.unset {
        status!("note: {file}: {unset}");
    }
    for skipped in &outcome.skipped {
        let level = if skipped.unknown { "warning" } else { "note" };
        status!(
            "{level}: {}:{}: {} not written: {}",
            args.env_file,
            skipped.line,
            skipped.key,
            skipped.reason
        );
    }
    let old = existing.unwrap_or_default();
    if outcome.text == old {
        status!("{file}: up to date");
        return Ok(Outcome::Clean);
    }
    if args.dry_run {
        output::print(unified_diff(&file, &old, &outcome.text))?;
        return Ok(Outcome::Clean);
    }
    if let Some(parent) = Path::new(&file).parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    fs::write(&file, &outcome.text).with_context(|| format!("cannot write {file}"))?;
    status!("wrote {file}");
    Ok(Outcome::Clean)
}
