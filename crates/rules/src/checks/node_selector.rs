//! `node-selector-ignored`: k8app writes `nodeSelector` into the pods of
//! workers, Jobs and CronJobs, never into the main Deployment's (no release
//! from 3.4.0 to 3.13.0 does), so a selector meant for the service leaves its
//! main pods free to land on any node.
//!
//! The rendered main Deployment decides, so a release that writes the
//! selector would silence the check by itself.

use gg_k8app::ChartVersion;
use gg_render::RenderedObject;
use serde_json::Value;

use crate::checks::rendered::shown;
use crate::context::EnvContext;
use crate::json::pod::pod_spec;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;
use gg_platform::locate::key_location;

/// The template of the main Deployment.
const MAIN_DEPLOYMENT: &str = "app/templates/deployment.yaml";

/// Whether a rendered object's pod spec carries a non-empty `nodeSelector`.
fn selects_nodes(object: &RenderedObject) -> bool {
    pod_spec(&object.kind, &object.object)
        .and_then(|(_, spec)| spec.get("nodeSelector"))
        .is_some_and(|selector| match selector {
            Value::Object(map) => !map.is_empty(),
            Value::Null => false,
            _ => true,
        })
}

/// Reports a `nodeSelector` a values file sets that the rendered main
/// Deployment does not carry.
pub(super) fn check(
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    chart: ChartVersion,
    out: &mut Vec<Diagnostic>,
) {
    let Some(node) = env
        .merged
        .get_dotted("nodeSelector")
        .filter(|node| node.is_truthy())
    else {
        return;
    };
    if !env.user_set("nodeSelector") {
        return;
    }
    let Some(main) = objects
        .iter()
        .find(|o| o.kind == "Deployment" && o.source == MAIN_DEPLOYMENT)
    else {
        return;
    };
    if selects_nodes(main) {
        return;
    }
    let honoured: Vec<String> = objects
        .iter()
        .filter(|o| selects_nodes(o))
        .map(shown)
        .collect();
    let others = if honoured.is_empty() {
        "no other object of the release reads it either".to_owned()
    } else {
        format!("it reaches only the {}", honoured.join(", the "))
    };
    let (first, last) = (
        ChartVersion::releases().next(),
        ChartVersion::releases().next_back(),
    );
    let releases = match (first, last) {
        (Some(first), Some(last)) => format!("no k8app release from {first} to {last} does"),
        _ => "no k8app release does".to_owned(),
    };
    out.push(
        rules::NODE_SELECTOR_IGNORED
            .finding(key_location(&node.provenance.origin), format!(
                "k8app {chart} does not write `nodeSelector` into the main Deployment `{}` ({releases}): its pods schedule on any node; {others}",
                main.name
            ))
            .with_help("k8app cannot pin the main Deployment to nodes: ask the platform team for a default node selector on the namespace (PodNodeSelector); if the selector is meant for the workers, Jobs and CronJobs only, suppress this finding with that reason")
            .with_env(env.env_name()),
    );
}

#[cfg(test)]
mod tests {
    use gg_render::RenderedObject;
    use serde_json::{Value, json};

    use super::selects_nodes;

    fn deployment(pod: Value) -> RenderedObject {
        RenderedObject {
            api_version: "apps/v1".to_owned(),
            kind: "Deployment".to_owned(),
            name: "orders".to_owned(),
            namespace: None,
            source: super::MAIN_DEPLOYMENT.to_owned(),
            values: Vec::new(),
            object: json!({"spec": {"template": {"spec": pod}}}),
            problems: Vec::new(),
        }
    }

    #[test]
    fn only_a_non_empty_selector_selects_nodes() {
        assert!(selects_nodes(&deployment(
            json!({"nodeSelector": {"pool": "batch"}})
        )));
        assert!(!selects_nodes(&deployment(json!({"nodeSelector": {}}))));
        assert!(!selects_nodes(&deployment(json!({"nodeSelector": null}))));
        assert!(!selects_nodes(&deployment(json!({}))));
    }
}
