//! Renders what reaches the cluster without Helm, ArgoCD or a cluster: the
//! objects every k8app release from 3.4.0 to 3.13.0 renders from a service's
//! merged values, what the platform's own charts (platform-core,
//! service-groups, preview-environments, ingress-cloudflare) render from the
//! platform's values files, and the Applications ArgoCD's ApplicationSet
//! controller generates.
//!
//! Helm's semantics are reproduced — Go templates' field errors, `range`,
//! `default` and printing, how printed text reads back as YAML, the first
//! failing template in Helm's order — and so are the chart's bugs (PDB
//! min+max, sidecar mounts inside the readiness probe, the 3.13.0 notes
//! that fail without `service.type`, …): the renderer shows them, the
//! linter reports them. `crates/render/tests/helm_agreement.rs` proves the
//! agreement against real Helm, `crates/render/tests/platform_agreement.rs`
//! the platform charts'. Every object is read back through its model
//! (Kubernetes' own for built-in kinds, ours for custom resources; kept as
//! data in `models.json`) and what does not read back whole is listed in
//! [`RenderedObject::problems`].
//!
//! Output order is `helm template`'s: templates by path, then by Helm's kind
//! install order; objects with `helm.sh/hook` annotations (hooks) come last.
//! Keys keep the templates' order; `toYaml` parts are sorted.
#![forbid(unsafe_code)]

mod action_lexer;
mod appset;
mod capabilities;
mod chart;
#[cfg(test)]
mod crd;
mod emit;
mod error;
mod gotmpl;
mod models;
mod order;
mod platform;
mod problem;
mod readback;
mod removed;
mod values_files;
mod verify;

use gg_k8app::ChartVersion;
use gg_platform::KubeVersion;
use gg_yaml::{Merged, ValuePath};
use serde::Serialize;
use serde_json::Value;

pub use appset::{AppSetError, Expansion, GeneratedApplication, expand_application_set};
pub use capabilities::{ApiVersions, MONITORING_API};
pub use emit::to_yaml;
pub use error::RenderError;
pub use platform::{
    ChartRender, JoinedDocuments, PlatformChart, PlatformFacts, RenderTime, platform_facts,
    read_manifest_yaml, render_chart, render_platform_charts,
};
pub use problem::Problem;
pub use values_files::{ValuesFile, render_platform_service, render_values_files};
pub use verify::read_back;

/// What a render needs besides the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderContext {
    /// Helm release name: the Application name `{service}-{env}`.
    pub release: String,
    /// Release namespace (the Application's destination).
    pub namespace: String,
    /// The k8app chart version.
    pub chart: ChartVersion,
    /// The API versions the cluster serves (`.Capabilities.APIVersions`;
    /// ServiceMonitors render only when `monitoring.coreos.com/v1` is one).
    pub api_versions: ApiVersions,
    /// The cluster's Kubernetes version: an object in an API version it no
    /// longer serves is a `removed-api-version` problem.
    pub kube_version: KubeVersion,
    /// Whether every object is annotated: the values that produced it
    /// ([`RenderedObject::values`]) and its read-back through its typed model
    /// (among [`RenderedObject::problems`]), and whether `checksum/*` annotations
    /// carry their digests. On for showing objects; checks, which read names,
    /// kinds, ports, env and secret references but never a digest, turn it
    /// off: the annotations cost more than the render. Off, a `checksum/*`
    /// annotation is present but empty.
    pub annotate: bool,
}

impl RenderContext {
    /// The context of `service` in `env` under namespace `namespace`, on a
    /// cluster as the platform's are by default.
    pub fn new(service: &str, env: &str, namespace: &str, chart: ChartVersion) -> Self {
        Self {
            release: gg_naming::release_name(service, env),
            namespace: namespace.to_owned(),
            chart,
            api_versions: ApiVersions::platform(),
            kube_version: KubeVersion::PLATFORM,
            annotate: true,
        }
    }

    /// The context of `service` in `env` on the platform's clusters: its
    /// chart version, namespace, Kubernetes version and API versions.
    pub fn of_platform(platform: &gg_platform::Platform, service: &str, env: &str) -> Self {
        Self {
            api_versions: ApiVersions::with_extra(platform.api_versions().iter().cloned()),
            kube_version: platform.kube_version,
            ..Self::new(
                service,
                env,
                &platform.settings.namespace(env),
                platform.chart_version(),
            )
        }
    }
}

/// A merged value that produced an object, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueSource {
    /// The value path (`image.tag`, `secrets.DB_PASSWORD`).
    pub path: String,
    /// The file that set it (the chart's defaults file for chart defaults).
    pub file: String,
    /// 1-based line of the value.
    pub line: u32,
    /// 1-based column of the value.
    pub column: u32,
}

