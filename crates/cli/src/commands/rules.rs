//! `gitops-guard rules` and `gitops-guard explain RULE`: the rule catalog.

use anyhow::bail;
use clap::Args;
use gg_diagnostic::{catalog, closest_rule_id, rule};

use crate::exit::Outcome;
use crate::output;

/// Arguments of `gitops-guard rules`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard rules                       # id, default severity and summary of every rule
  gitops-guard rules --json | jq -r '.[] | select(.severity == \"error\") | .id'
  gitops-guard explain secret-path-denied  # one rule's page

Severities are changed per repository in .gitops-guard.yaml (`rules: {unknown-key: off}`).")]
pub(crate) struct RulesArgs {
    /// Print JSON (id, default severity, summary) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `gitops-guard explain`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard explain secret-path-denied
  gitops-guard explain image-pull-secrets-missing | less

A page says what the rule catches, what breaks in the cluster, how to fix it, a bad and a
good example, and how to suppress it. A mistyped id gets a did-you-mean.")]
pub(crate) struct ExplainArgs {
    /// The rule id, e.g. `secret-path-denied`.
    pub rule: String,
}

/// Lists every rule with its default severity and summary.
pub(crate) fn list(args: RulesArgs) -> anyhow::Result<Outcome> {
    if args.json {
        let rows: Vec<serde_json::Value> = catalog()
            .iter()
            .map(|meta| {
                serde_json::json!({
                    "id": meta.id.as_str(),
                    "severity": meta.default_severity.as_str(),
                    "summary": meta.summary,
                })
            })
            .collect();
        output::println(serde_json::to_string_pretty(&rows)?)?;
        return Ok(Outcome::Clean);
    }
    let width = catalog()
        .iter()
        .map(|m| m.id.as_str().len())
        .max()
        .unwrap_or(0);
    for meta in catalog() {
        output::println(format!(
            "{:width$}  {:7}  {}",
            meta.id.as_str(),
            meta.default_severity.as_str(),
            meta.summary
        ))?;
    }
    output::println(
        "\n`gitops-guard explain RULE` shows what a rule catches, why, and how to fix it.",
    )?;
    Ok(Outcome::Clean)
}

/// Prints one rule's documentation page.
pub(crate) fn explain(args: ExplainArgs) -> anyhow::Result<Outcome> {
    match rule(&args.rule) {
        Some(meta) => {
            output::print(meta.page)?;
            Ok(Outcome::Clean)
        }
        None => match closest_rule_id(&args.rule) {
            Some(close) => bail!(
                "no rule `{}`; did you mean `{close}`? (`gitops-guard rules` lists them)",
                args.rule
            ),
            None => bail!("no rule `{}` (`gitops-guard rules` lists them)", args.rule),
        },
    }
}
