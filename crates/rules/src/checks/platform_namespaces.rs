//! `namespace-not-created`: what the platform's own charts put into a
//! namespace that nothing creates. The API server refuses a namespaced
//! object whose namespace does not exist, and ArgoCD an Application's
//! resources when its destination namespace does not exist and the
//! Application does not create it.
//!
//! A namespace exists when the charts render its Namespace, when it is a
//! chart's own release namespace (its ArgoCD Application creates it),
//! when an Application the charts render or generate creates it
//! (`syncOptions: [CreateNamespace=true]`), when it is Kubernetes' or
//! ArgoCD's own, or when the charts' HTTPRoutes send traffic to a Service
//! there (the Service, and so its namespace, lives outside the platform).

use std::collections::{BTreeMap, BTreeSet};

use gg_diagnostic::{Diagnostic, rules};
use gg_platform::YamlFile;
use gg_render::{ChartRender, RenderedObject};
use serde_json::Value;

use super::platform_values::{base_start, longest_source};

/// Namespaces every cluster has, and ArgoCD's, where the platform's
/// Applications live.
const ALWAYS_THERE: [&str; 5] = [
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "argocd",
];

/// What the platform's charts rendered: each chart with its objects, and
/// the Applications ArgoCD generates from its ApplicationSets.
pub(crate) struct Rendered<'a> {
    /// The chart.
    pub(crate) chart: &'a ChartRender,
    /// Its objects.
    pub(crate) objects: &'a [RenderedObject],
    /// The Applications generated from its ApplicationSets.
    pub(crate) generated: Vec<Value>,
}

impl Rendered<'_> {
    /// The Applications the chart renders and those generated from its
    /// ApplicationSets.
    fn applications(&self) -> impl Iterator<Item = &Value> {
        self.objects
            .iter()
            .filter(|o| o.kind == "Application")
            .map(|o| &o.object)
            .chain(&self.generated)
    }
}

/// What lands in one namespace nobody creates, for its finding.
struct Missing<'a> {
    /// The chart that first puts something there.
    chart: &'a ChartRender,
    /// What lands there: `Kind name` of objects, `Application name` for
    /// Applications syncing there.
    what: Vec<String>,
}

/// Reports each namespace that receives objects or an Application's
/// resources but that nothing creates.
pub(crate) fn check(
    rendered: &[Rendered<'_>],
    created: &BTreeSet<&str>,
    base: &YamlFile,
    out: &mut Vec<Diagnostic>,
) {
    let mut missing: BTreeMap<String, Missing<'_>> = BTreeMap::new();
    let mut miss = |namespace: &str, chart, what: String| {
        if created.contains(namespace) {
            return;
        }
        missing
            .entry(namespace.to_owned())
            .or_insert_with(|| Missing {
                chart,
                what: Vec::new(),
            })
            .what
            .push(what);
    };
    for r in rendered {
        for object in r.objects {
            if let Some(namespace) = object.namespace.as_deref().filter(|ns| !ns.is_empty()) {
                miss(
                    namespace,
                    r.chart,
                    format!("{} `{}`", object.kind, object.name),
                );
            }
        }
        for application in r.applications() {
            if let Some(namespace) = destination(application).filter(|_| !creates(application)) {
                miss(
                    namespace,
                    r.chart,
                    format!(
                        "the resources of Application `{}`",
                        text(application, "/metadata/name")
                    ),
                );
            }
        }
    }
    for (namespace, found) in missing {
        let location = longest_source(found.chart, &namespace).unwrap_or_else(|| base_start(base));
        let shown: Vec<&str> = found.what.iter().take(3).map(String::as_str).collect();
        let more = match found.what.len().saturating_sub(shown.len()) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        out.push(
            rules::NAMESPACE_NOT_CREATED
                .finding(
                    location,
                    format!(
                        "{} puts {}{more} into namespace `{namespace}`, which nothing creates: no chart renders its Namespace and no Application creates it",
                        found.chart.chart,
                        shown.join(", ")
                    ),
                )
                .with_help("point the value at a namespace the platform creates (an environment's `{prefix}-{env}`, its `infraNamespace`, a service group's `gatewayNamespace`), or create the namespace (`namespaces.enabled: true`, or an Application with `CreateNamespace=true`)"),
        );
    }
}

/// Every namespace that exists when the platform's objects are applied.
pub(crate) fn created<'a>(rendered: &'a [Rendered<'_>]) -> BTreeSet<&'a str> {
    let mut created: BTreeSet<&str> = gg_sort::btree_set(ALWAYS_THERE);
    for r in rendered {
        created.insert(r.chart.chart.namespace());
        for object in r.objects {
            if object.kind == "Namespace" {
                created.insert(&object.name);
            }
            if object.kind == "HTTPRoute" {
                created.extend(backend_namespaces(&object.object));
            }
        }
        for application in r.applications().filter(|a| creates(a)) {
            created.extend(destination(application));
        }
    }
    created
}

/// `spec.destination.namespace` of an Application.
fn destination(application: &Value) -> Option<&str> {
    application
        .pointer("/spec/destination/namespace")
        .and_then(Value::as_str)
        .filter(|ns| !ns.is_empty())
}

/// True when the Application creates its destination namespace.
fn creates(application: &Value) -> bool {
    application
        .pointer("/spec/syncPolicy/syncOptions")
        .and_then(Value::as_array)
        .is_some_and(|options| {
            options
                .iter()
                .any(|o| o.as_str() == Some("CreateNamespace=true"))
        })
}

/// The namespaces of the Services an HTTPRoute sends traffic to.
fn backend_namespaces(route: &Value) -> impl Iterator<Item = &str> {
    route
        .pointer("/spec/rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|rule| rule.get("backendRefs").and_then(Value::as_array))
        .flatten()
        .filter_map(|backend| backend.get("namespace").and_then(Value::as_str))
}

fn text<'v>(value: &'v Value, pointer: &str) -> &'v str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_application_creates_its_namespace_only_when_told() {
        let app = |options: Value| json!({"spec": {"destination": {"namespace": "infra-dev"}, "syncPolicy": {"syncOptions": options}}});
        assert!(creates(&app(json!([
            "PruneLast=true",
            "CreateNamespace=true"
        ]))));
        assert!(!creates(&app(json!(["CreateNamespace=false"]))));
        assert!(!creates(&json!({"spec": {}})));
        assert_eq!(destination(&app(json!([]))), Some("infra-dev"));
    }

    #[test]
    fn routes_name_the_namespaces_of_their_backends() {
        let route = json!({"spec": {"rules": [
            {"backendRefs": [{"name": "grafana", "namespace": "monitoring"}, {"name": "local"}]},
            {"backendRefs": [{"name": "argocd-server", "namespace": "argocd"}]}
        ]}});
        assert_eq!(
            backend_namespaces(&route).collect::<Vec<_>>(),
            ["monitoring", "argocd"]
        );
    }
}