/// One rendered object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenderedObject {
    /// `apiVersion` (empty for Vault API writes).
    pub api_version: String,
    /// `kind` (`VaultPolicy` / `VaultKubernetesRole` for Vault API writes).
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// The namespace it lands in (`metadata.namespace`, else the release
    /// namespace for namespaced kinds); `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    /// The template that produced it, e.g. `app/templates/deployment.yaml`.
    pub source: String,
    /// The values that decided it, with their provenance.
    pub values: Vec<ValueSource>,
    /// The object as the API server receives it.
    pub object: Value,
    /// What is wrong with it: the chart bugs it shows, an API version the
    /// cluster no longer serves, what does not read back whole through its
    /// typed model (when annotated), what the render could not reproduce;
    /// empty when it is clean.
    pub problems: Vec<Problem>,
}

impl RenderedObject {
    /// True for kinds that are not namespaced.
    pub fn is_cluster_scoped(&self) -> bool {
        order::cluster_scoped(&self.kind)
    }
}

fn value_source(merged: Option<&Merged>, path: &[String]) -> Option<ValueSource> {
    let display = path.join(".");
    let Some(merged) = merged else {
        return Some(ValueSource {
            path: display,
            file: String::new(),
            line: 0,
            column: 0,
        });
    };
    let value_path = path.iter().fold(ValuePath::root(), |p, key| p.key(key));
    let node = merged.get(&value_path)?;
    if node.provenance.origin.kind == gg_yaml::LayerKind::ChartDefaults {
        return None;
    }
    let start = node.provenance.origin.span.start;
    Some(ValueSource {
        path: display,
        file: node.provenance.origin.file.to_string(),
        line: start.line,
        column: start.column,
    })
}

fn finish(
    drafts: Vec<chart::Draft>,
    merged: Option<&Merged>,
    release_namespace: Option<&str>,
    annotate: bool,
) -> Vec<RenderedObject> {
    let mut objects: Vec<RenderedObject> = drafts
        .into_iter()
        .map(|draft| {
            let text = |key: &str| {
                draft
                    .object
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            let meta = |key: &str| {
                draft
                    .object
                    .get("metadata")
                    .and_then(|m| m.get(key))
                    .filter(|v| !v.is_null())
                    .map(|v| gotmpl::print(Some(v)))
            };
            let kind = text("kind");
            let api_version = text("apiVersion");
            let namespace = if order::cluster_scoped(&kind) {
                None
            } else {
                meta("namespace")
                    .filter(|n| !n.is_empty())
                    .or_else(|| release_namespace.map(str::to_owned))
            };
            let mut problems = if api_version.is_empty() || !annotate {
                Vec::new()
            } else {
                verify::check(&draft.object)
            };
            problems.extend(draft.problems);
            RenderedObject {
                name: meta("name").unwrap_or_default(),
                namespace,
                values: if annotate {
                    draft
                        .values
                        .iter()
                        .filter_map(|p| value_source(merged, p))
                        .collect()
                } else {
                    Vec::new()
                },
                source: draft.source.to_owned(),
                api_version,
                kind,
                object: draft.object,
                problems,
            }
        })
        .collect();
    order::sort(&mut objects);
    objects
}

/// Renders k8app for a service's merged values, in `helm template` order.
pub fn render_service(
    merged: &Merged,
    ctx: &RenderContext,
) -> Result<Vec<RenderedObject>, RenderError> {
    let drafts = chart::render(&merged.root, ctx)?;
    Ok(finish(
        drafts,
        Some(merged),
        Some(&ctx.namespace),
        ctx.annotate,
    ))
}

/// A multi-document YAML stream, each document headed by its source and the
/// values that produced it (`# Source:` / `# Values:` comments).
pub fn to_yaml_stream(objects: &[RenderedObject]) -> String {
    let mut out = String::new();
    for object in objects {
        out.push_str("---\n# Source: ");
        out.push_str(&object.source);
        out.push('\n');
        for value in &object.values {
            if value.file.is_empty() {
                out.push_str(&format!("# Value: {}\n", value.path));
            } else {
                out.push_str(&format!(
                    "# Value: {} <- {}:{}\n",
                    value.path, value.file, value.line
                ));
            }
        }
        for problem in &object.problems {
            out.push_str(&format!(
                "# Problem{}: {}{}\n",
                problem
                    .rule
                    .map_or_else(String::new, |rule| format!(" [{}]", rule.id)),
                problem.message,
                problem
                    .fix
                    .as_ref()
                    .map_or_else(String::new, |fix| format!("; {fix}"))
            ));
        }
        out.push_str(&to_yaml(&object.object));
    }
    out
}
