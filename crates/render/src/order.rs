//! `helm template` order: templates by path, objects of a template in the
//! order written, then stably by Helm's install order of kinds (unknown kinds
//! last, alphabetically); hooks (`helm.sh/hook`) after everything else.

use crate::RenderedObject;

/// Helm's `InstallOrder`.
const INSTALL_ORDER: [&str; 37] = [
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
];

/// Kinds that are not namespaced (among those rendered here).
pub(crate) fn cluster_scoped(kind: &str) -> bool {
    matches!(
        kind,
        "Namespace"
            | "ClusterRole"
            | "ClusterRoleBinding"
            | "StorageClass"
            | "PersistentVolume"
            | "PriorityClass"
            | "CustomResourceDefinition"
    )
}

fn is_hook(object: &RenderedObject) -> bool {
    object
        .object
        .get("metadata")
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("helm.sh/hook"))
        .is_some()
}

/// Sorts objects into `helm template` order (stable). Each object's rank is
/// computed once, not once per comparison.
pub(crate) fn sort(objects: &mut [RenderedObject]) {
    gg_sort::sort_by_cached_key(objects, |o| {
        let known = INSTALL_ORDER.iter().position(|k| *k == o.kind);
        let unknown_kind = if known.is_none() {
            o.kind.clone()
        } else {
            String::new()
        };
        (
            is_hook(o),
            known.is_none(),
            known.unwrap_or(0),
            unknown_kind,
            o.source.clone(),
        )
    });
}
