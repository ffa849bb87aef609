//! Rules that need the rendered objects: `render-failed`, `httproute-backend`,
//! `object-name-too-long`, `cluster-scoped-object`, `env-value-not-string`,
//! `workload-pull-secrets-dropped`, `node-selector-ignored`,
//! `volume-multi-attach`, the Ingress rules (`checks/ingress.rs`) and every
//! problem the renderer marks on an object.
//!
//! The service is rendered once per environment with the platform's chart
//! version and namespace; each finding points at the merged value that causes
//! it, never at the rendered object.

use std::collections::BTreeMap;

use gg_k8app::ShapeIssueKind;
use gg_naming::{NameRule, validate_label};
use gg_render::{RenderContext, RenderError, RenderedObject, render_service};
use gg_yaml::MergedNode;
use serde_json::Value;

use crate::checks::{
    env_values, environment, ingress, node_selector, pull_secrets_dropped, render_problems,
    volume_attach,
};
use crate::context::{EnvContext, PlatformContext};
use crate::json::JsonTree;
use crate::values::merged_text;
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::{key_location, merged_location};

/// Renders the service for the environment and runs the checks on the objects.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let render_ctx = RenderContext {
        annotate: false,
        ..RenderContext::of_platform(&ctx.platform, &env.service.name.value, env.env_name())
    };
    let namespace = render_ctx.namespace.clone();
    match render_service(&env.merged, &render_ctx) {
        Ok(objects) => {
            check_backends(env, &objects, &namespace, out);
            ingress::check(ctx, env, &objects, out);
            check_names(env, &objects, out);
            check_cluster_scoped(env, &objects, out);
            env_values::check(env, &objects, ctx.chart, out);
            pull_secrets_dropped::check(ctx, env, &objects, out);
            node_selector::check(env, &objects, ctx.chart, out);
            volume_attach::check(env, &objects, out);
            render_problems::check(env, &objects, out);
            environment::check_env(ctx, env, &render_ctx, &objects, out);
        }
        Err(error) => check_render_error(ctx, env, &error, out),
    }
}

/// `render-failed`, for the failures no other rule reports.
fn check_render_error(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    error: &RenderError,
    out: &mut Vec<Diagnostic>,
) {
    // A value of the wrong type (`type-mismatch`) is the usual cause of a
    // template error: the render failure would only echo it.
    // `type-mismatch` also reports a probe's `execCommand.command` written as
    // a string in a user file (the chart ranges over it).
    let mistyped = || {
        ["livenessProbe", "readinessProbe"].iter().any(|probe| {
            let path = format!("{probe}.execCommand.command");
            env.user_set(&path)
                && env
                    .merged
                    .get_dotted(&path)
                    .and_then(MergedNode::as_scalar)
                    .and_then(gg_yaml::Node::as_str)
                    .is_some()
        }) || ctx
            .shape
            .check(&env.merged.root.to_node())
            .iter()
            .any(|issue| matches!(issue.kind, ShapeIssueKind::TypeMismatch { .. }))
    };
    match error {
        // `dns-label` (empty `appName`), `unknown-key` (`valult`) and the
        // platform issue about the chart version already say so.
        RenderError::MissingAppName { .. }
        | RenderError::DeprecatedValult
        | RenderError::Values(_)
        | RenderError::UnreadableValues(_)
        | RenderError::MissingValues(_)
        | RenderError::UnsupportedChart(_) => {}
        RenderError::Yaml { .. } | RenderError::Template { .. } if mistyped() => {}
        // Releases differ in what their templates accept: a failure of the
        // release assumed for want of `global.k8app.version` is a guess.
        RenderError::Yaml { .. } | RenderError::Template { .. } if !ctx.facts.chart => {}
        RenderError::Yaml { .. } | RenderError::Template { .. } => out.push(
            rules::RENDER_FAILED.finding(Location::file_start(env.overlay),
                format!("k8app cannot render the merged values: {error}"),
            )
            .with_help("fix the value the message names: `helm template` fails the same way, and ArgoCD cannot sync the Application")
            .with_env(env.env_name()),
        ),
    }
}

/// The merged node at `segments` (keys only).
pub(super) fn merged_at<'m>(env: &'m EnvContext<'_>, segments: &[&str]) -> Option<&'m MergedNode> {
    segments
        .iter()
        .try_fold(&env.merged.root, |node, key| node.child(key))
}

