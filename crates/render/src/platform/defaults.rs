//! Each platform chart's own defaults (its `values.yaml`), modelled: the
//! values every template may rely on before the platform's files are merged
//! over them. The agreement test holds them to the charts' files.
//!
//! The defaults are JSON texts parsed when a chart is rendered: as data they
//! take a fraction of the bytes the same values take as code building them.

use serde_json::Value;

use super::charts::PlatformChart;

/// The chart's default values.
pub(crate) fn chart_defaults(chart: PlatformChart) -> Value {
    // Each text is a JSON object (a unit test parses every one).
    serde_json::from_str(defaults_text(chart)).unwrap_or_default()
}

/// The name the chart's defaults go by in provenance and errors.
pub(crate) fn defaults_name(chart: PlatformChart) -> String {
    format!("{}/values.yaml", chart.name())
}

/// The chart's defaults as JSON text.
fn defaults_text(chart: PlatformChart) -> &'static str {
    match chart {
        PlatformChart::Core => CORE,
        PlatformChart::ServiceGroups => r#"{"serviceGroups": {}, "dns": {}, "ingress": {}}"#,
        PlatformChart::Preview => PREVIEW,
        PlatformChart::Ingress => INGRESS,
    }
}

const CORE: &str = r#"{
    "global": {}, "environments": {}, "services": {}, "vault": {}, "vaultAuth": {},
    "registry": {}, "dns": {}, "ingress": {},
    "infra": {"enabled": true},
    "namespaces": {"enabled": true, "labels": {"app.kubernetes.io/managed-by": "platform-core"}},
    "gateway": {
        "enabled": true,
        "gatewayClassName": "cilium",
        "listener": {"name": "http-app", "protocol": "HTTP", "port": 80},
        "certManager": {"enabled": false}
    },
    "domainMirrors": {
        "enabled": true, "addToGateway": true, "createDNS": true, "addToTunnel": true,
        "defaultRoutes": [
            {"name": "api", "path": "/api", "pathType": "PathPrefix",
                "serviceName": "api-gw-sv", "servicePort": 8080},
            {"name": "frontend", "path": "/", "pathType": "PathPrefix",
                "serviceName": "sentry-frontend-sv", "servicePort": 4200}
        ]
    },
    "applicationSet": {"enabled": true, "name": "gitops-services", "project": ""},
    "job": {
        "enabled": true, "image": "hashicorp/vault:1.15", "backoffLimit": 3,
        "ttlSecondsAfterFinished": 300, "hook": "PreSync",
        "hookDeletePolicy": "HookSucceeded", "syncWave": "-10"
    },
    "previewEnvironments": {"enabled": false}
}"#;

const PREVIEW: &str = r#"{
    "previewEnvironments": {
        "enabled": false,
        "vault": {"enabled": true, "path": ""},
        "baseDomain": "",
        "zoneId": "",
        "gitlab": {
            "api": "https://gitlab.com/",
            "tokenRef": {"secretName": "gitlab-preview-token", "key": "token"},
            "requeueAfterSeconds": 60
        },
        "services": {},
        "gateway": {"namespace": "", "gatewayClassName": "cilium", "protocol": "HTTP", "port": 80}
    },
    "global": {}, "vault": {}, "vaultAuth": {}
}"#;

const INGRESS: &str = r#"{
    "global": {"namespacePrefix": "poc"},
    "ingress": {
        "provider": "cloudflare-tunnel",
        "cloudflare": {
            "enabled": true, "tunnelId": "", "credentialsSecret": "cloudflared-credentials",
            "replicas": 2, "namespace": "cloudflare"
        }
    },
    "domainMirrors": {"enabled": true, "addToTunnel": true},
    "environments": {}, "serviceGroups": {}, "previewEnvironments": {}
}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_has_its_defaults_as_an_object() {
        for chart in PlatformChart::ALL {
            let parsed: Result<Value, _> = serde_json::from_str(defaults_text(chart));
            assert!(
                parsed.as_ref().is_ok_and(Value::is_object),
                "{}: {parsed:?}",
                chart.name()
            );
        }
    }
}
