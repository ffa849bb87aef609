//! The platform's own charts and how ArgoCD's platform Applications call
//! them (`argocd/platform-modules.yaml` of the platform repository): the
//! release, the namespace and the values files of each, in sync-wave order.

use serde::Serialize;

/// One of the platform repository's charts (`charts/<name>/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlatformChart {
    /// `platform-core`: namespaces, gateways, VaultAuth, the registry secret,
    /// the infra Applications, the services' ApplicationSet and the Vault
    /// bootstrap Job.
    Core,
    /// `service-groups`: a Gateway, HTTPRoutes and ReferenceGrants per group
    /// of infrastructure services.
    ServiceGroups,
    /// `preview-environments`: a pull-request ApplicationSet per service and
    /// the GitLab token it reads.
    Preview,
    /// `ingress-cloudflare`: the cloudflared tunnel and its routes.
    Ingress,
}

impl PlatformChart {
    /// Every chart, in the order ArgoCD syncs them (sync waves -10, -5, -4, -3).
    pub const ALL: [PlatformChart; 4] = [
        PlatformChart::Core,
        PlatformChart::ServiceGroups,
        PlatformChart::Preview,
        PlatformChart::Ingress,
    ];

    /// The chart's name (its directory below `charts/`).
    pub fn name(self) -> &'static str {
        match self {
            PlatformChart::Core => "platform-core",
            PlatformChart::ServiceGroups => "service-groups",
            PlatformChart::Preview => "preview-environments",
            PlatformChart::Ingress => "ingress-cloudflare",
        }
    }

    /// The Helm release: the name of the ArgoCD Application that renders it.
    pub fn release(self) -> &'static str {
        match self {
            PlatformChart::Core => "platform-core",
            PlatformChart::ServiceGroups => "platform-service-groups",
            PlatformChart::Preview => "platform-preview-envs",
            PlatformChart::Ingress => "platform-ingress",
        }
    }

    /// The release namespace (the Application's destination).
    pub fn namespace(self) -> &'static str {
        match self {
            PlatformChart::Core => "vault",
            PlatformChart::ServiceGroups => "platform",
            PlatformChart::Preview => "argocd",
            PlatformChart::Ingress => "cloudflare",
        }
    }

    /// The values files the Application passes, lowest priority first,
    /// relative to the platform root.
    pub fn values_files(self) -> &'static [&'static str] {
        match self {
            PlatformChart::Core => &[BASE, "platform/core.yaml"],
            PlatformChart::ServiceGroups => &[BASE, SERVICE_GROUPS],
            PlatformChart::Preview => &[BASE, "platform/preview.yaml"],
            PlatformChart::Ingress => &[BASE, SERVICE_GROUPS, "platform/ingress.yaml"],
        }
    }

    /// The chart's own defaults (its `values.yaml`), as modelled.
    pub fn default_values(self) -> serde_json::Value {
        super::defaults::chart_defaults(self)
    }

    /// The file whose presence enables the chart (`None`: always rendered).
    pub fn enabled_by(self) -> Option<&'static str> {
        match self {
            PlatformChart::Core => None,
            PlatformChart::ServiceGroups => Some(SERVICE_GROUPS),
            PlatformChart::Preview => Some("platform/preview.yaml"),
            PlatformChart::Ingress => Some("platform/ingress.yaml"),
        }
    }
}

impl std::fmt::Display for PlatformChart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

const BASE: &str = "platform/base.yaml";
const SERVICE_GROUPS: &str = "platform/service-groups.yaml";
