//! `gitops-guard platform render`: what the platform repository's own
//! charts put into the cluster, as ArgoCD's platform Applications render them
//! with Helm; with `--expand`, the Applications ArgoCD's ApplicationSet
//! controller generates from the rendered ApplicationSets.

use clap::{Args, Subcommand, ValueEnum};
use gg_render::{
    ChartRender, Expansion, PlatformChart, RenderedObject, expand_application_set,
    render_platform_charts,
};

use super::render::{RenderFormat, print};
use crate::exit::Outcome;
use crate::platform_dir::{open_platform, print_warnings};

/// `gitops-guard platform …`.
#[derive(Debug, Subcommand)]
pub(crate) enum PlatformCommand {
    /// Render the platform's charts (platform-core, service-groups,
    /// preview-environments, ingress-cloudflare) as Helm renders them for the
    /// platform's values files; with --expand also the Applications ArgoCD
    /// generates from their ApplicationSets.
    Render(PlatformRenderArgs),
}

/// A platform chart, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChartName {
    /// `charts/platform-core` (values: platform/base.yaml, platform/core.yaml).
    PlatformCore,
    /// `charts/service-groups` (platform/base.yaml, platform/service-groups.yaml).
    ServiceGroups,
    /// `charts/preview-environments` (platform/base.yaml, platform/preview.yaml).
    PreviewEnvironments,
    /// `charts/ingress-cloudflare` (platform/base.yaml, platform/service-groups.yaml,
    /// platform/ingress.yaml).
    IngressCloudflare,
}

impl ChartName {
    fn chart(self) -> PlatformChart {
        match self {
            ChartName::PlatformCore => PlatformChart::Core,
            ChartName::ServiceGroups => PlatformChart::ServiceGroups,
            ChartName::PreviewEnvironments => PlatformChart::Preview,
            ChartName::IngressCloudflare => PlatformChart::Ingress,
        }
    }
}

/// Arguments of `gitops-guard platform render`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  gitops-guard platform render --platform fixtures/example/gitops-config
  gitops-guard platform render --platform ../gitops-config --chart platform-core --expand
  gitops-guard platform render --platform ../gitops-config --format json

Each chart renders with the values files its ArgoCD Application passes, in the
order `helm template` prints: platform-core always; service-groups,
preview-environments and ingress-cloudflare when platform/service-groups.yaml,
platform/preview.yaml and platform/ingress.yaml exist. The bootstrap Job is named
after the time of the render (SOURCE_DATE_EPOCH when set, else now; UTC). Where
Helm fails, the chart's error is printed and the command exits 1; the chart's bugs
that reach the cluster are `# Problem:` lines (exit 1).

--expand adds, after each ApplicationSet, the Applications ArgoCD's controller
generates from it (list and matrix generators; the ApplicationSet's template
syntax). When ArgoCD cannot generate them it creates none: the reason is printed
and the command exits 1. Generators that need a Git repository, the clusters or
a pull-request API are named and left out.

The Vault policies and roles the bootstrap Job writes are printed by
`gitops-guard vault policy render --platform DIR`.")]
pub(crate) struct PlatformRenderArgs {
    /// The platform repository root (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub platform: String,
    /// Render only these charts (repeatable; default: every chart the platform enables).
    #[arg(long = "chart", value_enum, value_name = "CHART")]
    pub charts: Vec<ChartName>,
    /// Also print the Applications ArgoCD generates from the ApplicationSets.
    #[arg(long)]
    pub expand: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RenderFormat::Yaml)]
    pub format: RenderFormat,
}

/// Runs `gitops-guard platform …`.
pub(crate) fn run(command: PlatformCommand) -> anyhow::Result<Outcome> {
    match command {
        PlatformCommand::Render(args) => render(&args),
    }
}

fn render(args: &PlatformRenderArgs) -> anyhow::Result<Outcome> {
    let dir = gg_diagnostic::normalize_path(&args.platform);
    let platform = open_platform(&dir, std::slice::from_ref(&dir))?;
    print_warnings(&platform.issues);
    let wanted: Vec<PlatformChart> = args.charts.iter().map(|c| c.chart()).collect();
    let mut failed = false;
    let mut objects = Vec::new();
    for chart in render_platform_charts(&platform, crate::clock::now()?) {
        if !wanted.is_empty() && !wanted.contains(&chart.chart) {
            continue;
        }
        failed |= collect(chart, args.expand, &mut objects);
    }
    let printed = print(&objects, args.format)?;
    Ok(if failed { Outcome::Findings } else { printed })
}

/// Adds a chart's objects (and with `expand` each ApplicationSet's
/// Applications after it); true when Helm or ArgoCD fails.
fn collect(chart: ChartRender, expand: bool, out: &mut Vec<RenderedObject>) -> bool {
    let name = chart.chart;
    for joined in &chart.joined {
        crate::status!("warning: {joined}");
    }
    let objects = match chart.objects {
        Ok(objects) => objects,
        Err(error) => {
            crate::status!("error: {name}: helm template fails: {error}");
            return true;
        }
    };
    let mut failed = false;
    for object in objects {
        let generated = (expand && object.kind == "ApplicationSet")
            .then(|| expand_application_set(&object.object));
        let appset = format!("ApplicationSet {}", object.name);
        let source = object.source.clone();
        out.push(object);
        if let Some(expansion) = generated {
            failed |= report(&appset, &expansion);
            out.extend(
                expansion
                    .applications
                    .into_iter()
                    .map(|generated| generated_object(&source, &appset, generated.application)),
            );
        }
    }
    failed
}

/// Prints what keeps ArgoCD from generating Applications; true for an error.
fn report(appset: &str, expansion: &Expansion) -> bool {
    for kind in &expansion.offline {
        crate::status!(
            "note: {appset}: its `{kind}` generator needs the outside world; its Applications are not listed"
        );
    }
    let mut failed = false;
    for error in &expansion.errors {
        match error {
            gg_render::AppSetError::NotModelled(_) => crate::status!("warning: {appset}: {error}"),
            _ => {
                failed = true;
                let consequence = if error.stops_generation() {
                    " (ArgoCD creates none of its Applications)"
                } else {
                    ""
                };
                crate::status!("error: {appset}: {error}{consequence}");
            }
        }
    }
    failed
}

fn generated_object(source: &str, appset: &str, application: serde_json::Value) -> RenderedObject {
    let text = |pointer: &str| {
        application
            .pointer(pointer)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    RenderedObject {
        api_version: text("/apiVersion").unwrap_or_default(),
        kind: text("/kind").unwrap_or_default(),
        name: text("/metadata/name").unwrap_or_default(),
        namespace: text("/metadata/namespace"),
        source: format!("{source} ({appset}, generated by ArgoCD)"),
        values: Vec::new(),
        problems: Vec::new(),
        object: application,
    }
}
