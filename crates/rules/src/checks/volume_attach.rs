//! `volume-multi-attach`: a ReadWriteOnce (or ReadWriteOncePod) claim that
//! more than one pod mounts — the main Deployment's replicas, its HPA's
//! maximum, the workers that mount the claim too. k8app spreads the main
//! Deployment's pods over nodes (a preferred pod anti-affinity on the
//! hostname), and a ReadWriteOnce volume attaches to one node only: the pods
//! elsewhere hang in ContainerCreating with a Multi-Attach error.
//!
//! The rendered objects decide: the claim's access modes, which Deployments
//! mount it, their replicas and the HorizontalPodAutoscaler scaling them.

use gg_render::RenderedObject;
use serde_json::Value;

use crate::checks::rendered::{WORKER_TEMPLATE, merged_at, scalar_text, shown, spec_entry};
use crate::context::EnvContext;
use crate::json::pod::pod_spec;
use gg_diagnostic::rules;
use gg_diagnostic::{Diagnostic, Location};
use gg_platform::locate::{key_location, merged_location};
use gg_yaml::{LayerKind, MergedNode};

/// The access modes that let one node (or one pod) use a volume.
const SINGLE_NODE_MODES: [&str; 2] = ["ReadWriteOnce", "ReadWriteOncePod"];

/// A Deployment that mounts the claim, and how many pods it may run.
struct Mounter<'o> {
    object: &'o RenderedObject,
    pods: u64,
    /// The HorizontalPodAutoscaler that sets `pods`, if one does.
    autoscaler: Option<&'o str>,
}

impl Mounter<'_> {
    /// How the message names it: `Deployment `orders` (3 replicas)`.
    fn describe(&self) -> String {
        let count = match self.autoscaler {
            Some(hpa) => format!("HPA `{hpa}` scales it up to {} replicas", self.pods),
            None if self.pods == 1 => "1 replica".to_owned(),
            None => format!("{} replicas", self.pods),
        };
        format!("{} ({count})", shown(self.object))
    }
}

/// The claim's access modes when every one of them binds the volume to a
/// single node, else `None`.
fn single_node_modes(claim: &RenderedObject) -> Option<Vec<&str>> {
    let modes: Vec<&str> = claim
        .object
        .pointer("/spec/accessModes")?
        .as_array()?
        .iter()
        .map(Value::as_str)
        .collect::<Option<_>>()?;
    (!modes.is_empty() && modes.iter().all(|mode| SINGLE_NODE_MODES.contains(mode)))
        .then_some(modes)
}

/// Whether a pod spec mounts the claim `name`.
fn mounts_claim(spec: &Value, name: &str) -> bool {
    spec.get("volumes")
        .and_then(Value::as_array)
        .is_some_and(|volumes| {
            volumes.iter().any(|volume| {
                volume
                    .pointer("/persistentVolumeClaim/claimName")
                    .and_then(Value::as_str)
                    == Some(name)
            })
        })
}

/// A count the renderer printed (replicas, maxReplicas).
fn count(value: Option<&Value>) -> Option<u64> {
    scalar_text(value)?.parse().ok()
}

/// The Deployments mounting claim `name`, each with the pods it may run;
/// `None` when a count cannot be read.
fn mounters<'o>(objects: &'o [RenderedObject], name: &str) -> Option<Vec<Mounter<'o>>> {
    let mut found = Vec::new();
    for object in objects.iter().filter(|o| o.kind == "Deployment") {
        let Some((_, spec)) = pod_spec(&object.kind, &object.object) else {
            continue;
        };
        if !mounts_claim(spec, name) {
            continue;
        }
        let autoscaler = objects.iter().find(|o| {
            o.kind == "HorizontalPodAutoscaler"
                && o.object.pointer("/spec/scaleTargetRef/kind") == Some(&Value::from("Deployment"))
                && o.object.pointer("/spec/scaleTargetRef/name")
                    == Some(&Value::from(object.name.as_str()))
        });
        let replicas = match object.object.pointer("/spec/replicas") {
            None | Some(Value::Null) => 1,
            replicas => count(replicas)?,
        };
        let mounter = match autoscaler {
            Some(hpa) => Mounter {
                object,
                pods: count(hpa.object.pointer("/spec/maxReplicas"))?.max(replicas),
                autoscaler: Some(&hpa.name),
            },
            None => Mounter {
                object,
                pods: replicas,
                autoscaler: None,
            },
        };
        found.push(mounter);
    }
    Some(found)
}

