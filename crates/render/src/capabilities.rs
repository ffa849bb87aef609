//! `.Capabilities.APIVersions` as `helm template` sees it: the API versions
//! Helm knows without a cluster, plus those given with `--api-versions`.

/// The group/versions `helm template` (Helm 3.17, Kubernetes client 1.32)
/// serves without a cluster: its built-in scheme plus the CRD API.
const HELM_BUILT_IN: [&str; 56] = [
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1alpha1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1alpha1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

/// The Prometheus Operator's API, which the platform's clusters serve and
/// ArgoCD passes to Helm.
pub const MONITORING_API: &str = "monitoring.coreos.com/v1";

/// What `.Capabilities.APIVersions` holds for a render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiVersions {
    /// The versions given with `--api-versions`, as written.
    extra: Vec<String>,
}

impl ApiVersions {
    /// Helm's built-in versions plus `extra` (`--api-versions`, repeatable:
    /// `GROUP/VERSION` or `GROUP/VERSION/KIND`, each matched as written).
    pub fn with_extra<I, S>(extra: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            extra: extra.into_iter().map(Into::into).collect(),
        }
    }

    /// What the platform's clusters serve by default: Helm's built-in
    /// versions plus [`gg_platform::PLATFORM_API_VERSIONS`] (the Prometheus
    /// Operator's [`MONITORING_API`] among them).
    pub fn platform() -> Self {
        Self::with_extra(gg_platform::PLATFORM_API_VERSIONS)
    }

    /// `.Capabilities.APIVersions.Has`: an exact match of the text, so
    /// `apps/v1/Deployment` is not served unless given in that form.
    pub fn has(&self, api_version: &str) -> bool {
        HELM_BUILT_IN.contains(&api_version) || self.extra.iter().any(|v| v == api_version)
    }

    /// The versions given beyond Helm's built-in ones.
    pub fn extra(&self) -> &[String] {
        &self.extra
    }

    /// The versions Helm serves without a cluster and without `--api-versions`.
    pub fn helm_built_in() -> &'static [&'static str] {
        &HELM_BUILT_IN
    }
}

impl Default for ApiVersions {
    fn default() -> Self {
        Self::platform()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_matches_the_text_as_helm_does() {
        let plain = ApiVersions::with_extra(Vec::<String>::new());
        assert!(plain.has("apps/v1"));
        assert!(plain.has("policy/v1beta1"));
        assert!(!plain.has("apps/v1/Deployment"));
        assert!(!plain.has(MONITORING_API));
        let kinds = ApiVersions::with_extra(["x.io/v1/Foo"]);
        assert!(kinds.has("x.io/v1/Foo"));
        assert!(!kinds.has("x.io/v1"));
        assert!(ApiVersions::platform().has(MONITORING_API));
    }
}
