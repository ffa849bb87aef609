//! `gitops-guard values`: a service's merged values for one environment, with
//! the file and line every value came from.

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use gg_platform::{LoadOptions, load_platform};
use gg_yaml::{Leaf, annotated_yaml};
use serde_json::json;

use crate::exit::Outcome;
use crate::fs_source::FsSource;
use crate::platform_dir;

/// Output formats of `values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValuesFormat {
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
Without --platform, the platform root (the directory holding platform/base.yaml) is looked
for next to SERVICE_DIR and its parents.")]
pub struct ValuesArgs {
    /// The service directory (the one holding `.cicd/`), or its `.cicd/` directory.
    #[arg(value_name = "SERVICE_DIR")]
    pub service_dir: String,
    /// The environment to merge for.
    #[arg(long, value_name = "ENV")]
    pub env: String,
    /// The platform repository root (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR")]
    pub platform: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValuesFormat::Yaml)]
    pub format: ValuesFormat,
}

/// Runs `gitops-guard values`.
pub fn run(args: ValuesArgs) -> anyhow::Result<Outcome> {
    let dir = args.service_dir.trim_end_matches('/');
    let dir = dir.strip_suffix("/.cicd").unwrap_or(dir);
    let dir = dir.strip_prefix("./").unwrap_or(dir).to_owned();
    if !std::path::Path::new(&dir).join(".cicd").is_dir() {
        bail!("{dir}: no .cicd/ directory (give the directory of a service)");
    }
    let platform_dir = args
        .platform
        .clone()
        .or_else(|| platform_dir::find_near(&dir));
    let options = LoadOptions {
        platform_dir,
        ..LoadOptions::default()
    };
    let platform = load_platform(&FsSource, &[dir.clone()], &options);
    let cicd = format!("{dir}/.cicd");
    let service = platform
        .services
        .iter()
        .find(|s| s.cicd_dir == cicd)
        .with_context(|| format!("{dir}: no service found there"))?;
    if service.overlay(&args.env).is_none() {
        let known = platform.settings.environment_names().join(", ");
        bail!(
            "{}: no overlay for environment `{}` (the platform's environments: {known})",
            service.overlay_path(&args.env),
            args.env
        );
    }
    for issue in platform
        .issues
        .iter()
        .filter(|i| i.file.starts_with(&cicd) || i.file.contains("k8app-defaults"))
    {
        eprintln!("warning: {}: {}", issue.file, issue.message);
    }
    let merged = platform.merged_values(service, &args.env);
    match args.format {
        ValuesFormat::Yaml => {
            println!(
                "# {} in {} (Application {}-{})",
                service.name.value, args.env, service.name.value, args.env
            );
            print!("{}", annotated_yaml(&merged));
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
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
    }
    Ok(Outcome::Clean)
}