/// A value a values file (not the chart's defaults) sets.
fn user_value<'m>(env: &'m EnvContext<'_>, path: &[&str]) -> Option<&'m MergedNode> {
    merged_at(env, path).filter(|node| node.provenance.origin.kind != LayerKind::ChartDefaults)
}

/// Where the finding points: the access modes a file writes, else the
/// storage size, else `volume.enabled`.
fn volume_location(env: &EnvContext<'_>) -> Location {
    if let Some(modes) = user_value(env, &["volume", "accessModes"]) {
        return key_location(&modes.provenance.origin);
    }
    [
        &["volume", "resources", "requests", "storage"][..],
        &["volume", "enabled"][..],
    ]
    .iter()
    .find_map(|path| user_value(env, path))
    .map_or_else(|| Location::file_start(env.overlay), merged_location)
}

/// The value a file sets that decides a mounter's pod count, and what it
/// is, for a related note.
fn count_source<'m>(
    env: &'m EnvContext<'_>,
    mounter: &Mounter<'_>,
) -> Option<(&'m MergedNode, &'static str)> {
    if mounter.autoscaler.is_some() {
        return user_value(env, &["hpa", "maxReplicas"]).map(|node| (node, "the HPA's maximum"));
    }
    if mounter.object.source == WORKER_TEMPLATE {
        return spec_entry(env, mounter.object, env.app_name())?
            .child("replicas")
            .filter(|node| node.provenance.origin.kind != LayerKind::ChartDefaults)
            .map(|node| (node, "the worker's replicas"));
    }
    user_value(env, &["replicas"]).map(|node| (node, "the main Deployment's replicas"))
}

/// Reports every single-node claim more than one pod mounts.
pub(super) fn check(env: &EnvContext<'_>, objects: &[RenderedObject], out: &mut Vec<Diagnostic>) {
    for claim in objects.iter().filter(|o| o.kind == "PersistentVolumeClaim") {
        let Some(modes) = single_node_modes(claim) else {
            continue;
        };
        let Some(mounters) = mounters(objects, &claim.name) else {
            continue;
        };
        let pods: u64 = mounters.iter().map(|m| m.pods).sum();
        if pods < 2 {
            continue;
        }
        let described: Vec<String> = mounters.iter().map(Mounter::describe).collect();
        let mut finding = rules::VOLUME_MULTI_ATTACH
            .finding(volume_location(env), format!(
                "the {} volume of PersistentVolumeClaim `{}` attaches to one node, but up to {pods} pods mount it: {}",
                modes.join("/"),
                claim.name,
                described.join(", ")
            ))
            .with_help("run one pod (`replicas: 1`, no HPA, no worker mounting the volume) with `strategy.type: Recreate`, or use a storage class that supports `ReadWriteMany` and set `volume.accessModes: [ReadWriteMany]`")
            .with_env(env.env_name());
        for mounter in &mounters {
            if let Some((node, what)) = count_source(env, mounter) {
                finding = finding.with_related(merged_location(node), what);
            }
        }
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{count, mounts_claim};

    #[test]
    fn a_pod_mounts_a_claim_by_its_name() {
        let spec = json!({"volumes": [{"name": "x", "persistentVolumeClaim": {"claimName": "orders-claim"}}]});
        assert!(mounts_claim(&spec, "orders-claim"));
        assert!(!mounts_claim(&spec, "other-claim"));
        assert!(!mounts_claim(&json!({"volumes": null}), "orders-claim"));
    }

    #[test]
    fn counts_read_numbers_and_numeric_strings() {
        assert_eq!(count(Some(&json!(3))), Some(3));
        assert_eq!(count(Some(&json!("3"))), Some(3));
        assert_eq!(count(Some(&json!("many"))), None);
        assert_eq!(count(None), None);
    }
}
