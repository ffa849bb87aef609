//! What platform-core puts into the cluster, as the facts the object checks
//! and the webhook look up: the application namespaces it creates and the
//! Applications ArgoCD generates from the ApplicationSets it renders.

use gg_platform::{ApplicationSpec, Platform};
use serde_json::Value;

use super::{PlatformChart, RenderTime, render_chart};
use crate::RenderedObject;
use crate::appset::expand_application_set;

/// What platform-core renders for the platform, as lookups.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformFacts {
    /// Application namespaces (`app.kubernetes.io/component: application`)
    /// with their `environment` label, in render order.
    pub namespaces: Vec<(String, String)>,
    /// The Applications ArgoCD's controller generates from the rendered
    /// ApplicationSets (none when it cannot generate them).
    pub applications: Vec<ApplicationSpec>,
}

/// What platform-core renders; `None` without a platform repository or when
/// platform-core fails to render.
pub fn platform_facts(platform: &Platform) -> Option<PlatformFacts> {
    let files = platform.files.as_ref()?;
    // The time names the bootstrap Job only.
    let render = render_chart(files, PlatformChart::Core, RenderTime::from_unix_seconds(0));
    let objects = render.objects.ok()?;
    Some(PlatformFacts {
        namespaces: objects.iter().filter_map(application_namespace).collect(),
        applications: objects
            .iter()
            .filter(|object| object.kind == "ApplicationSet")
            .flat_map(|appset| expand_application_set(&appset.object).applications)
            .map(|generated| spec(&generated.params, &generated.application))
            .collect(),
    })
}

/// An application Namespace's name and environment.
fn application_namespace(object: &RenderedObject) -> Option<(String, String)> {
    let label = |name: &str| {
        object
            .object
            .pointer("/metadata/labels")?
            .get(name)?
            .as_str()
    };
    (object.kind == "Namespace" && label("app.kubernetes.io/component") == Some("application"))
        .then(|| Some((object.name.clone(), label("environment")?.to_owned())))
        .flatten()
}

/// An Application as the platform's facts: the service and environment of
/// its parameters, the rest from the object.
fn spec(params: &serde_json::Map<String, Value>, application: &Value) -> ApplicationSpec {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or_default().to_owned();
    let at = |pointer: &str| text(application.pointer(pointer));
    let sources: Vec<&Value> = match application.pointer("/spec/sources") {
        Some(Value::Array(sources)) => sources.iter().collect(),
        _ => application.pointer("/spec/source").into_iter().collect(),
    };
    let chart = sources.iter().find(|s| s.get("chart").is_some());
    let values = sources
        .iter()
        .find(|s| s.get("ref").and_then(Value::as_str) == Some("values"));
    let field = |source: Option<&&Value>, key: &str| text(source.and_then(|s| s.get(key)));
    ApplicationSpec {
        name: at("/metadata/name"),
        service: text(params.get("service")),
        env: text(params.get("env")),
        namespace: at("/spec/destination/namespace"),
        project: at("/spec/project"),
        sync_wave: at("/metadata/annotations/argocd.argoproj.io~1sync-wave"),
        chart_repo_url: field(chart, "repoURL"),
        chart: field(chart, "chart"),
        chart_version: field(chart, "targetRevision"),
        values_repo_url: field(values, "repoURL"),
        value_files: chart
            .and_then(|s| s.pointer("/helm/valueFiles"))
            .and_then(Value::as_array)
            .map(|files| files.iter().map(|f| text(Some(f))).collect())
            .unwrap_or_default(),
    }
}
