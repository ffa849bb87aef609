//! `gitops-guard schema` (being built).

use clap::Args;

use crate::exit::Outcome;

/// Arguments of `gitops-guard schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {}

/// Runs `gitops-guard schema`.
pub fn run(_args: SchemaArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`gitops-guard schema` is not available yet")
}
