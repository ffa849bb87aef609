//! `gitops-guard platform render`: what platform-core produces from the
//! platform repository.

use clap::{Args, Subcommand};
use gg_render::render_platform;

use super::render::{RenderFormat, print};
use crate::exit::Outcome;
use crate::platform_dir::open_platform;

/// `gitops-guard platform …`.
#[derive(Debug, Subcommand)]
pub(crate) enum PlatformCommand {
    /// Render Namespaces, VaultAuth, registry VaultStaticSecrets, Gateways, Vault
    /// policies and roles, the ApplicationSet (and with --expand its Applications).
    Render(PlatformRenderArgs),
}

/// Arguments of `gitops-guard platform render`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard platform render --platform fixtures/example/gitops-config
  gitops-guard platform render --platform ../gitops-config --expand --format json

Vault policies and roles are printed as documents holding the Vault API write
(`path` + `policy` HCL, or `path` + role `data`).")]
pub(crate) struct PlatformRenderArgs {
    /// The platform repository root (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub platform: String,
    /// Also print the Applications the ApplicationSet generates.
    #[arg(long)]
    pub expand: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Yaml)]
    pub format: RenderFormat,
}

/// Runs `gitops-guard platform …`.
pub(crate) fn run(command: PlatformCommand) -> anyhow::Result<Outcome> {
    match command {
        PlatformCommand::Render(args) => {
            let dir = gg_diagnostic::normalize_path(&args.platform);
            let platform = open_platform(&dir, std::slice::from_ref(&dir))?;
            print(&render_platform(&platform, args.expand), args.format)
        }
    }
}