/// The text of a rendered scalar (numbers and strings alike).
pub(super) fn scalar_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The ports a rendered Service exposes (`spec.ports[].port`), as text.
pub(super) fn service_ports(service: &RenderedObject) -> Vec<String> {
    service
        .object
        .lookup("/spec/ports")
        .and_then(Value::as_array)
        .map(|ports| {
            ports
                .iter()
                .filter_map(|p| scalar_text(p.get("port")))
                .collect()
        })
        .unwrap_or_default()
}

/// `httproute-backend`: a backend `{app}-sv` that is not rendered, or a port it does not expose.
fn check_backends(
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    namespace: &str,
    out: &mut Vec<Diagnostic>,
) {
    let own_service = format!("{}-sv", env.app_name());
    let service_ports: Option<Vec<String>> = objects
        .iter()
        .find(|o| o.kind == "Service" && o.name == own_service)
        .map(service_ports);
    for route in objects.iter().filter(|o| o.kind == "HTTPRoute") {
        let rules = route
            .object
            .lookup("/spec/rules")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for (i, rule) in rules.iter().enumerate() {
            let backends = rule
                .get("backendRefs")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for (j, backend) in backends.iter().enumerate() {
                let name = scalar_text(backend.get("name")).unwrap_or_default();
                let other_namespace = scalar_text(backend.get("namespace"))
                    .is_some_and(|ns| !ns.is_empty() && ns != namespace);
                if name != own_service || other_namespace {
                    continue;
                }
                let port = scalar_text(backend.get("port")).unwrap_or_default();
                let problem = match &service_ports {
                    None => format!(
                        "the HTTPRoute sends traffic to `{name}`, but the chart renders no such Service (`service.enabled` is off)"
                    ),
                    Some(ports) if !ports.contains(&port) => format!(
                        "the HTTPRoute sends traffic to port {port} of `{name}`, which exposes {}",
                        if ports.is_empty() {
                            "no port".to_owned()
                        } else {
                            format!("only {}", ports.join(", "))
                        }
                    ),
                    Some(_) => continue,
                };
                let node = env
                    .merged
                    .get_dotted(&format!("httpRoute.rules[{i}].backendRefs[{j}]"))
                    .or_else(|| env.merged.get_dotted(&format!("httpRoute.rules[{i}]")))
                    .or_else(|| env.merged.get_dotted("httpRoute.enabled"));
                let location =
                    node.map_or_else(|| Location::file_start(env.overlay), merged_location);
                out.push(
                    rules::HTTPROUTE_BACKEND.finding(location, problem)
                        .with_help("point the backend at `{appName}-sv` and one of the `externalPort`s of `service.ports` (or omit `port`), and enable `service`")
                        .with_env(env.env_name()),
                );
            }
        }
    }
}

/// The template of worker Deployments.
pub(super) const WORKER_TEMPLATE: &str = "app/templates/worker.yaml";

/// An object as messages name it: `worker Deployment `orders-outbox``,
/// `CronJob `orders-cron-cleanup``.
pub(super) fn shown(object: &RenderedObject) -> String {
    if object.source == WORKER_TEMPLATE {
        format!("worker Deployment `{}`", object.name)
    } else {
        format!("{} `{}`", object.kind, object.name)
    }
}

/// The `worker.spec`, `job.spec` or `cronjob.spec` entry that rendered a
/// worker Deployment (`{app}-{key}`), Job (`{app}-job-{key}`) or CronJob
/// (`{app}-cron-{key}`).
pub(super) fn spec_entry<'m>(
    env: &'m EnvContext<'_>,
    object: &RenderedObject,
    app: &str,
) -> Option<&'m MergedNode> {
    let (section, prefix) = match (object.kind.as_str(), object.source.as_str()) {
        ("CronJob", _) => ("cronjob", format!("{app}-cron-")),
        ("Job", _) => ("job", format!("{app}-job-")),
        ("Deployment", WORKER_TEMPLATE) => ("worker", format!("{app}-")),
        _ => return None,
    };
    let key = object.name.strip_prefix(&prefix)?;
    merged_at(env, &[section, "spec", key])
}

