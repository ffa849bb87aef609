//! `env-value-not-string`: container env values of the rendered workloads
//! that are not strings (the API server rejects the object).

use gg_render::RenderedObject;
use serde_json::Value;

use crate::checks::finding;
use crate::checks::rendered::{key_location, merged_at, scalar_text};
use crate::context::EnvContext;
use crate::diagnostic::{Diagnostic, Location};
use crate::locate::merged_location;

/// Where a pod spec sits in a rendered workload.
fn pod_spec(object: &RenderedObject) -> Option<&Value> {
    match object.kind.as_str() {
        "CronJob" => object
            .object
            .pointer("/spec/jobTemplate/spec/template/spec"),
        "Deployment" | "StatefulSet" | "DaemonSet" | "Job" => {
            object.object.pointer("/spec/template/spec")
        }
        _ => None,
    }
}

/// The values section a workload template renders from.
fn workload_section(object: &RenderedObject) -> Option<&'static str> {
    match (object.kind.as_str(), object.source.as_str()) {
        ("CronJob", _) => Some("cronjob"),
        ("Job", _) => Some("job"),
        ("Deployment", "app/templates/worker.yaml") => Some("worker"),
        _ => None,
    }
}

/// `env-value-not-string`: a container env `value` that is not a string (a
/// template printed it unquoted and YAML read a number or a boolean). The API
/// server rejects the whole object, so ArgoCD cannot sync it.
pub(super) fn check(
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    chart: &str,
    out: &mut Vec<Diagnostic>,
) {
    for object in objects {
        let Some(spec) = pod_spec(object) else {
            continue;
        };
        let containers = ["initContainers", "containers"]
            .iter()
            .filter_map(|list| spec.get(*list).and_then(Value::as_array))
            .flatten();
        for container in containers {
            let entries = container
                .get("env")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for entry in entries {
                let Some(value) = entry
                    .get("value")
                    .filter(|v| !v.is_string() && !v.is_null())
                else {
                    continue;
                };
                let name = scalar_text(entry.get("name")).unwrap_or_default();
                let cause = if name == "BUILD_ID" && env.user_set("buildId") {
                    env.merged.get_dotted("buildId")
                } else {
                    None
                };
                let location = match (cause, workload_section(object)) {
                    (Some(node), _) => merged_location(node),
                    (None, Some(section)) => merged_at(env, &[section])
                        .map_or_else(|| Location::file_start(env.overlay), key_location),
                    (None, None) => Location::file_start(env.overlay),
                };
                let mut problem = format!(
                    "the {} `{}` gets env `{name}` = {value}, not a string: the API server rejects the object, so ArgoCD cannot sync it",
                    object.kind, object.name
                );
                if name == "BUILD_ID" && object.kind == "CronJob" && !env.user_set("buildId") {
                    problem.push_str(&format!(
                        " (k8app {} writes `buildId | quote | default \"000\"`: without `buildId` the default is printed unquoted and reads as the number 0)",
                        chart
                    ));
                }
                out.push(
                    finding("env-value-not-string", location, problem)
                        .with_help("set `buildId` to a string (`buildId: \"1\"`, or let CI pass the build number), or quote the value the env entry comes from")
                        .with_env(env.env_name()),
                );
            }
        }
    }
}
