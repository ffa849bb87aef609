//! `gitops-guard values`: a service's merged values for one environment, with
//! the file and line every value came from.

use clap::{Args, ValueEnum};
use gg_platform::{Platform, Service};
use gg_yaml::{Leaf, annotated_yaml};
use serde_json::json;

use crate::exit::Outcome;
use crate::output;
use crate::platform_dir::PlatformArgs;
use crate::service_dir;

/// Output formats of `values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ValuesFormat {
    /// YAML with a `# file:line` comment beside every value.
    Yaml,
    /// JSON: {"values": …, "provenance": {"image.tag": {"file", "line", "column", "overrides": […]}}}.
    Json,
}

/// Arguments of `gitops-guard values`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard values fixtures/example/services/orders --env staging
  gitops-guard values services/sentry-demo/frontend --env dev --platform ../gitops-config --format json

The merge is Helm's, with the value files in ArgoCD's order (lowest priority first):
k8app chart defaults <- shared/k8app-defaults.yaml <- .cicd/default.yaml <- .cicd/ENV.yaml.
Maps merge key by key, lists and scalars are replaced whole, `null` deletes a chart default.
The platform is found as `gitops-guard lint` finds it (see its --help); stderr names it.")]
pub(crate) struct ValuesArgs {
    /// The service directory (the one holding `.cicd/`), or its `.cicd/` directory.
    #[arg(value_name = "SERVICE_DIR")]
    pub service_dir: String,
    /// The environment to merge for.
    #[arg(long, value_name = "ENV")]
    pub env: String,
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValuesFormat::Yaml)]
    pub format: ValuesFormat,
}

/// Runs `gitops-guard values`.
pub(crate) fn run(args: ValuesArgs) -> anyhow::Result<Outcome> {
    service_dir::with_service(
        &args.service_dir,
        &args.platform,
        &args.env,
        |platform, service| print_values(&args, platform, service),
    )
}

fn print_values(
    args: &ValuesArgs,
    platform: &Platform,
    service: &Service,
) -> anyhow::Result<Outcome> {
    super::render::chart_version(platform)?;
    let merged = platform.merged_values(service, &args.env);
    match args.format {
        ValuesFormat::Yaml => {
            output::println(format!(
                "# {} in {} (Application {}-{})",
                service.name.value, args.env, service.name.value, args.env
            ))?;
            output::print(annotated_yaml(&merged))?;
        }
        ValuesFormat::Json => {
            let provenance: serde_json::Map<String, serde_json::Value> = merged
                .leaves()
                .iter()
                .map(|Leaf { path, node }| {
                    let origin = &node.provenance.origin;
                    let overrides: Vec<_> = node
                        .provenance
                        .overridden
                        .iter()
                        .map(|o| json!({"file": o.file, "line": o.span.start.line, "column": o.span.start.column}))
                        .collect();
                    (
                        path.to_string(),
                        json!({
                            "file": origin.file,
                            "line": origin.span.start.line,
                            "column": origin.span.start.column,
                            "layer": origin.kind,
                            "overrides": overrides,
                        }),
                    )
                })
                .collect();
            let out = json!({"service": service.name.value, "env": args.env, "values": merged.to_json(), "provenance": provenance});
            output::println(serde_json::to_string_pretty(&out)?)?;
        }
    }
    Ok(Outcome::Clean)
}
