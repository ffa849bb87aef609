//! Each platform chart's own defaults (its `values.yaml`), modelled: the
//! values every template may rely on before the platform's files are merged
//! over them. The agreement test holds them to the charts' files.

use serde_json::{Value, json};

use super::charts::PlatformChart;

/// The chart's default values.
pub(crate) fn chart_defaults(chart: PlatformChart) -> Value {
    match chart {
        PlatformChart::Core => core(),
        PlatformChart::ServiceGroups => json!({"serviceGroups": {}, "dns": {}, "ingress": {}}),
        PlatformChart::Preview => preview(),
        PlatformChart::Ingress => ingress(),
    }
}

/// The name the chart's defaults go by in provenance and errors.
pub(crate) fn defaults_name(chart: PlatformChart) -> String {
    format!("{}/values.yaml", chart.name())
}

fn core() -> Value {
    let route = |name: &str, path: &str, service: &str, port: u16| {
        json!({"name": name, "path": path, "pathType": "PathPrefix",
            "serviceName": service, "servicePort": port})
    };
    json!({
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
                route("api", "/api", "api-gw-sv", 8080),
                route("frontend", "/", "sentry-frontend-sv", 4200)
            ]
        },
        "applicationSet": {"enabled": true, "name": "gitops-services", "project": ""},
        "job": {
            "enabled": true, "image": "hashicorp/vault:1.15", "backoffLimit": 3,
            "ttlSecondsAfterFinished": 300, "hook": "PreSync",
            "hookDeletePolicy": "HookSucceeded", "syncWave": "-10"
        },
        "previewEnvironments": {"enabled": false}
    })
}

fn preview() -> Value {
    json!({
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
    })
}

fn ingress() -> Value {
    json!({
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
    })
}
