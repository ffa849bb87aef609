//! `gitops-guard values` (being built).

use clap::Args;

use crate::exit::Outcome;

/// Arguments of `gitops-guard values`.
#[derive(Debug, Args)]
pub struct ValuesArgs {}

/// Runs `gitops-guard values`.
pub fn run(_args: ValuesArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`gitops-guard values` is not available yet")
}
