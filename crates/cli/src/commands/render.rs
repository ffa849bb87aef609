//! `gitops-guard render`: the objects k8app renders for a service in one
//! environment, without Helm, ArgoCD or a cluster.

use anyhow::Context;
use clap::{Args, ValueEnum};
use gg_k8app::ChartVersion;
use gg_platform::{Platform, Service};
use gg_render::{RenderContext, render_platform_service, to_yaml_stream};

use crate::exit::Outcome;
use crate::output;
use crate::platform_dir::PlatformArgs;
use crate::service_dir;
use crate::status;

/// Output formats of `render` and `platform render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RenderFormat {
    /// Multi-document YAML, each document headed by `# Source:` / `# Value:` comments.
    Yaml,
    /// JSON: a list of {apiVersion, kind, name, namespace, source, values, object, problems}.
    Json,
}

/// Arguments of `gitops-guard render`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard render fixtures/example/services/orders --env prod
  gitops-guard render services/api-gw --env dev --platform ../gitops-config --format json

  gitops-guard render services/api-gw --env dev --api-versions monitoring.coreos.com/v1

The values are merged as `gitops-guard values` shows them; the chart version is the
platform's (`global.k8app.version` in platform/base.yaml, the newest modelled release
by default; every k8app release from 3.4.0 on). The release is `{service}-{env}`,
the namespace the Application's destination. Where `helm template` fails, so does
render, naming the template and Helm's reason. Every object is read back through its
typed model; problems are printed as `# Problem:` comments and make the command exit 1.")]
pub(crate) struct RenderArgs {
    /// The service directory (the one holding `.cicd/`), or its `.cicd/` directory.
    #[arg(value_name = "SERVICE_DIR")]
    pub service_dir: String,
    /// The environment to render.
    #[arg(long, value_name = "ENV")]
    pub env: String,
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Yaml)]
    pub format: RenderFormat,
}

/// The platform's k8app version as its load parsed it, or an error naming
/// the supported releases.
pub(crate) fn chart_version(platform: &Platform) -> anyhow::Result<ChartVersion> {
    let version = &platform.settings.chart.version.value;
    platform
        .chart
        .clone()
        .and_then(|chart| chart.ensure_supported().map(|()| chart))
        .with_context(|| format!("k8app version `{version}` of the platform"))
}

/// Prints objects in the chosen format; `Findings` when one has problems.
pub(crate) fn print(
    objects: &[gg_render::RenderedObject],
    format: RenderFormat,
) -> anyhow::Result<Outcome> {
    match format {
        RenderFormat::Yaml => output::print(to_yaml_stream(objects))?,
        RenderFormat::Json => output::println(serde_json::to_string_pretty(objects)?)?,
    }
    let problems = objects.iter().map(|o| o.problems.len()).sum::<usize>();
    if problems > 0 {
        status!("{problems} problem(s) in the rendered objects (see `# Problem:` lines)");
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Clean)
}

/// Runs `gitops-guard render`.
pub(crate) fn run(args: RenderArgs) -> anyhow::Result<Outcome> {
    service_dir::with_service(
        &args.service_dir,
        &args.platform,
        &args.env,
        |platform, service| render(&args, platform, service),
    )
}

fn render(args: &RenderArgs, platform: &Platform, service: &Service) -> anyhow::Result<Outcome> {
    chart_version(platform)?;
    let ctx = RenderContext::of_platform(platform, &service.name.value, &args.env);
    let objects =
        render_platform_service(platform, service, &args.env, &ctx).with_context(|| {
            format!(
                "{} in {}: helm template fails too",
                service.name.value, args.env
            )
        })?;
    print(&objects, args.format)
}
