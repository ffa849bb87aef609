//! The platform's own charts (`charts/platform-core`, `service-groups`,
//! `preview-environments`, `ingress-cloudflare` of the platform repository),
//! rendered as ArgoCD's platform Applications render them with Helm: each
//! chart's defaults, then `platform/base.yaml` and the chart's own
//! `platform/*.yaml`; every template executed in Helm's order (the first
//! failing one fails the chart); the output text split and read as Helm
//! reads it; the objects in `helm template` order.
//!
//! The templates are modelled by hand, each writing the text its template
//! writes — so a value that turns into a number, breaks the YAML around it
//! or glues two documents together does exactly that here, and the chart's
//! bugs come out as they reach the cluster.

mod charts;
mod core;
mod defaults;
mod dns;
mod generated;
mod ingress;
mod manifests;
mod preview;
mod service_groups;
mod text;
mod time;
mod values;

use gg_platform::{Platform, PlatformFiles};
use gg_yaml::Merged;
use serde_json::Value;

use crate::error::RenderError;
use crate::{RenderedObject, order, verify};
use manifests::{Manifest, manifests};
use text::Tmpl;

pub use charts::PlatformChart;
pub use generated::{PlatformFacts, platform_facts};
pub use manifests::read_manifest_yaml;
pub(crate) use text::go_quote;
pub use time::RenderTime;

/// What a template sees besides `.Values`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Release<'a> {
    /// `.Release.Namespace`.
    pub(crate) namespace: &'a str,
    /// `now`.
    pub(crate) time: &'a RenderTime,
}

/// A template of a chart: its path and how it writes its text.
pub(crate) type Template = (
    &'static str,
    fn(&mut Tmpl<'_>, &Release<'_>) -> Result<(), RenderError>,
);

/// Documents of one template that YAML read into one: a `---` written
/// after text on its line does not start a document for Helm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinedDocuments {
    /// The template.
    pub template: &'static str,
    /// `Kind namespace/name` of the document that survives (its keys won).
    pub kept: String,
    /// How many documents were read into it and lost.
    pub lost: usize,
    /// The lost documents as `Kind namespace/name`, in the order written
    /// (empty when the glued text cannot be read apart).
    pub lost_documents: Vec<String>,
}

impl std::fmt::Display for JoinedDocuments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} more document(s) follow text on the line of their `---`, so YAML reads them into {}: only its keys reach the cluster",
            self.template, self.lost, self.kept
        )
    }
}

/// One platform chart rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRender {
    /// The chart.
    pub chart: PlatformChart,
    /// The merged values it rendered with (for locating findings); `None`
    /// when a values file could not be read.
    pub values: Option<Merged>,
    /// The objects in `helm template` order, or why Helm fails.
    pub objects: Result<Vec<RenderedObject>, RenderError>,
    /// Documents the chart's templates glue together.
    pub joined: Vec<JoinedDocuments>,
}

/// Renders every chart the platform enables (platform-core always, the
/// others when their `platform/*.yaml` exists), in sync-wave order. Without
/// a platform repository there is nothing to render.
pub fn render_platform_charts(platform: &Platform, time: RenderTime) -> Vec<ChartRender> {
    let Some(files) = &platform.files else {
        return Vec::new();
    };
    PlatformChart::ALL
        .into_iter()
        .filter(|chart| values::chart_enabled(files, *chart))
        .map(|chart| render_chart(files, chart, time))
        .collect()
}

/// Renders one chart from the platform repository's files.
pub fn render_chart(files: &PlatformFiles, chart: PlatformChart, time: RenderTime) -> ChartRender {
    let merged = match values::chart_values(files, chart) {
        Ok(merged) => merged,
        Err(error) => {
            return ChartRender {
                chart,
                values: None,
                objects: Err(error),
                joined: Vec::new(),
            };
        }
    };
    let values = merged.to_json();
    let release = Release {
        namespace: chart.namespace(),
        time: &time,
    };
    let mut joined = Vec::new();
    let objects =
        execute(chart, &values, &release).and_then(|texts| read(chart, &texts, &mut joined));
    ChartRender {
        chart,
        values: Some(merged),
        objects,
        joined,
    }
}

fn templates(chart: PlatformChart) -> &'static [Template] {
    match chart {
        PlatformChart::Core => core::TEMPLATES,
        PlatformChart::ServiceGroups => service_groups::TEMPLATES,
        PlatformChart::Preview => preview::TEMPLATES,
        PlatformChart::Ingress => ingress::TEMPLATES,
    }
}

/// Every template's text, in Helm's order of execution; the first failure
/// is the chart's.
fn execute(
    chart: PlatformChart,
    values: &Value,
    release: &Release<'_>,
) -> Result<Vec<(&'static str, String)>, RenderError> {
    templates(chart)
        .iter()
        .map(|(path, write)| {
            let mut t = Tmpl::new(path, values);
            write(&mut t, release)?;
            Ok(t.finish())
        })
        .collect()
}

/// The texts read as Helm reads them, file by file in path order (the first
/// unreadable one fails the chart), then sorted into `helm template` order.
fn read(
    chart: PlatformChart,
    texts: &[(&'static str, String)],
    joined: &mut Vec<JoinedDocuments>,
) -> Result<Vec<RenderedObject>, RenderError> {
    let mut texts: Vec<&(&'static str, String)> = texts.iter().collect();
    gg_sort::sort_by_key(&mut texts, |(path, _)| *path);
    let mut objects = Vec::new();
    for (path, text) in texts {
        for manifest in manifests(path, text)? {
            let object = object(chart, &manifest);
            if manifest.joined > 0 {
                joined.push(JoinedDocuments {
                    template: path,
                    kept: manifests::head(&manifest.object),
                    lost: manifest.joined,
                    lost_documents: manifest.lost.clone(),
                });
            }
            objects.push(object);
        }
    }
    order::sort(&mut objects);
    Ok(objects)
}

fn object(chart: PlatformChart, manifest: &Manifest) -> RenderedObject {
    let object = &manifest.object;
    let text = |pointer: &str| {
        object
            .pointer(pointer)
            .filter(|v| !v.is_null())
            .map(|v| crate::gotmpl::print(Some(v)))
    };
    let kind = text("/kind").unwrap_or_default();
    let namespace = if order::cluster_scoped(&kind) {
        None
    } else {
        text("/metadata/namespace")
            .filter(|n| !n.is_empty())
            .or_else(|| Some(chart.namespace().to_owned()))
    };
    let api_version = text("/apiVersion").unwrap_or_default();
    // Kinds without a model (ReferenceGrant, Certificate, CiliumNetworkPolicy)
    // are shown as rendered, unchecked.
    let problems = if crate::models::models().has(&api_version, &kind) {
        verify::check(object)
    } else {
        Vec::new()
    };
    RenderedObject {
        api_version,
        kind,
        name: text("/metadata/name").unwrap_or_default(),
        namespace,
        source: manifest.template.to_owned(),
        values: Vec::new(),
        object: object.clone(),
        problems,
    }
}
