//! `env-value-not-string`: container env values of the rendered workloads
//! that are not strings (the API server rejects the object).

use gg_k8app::ChartVersion;
use gg_render::RenderedObject;
use serde_json::Value;

use crate::checks::rendered::{WORKER_TEMPLATE, merged_at, scalar_text};
use crate::context::EnvContext;
use crate::json::pod::{containers, pod_spec};
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::key_location;

/// The values section a workload template renders from.
fn workload_section(object: &RenderedObject) -> Option<&'static str> {
    match (object.kind.as_str(), object.source.as_str()) {
        ("CronJob", _) => Some("cronjob"),
        ("Job", _) => Some("job"),
        ("Deployment", WORKER_TEMPLATE) => Some("worker"),
        _ => None,
    }
}

/// The env entries of every container of a rendered workload.
fn env_entries(object: &RenderedObject) -> impl Iterator<Item = &Value> {
    pod_spec(&object.kind, &object.object)
        .into_iter()
        .flat_map(|(_, spec)| containers(spec))
        .filter_map(|(_, _, container)| container.get("env").and_then(Value::as_array))
        .flatten()
}

/// Where to point for a non-string env entry: the section that renders the
/// workload. (A `buildId` written in a file is always printed quoted; one
/// written as null deletes the key, as if it were not there.)
fn entry_location(env: &EnvContext<'_>, object: &RenderedObject) -> Location {
    workload_section(object)
        .and_then(|section| merged_at(env, &[section]))
        .map_or_else(
            || Location::file_start(env.overlay),
            |node| key_location(&node.provenance.origin),
        )
}

/// `env-value-not-string`: a container env `value` that is not a string (a
/// template printed it unquoted and YAML read a number or a boolean). The API
/// server rejects the whole object, so ArgoCD cannot sync it.
pub(super) fn check(
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    chart: ChartVersion,
    out: &mut Vec<Diagnostic>,
) {
    for object in objects {
        for entry in env_entries(object) {
            let Some(value) = entry
                .get("value")
                .filter(|v| !v.is_string() && !v.is_null())
            else {
                continue;
            };
            let name = scalar_text(entry.get("name")).unwrap_or_default();
            let mut problem = format!(
                "the {} `{}` gets env `{name}` = {value}, not a string: the API server rejects the object, so ArgoCD cannot sync it",
                object.kind, object.name
            );
            if name == "BUILD_ID" && object.kind == "CronJob" {
                problem.push_str(&format!(
                    " (k8app {chart} writes `buildId | quote | default \"000\"`: without a `buildId` the default is printed unquoted and reads as the number 0)"
                ));
            }
            out.push(
                rules::ENV_VALUE_NOT_STRING.finding(entry_location(env, object), problem)
                    .with_help("set `buildId` to a string (`buildId: \"1\"`, or let CI pass the build number), or quote the value the env entry comes from")
                    .with_env(env.env_name()),
            );
        }
    }
}
