//! Built-in API versions Kubernetes stopped serving, and the release that
//! stopped: an object written in one is refused by the API server of that
//! release and later ("no matches for kind … in version …"), so ArgoCD
//! cannot sync it.

use gg_platform::KubeVersion;

/// `(apiVersion, kind, removed in)`; kind `*` for every kind of the version.
/// From Kubernetes' deprecated API migration guide, for the kinds a chart
/// may write.
const REMOVED: [(&str, &str, KubeVersion); 14] = [
    ("extensions/v1beta1", "*", KubeVersion::new(1, 16)),
    ("apps/v1beta1", "*", KubeVersion::new(1, 16)),
    ("apps/v1beta2", "*", KubeVersion::new(1, 16)),
    ("networking.k8s.io/v1beta1", "*", KubeVersion::new(1, 22)),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "*",
        KubeVersion::new(1, 22),
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "*",
        KubeVersion::new(1, 22),
    ),
    ("apiextensions.k8s.io/v1beta1", "*", KubeVersion::new(1, 22)),
    ("scheduling.k8s.io/v1beta1", "*", KubeVersion::new(1, 22)),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        KubeVersion::new(1, 22),
    ),
    ("batch/v1beta1", "*", KubeVersion::new(1, 25)),
    ("policy/v1beta1", "*", KubeVersion::new(1, 25)),
    ("autoscaling/v2beta1", "*", KubeVersion::new(1, 25)),
    ("autoscaling/v2beta2", "*", KubeVersion::new(1, 26)),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "*",
        KubeVersion::new(1, 29),
    ),
];

/// The Kubernetes release that stopped serving `kind` in `api_version`, if
/// one did.
pub(crate) fn removed_in(api_version: &str, kind: &str) -> Option<KubeVersion> {
    REMOVED
        .iter()
        .find(|(version, removed_kind, _)| {
            *version == api_version && (*removed_kind == "*" || *removed_kind == kind)
        })
        .map(|(_, _, release)| *release)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removals_are_found_by_version_and_kind() {
        assert_eq!(
            removed_in("policy/v1beta1", "PodDisruptionBudget"),
            Some(KubeVersion::new(1, 25))
        );
        assert_eq!(
            removed_in("rbac.authorization.k8s.io/v1beta1", "ClusterRole"),
            Some(KubeVersion::new(1, 22))
        );
        assert_eq!(removed_in("storage.k8s.io/v1beta1", "CSINode"), None);
        assert_eq!(removed_in("policy/v1", "PodDisruptionBudget"), None);
        assert_eq!(removed_in("apps/v1", "Deployment"), None);
    }
}
