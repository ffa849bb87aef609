//! `gitops-guard schema`: print the JSON Schema of k8app values for editors.

use clap::{Args, ValueEnum};

use crate::exit::Outcome;
use crate::output;

const WIRING_HELP: &str = "\
EDITOR SETUP (VS Code + the Red Hat YAML extension / yaml-language-server):
  1. Save the schema next to your values, once per chart version:
       gitops-guard schema k8app --chart-version 3.7.0 > .cicd/k8app-3.7.0.schema.json
  2. Either put a modeline on the first line of each values file:
       # yaml-language-server: $schema=./k8app-3.7.0.schema.json
     or map the files in .vscode/settings.json:
       \"yaml.schemas\": { \".cicd/k8app-3.7.0.schema.json\": \".cicd/*.yaml\" }
  Keys k8app does not read are then underlined, values of the wrong type flagged,
  and every key has a description on hover.

EXAMPLES:
  gitops-guard schema k8app                          # the newest modelled release
  gitops-guard schema k8app --chart-version 3.6      # no `cache`/`serviceMonitor` keys
  gitops-guard schema k8app --chart-version 3.11.0   # `gateway` instead of `httpRoute`";

/// Arguments of `gitops-guard schema`.
#[derive(Debug, Args)]
#[command(after_long_help = WIRING_HELP)]
pub(crate) struct SchemaArgs {
    /// Which values to describe.
    #[arg(value_enum)]
    target: SchemaTarget,
    /// k8app chart version: a modelled release, 3.4.0 or later (`3.8` means
    /// 3.8.0); the newest by default. Keys that version lacks are left out.
    #[arg(long, value_name = "VERSION")]
    chart_version: Option<String>,
}

/// The schemas `gitops-guard schema` can print.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum SchemaTarget {
    /// Helm values of the k8app chart (`.cicd/*.yaml`), JSON Schema draft 2020-12.
    K8app,
}

/// Runs `gitops-guard schema`: prints the schema as pretty JSON on stdout.
pub(crate) fn run(args: SchemaArgs) -> anyhow::Result<Outcome> {
    match args.target {
        SchemaTarget::K8app => {
            let version = match &args.chart_version {
                Some(text) => gg_k8app::ChartVersion::parse_supported(text)?,
                None => gg_k8app::ChartVersion::NEWEST,
            };
            let schema = gg_k8app::values_schema(version);
            output::println(serde_json::to_string_pretty(&schema)?)?;
        }
    }
    Ok(Outcome::Clean)
}