/// The name rule a rendered object must satisfy, and the merged value
/// whose key produced the part of the name that is not `appName`.
fn name_rule<'m>(
    env: &'m EnvContext<'_>,
    object: &RenderedObject,
    app: &str,
) -> (NameRule, Option<&'m MergedNode>) {
    match (object.kind.as_str(), object.source.as_str()) {
        ("CronJob", _) => (NameRule::CronJobName, spec_entry(env, object, app)),
        // A worker's name is also its `worker-name` label value.
        ("Job", _) | ("Deployment", WORKER_TEMPLATE) => {
            (NameRule::Label, spec_entry(env, object, app))
        }
        ("Service", "app/templates/service-external-name.yaml") => (
            NameRule::Rfc1035Label,
            merged_at(env, &["serviceExternalName", "services", &object.name]),
        ),
        ("Service", _) => (NameRule::Rfc1035Label, None),
        _ => (NameRule::Subdomain, None),
    }
}

/// `object-name-too-long`: names the chart derives from `appName` and a key
/// that the API server rejects. Silent when `appName` itself is invalid
/// (`dns-label` reports it, and its Service `{appName}-sv`).
fn check_names(env: &EnvContext<'_>, objects: &[RenderedObject], out: &mut Vec<Diagnostic>) {
    let Some(app_node) = env.merged.get_dotted("appName") else {
        return;
    };
    let app = merged_text(app_node);
    if validate_label(&app).is_err() {
        return;
    }
    let own_service = format!("{app}-sv");
    for object in objects {
        if object.api_version.is_empty() || (object.kind == "Service" && object.name == own_service)
        {
            continue;
        }
        let (rule, key) = name_rule(env, object, &app);
        let Err(error) = rule.check(&object.name) else {
            continue;
        };
        let location = key.map_or_else(
            || merged_location(app_node),
            |node| key_location(&node.provenance.origin),
        );
        out.push(
            rules::OBJECT_NAME_TOO_LONG.finding(location,
                format!("the {} name: {error}", object.kind),
            )
            .with_help("shorten `appName` or the key the chart appends to it (CronJob `{appName}-cron-{key}` ≤ 52, Job/worker ≤ 63, Services ≤ 63 starting with a letter)")
            .with_env(env.env_name()),
        );
    }
}

/// The merged value that turns on a cluster-scoped kind.
fn cluster_scoped_cause(kind: &str) -> Option<&'static str> {
    match kind {
        "ClusterRole" | "ClusterRoleBinding" => Some("rbac.create"),
        "StorageClass" => Some("volume.storageClass.create"),
        _ => None,
    }
}

/// `cluster-scoped-object`: the platform's ArgoCD project only allows
/// `Namespace` at cluster scope.
fn check_cluster_scoped(
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    out: &mut Vec<Diagnostic>,
) {
    let mut by_cause: BTreeMap<&'static str, Vec<&str>> = BTreeMap::new();
    for object in objects.iter().filter(|o| o.is_cluster_scoped()) {
        if let Some(cause) = cluster_scoped_cause(&object.kind) {
            let kinds = by_cause.entry(cause).or_default();
            if !kinds.contains(&object.kind.as_str()) {
                kinds.push(&object.kind);
            }
        }
    }
    for (cause, kinds) in by_cause {
        let location = env
            .merged
            .get_dotted(cause)
            .map_or_else(|| Location::file_start(env.overlay), merged_location);
        out.push(
            rules::CLUSTER_SCOPED_OBJECT.finding(location,
                format!(
                    "`{cause}` renders the cluster-scoped {}: the platform's ArgoCD project allows only `Namespace` at cluster scope, so the sync fails",
                    kinds.join(" and ")
                ),
            )
            .with_help("remove the value: a service cannot own cluster-scoped objects; ask the platform team for the RBAC or StorageClass in the platform repository")
            .with_env(env.env_name()),
        );
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{cluster_scoped_cause, scalar_text};

    #[test]
    fn rendered_ports_compare_as_text() {
        assert_eq!(scalar_text(Some(&json!(8080))), Some("8080".to_owned()));
        assert_eq!(scalar_text(Some(&json!("http"))), Some("http".to_owned()));
        assert_eq!(scalar_text(Some(&json!({"a": 1}))), None);
        assert_eq!(scalar_text(None), None);
    }

    #[test]
    fn only_values_driven_cluster_kinds_have_a_cause() {
        assert_eq!(cluster_scoped_cause("ClusterRole"), Some("rbac.create"));
        assert_eq!(
            cluster_scoped_cause("StorageClass"),
            Some("volume.storageClass.create")
        );
        assert_eq!(cluster_scoped_cause("Namespace"), None);
    }
}
