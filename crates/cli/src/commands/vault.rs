//! `gitops-guard vault …`: policy lint, capability evaluation and policy rendering.

use clap::Subcommand;

use crate::exit::Outcome;

/// Vault subcommands.
#[derive(Debug, Subcommand)]
pub enum VaultCommand {}

/// Runs a vault subcommand.
pub fn run(cmd: VaultCommand) -> anyhow::Result<Outcome> {
    match cmd {}
}
