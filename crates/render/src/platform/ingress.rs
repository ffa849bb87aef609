//! ingress-cloudflare's templates: with the Cloudflare tunnel as ingress
//! provider (enabled, with a tunnel id), cloudflared's ConfigMap — a route
//! per environment domain and mirror, per service-group service and for the
//! preview wildcard, then a catch-all 404 — and its Namespace and
//! Deployment, restarted through a checksum of the routes.

use serde_json::Value;

use super::Template;
use super::service_groups::{cluster_name, hostname};
use super::text::{Tmpl, or_str, s, show, to_int};
use crate::error::RenderError;
use crate::gotmpl::{self, Val};

/// The templates, in the order Helm executes them.
pub(super) const TEMPLATES: &[Template] = &[
    (
        "ingress-cloudflare/templates/cloudflared-deployment.yaml",
        |t, _| deployment(t),
    ),
    (
        "ingress-cloudflare/templates/cloudflared-config.yaml",
        |t, _| config_map(t),
    ),
];

/// One route of the tunnel: a hostname as the ConfigMap prints it and as
/// the checksum's `printf "%s"` formats it, and the gateway service behind it.
struct Route {
    hostname: String,
    formatted: String,
    service: String,
}

impl Route {
    /// A route to a hostname value.
    fn to(value: Val<'_>, service: &str) -> Self {
        Self {
            hostname: show(value),
            formatted: s(value),
            service: service.to_owned(),
        }
    }
}

/// Whether the tunnel is rendered: provider `cloudflare-tunnel`, enabled,
/// with a tunnel id.
fn tunnel(t: &Tmpl<'_>) -> Result<bool, RenderError> {
    let provider = gotmpl::eq_str(t.get("ingress.provider")?, "cloudflare-tunnel", "eq")
        .map_err(|e| t.fail(e))?;
    Ok(provider
        && gotmpl::truthy(t.get("ingress.cloudflare.enabled")?)
        && gotmpl::truthy(t.get("ingress.cloudflare.tunnelId")?))
}

/// `.Values.ingress.cloudflare.namespace | default "cloudflare"`.
fn namespace(t: &Tmpl<'_>) -> Result<String, RenderError> {
    let fallback = Value::String("cloudflare".to_owned());
    Ok(show(or_str(
        t.get("ingress.cloudflare.namespace")?,
        &fallback,
    )))
}

/// `x | default 80 | int`.
fn port_int(value: Val<'_>) -> i64 {
    let eighty = Value::from(80);
    to_int(gotmpl::default(value, Some(&eighty)))
}

/// The routes, each group of them after the comment the config gives it.
fn routes(t: &Tmpl<'_>) -> Result<Vec<(String, Vec<Route>)>, RenderError> {
    let mut out = Vec::new();
    for (name, env) in t.enabled(t.get("environments")?)? {
        let domain = t.field(Some(env), "domain")?;
        if !gotmpl::truthy(domain) {
            continue;
        }
        let service = gotmpl::printf(
            "http://cilium-gateway-gateway.%s-%s.svc.cluster.local:80",
            &[
                t.get("global.namespacePrefix")?,
                Some(&Value::String(name.verb_s())),
            ],
        );
        let mut routes = vec![Route::to(domain, &service)];
        let mirrors = t.field(Some(env), "mirrors")?;
        let with_mirrors = gotmpl::truthy(t.get("domainMirrors.enabled")?)
            && gotmpl::truthy(t.get("domainMirrors.addToTunnel")?)
            && gotmpl::truthy(mirrors);
        if with_mirrors {
            for (_, mirror) in t.range(mirrors)? {
                routes.push(Route::to(t.field(Some(mirror), "domain")?, &service));
            }
        }
        out.push((format!("environment {name}"), routes));
    }
    let fallback = Value::String("default".to_owned());
    for (name, group) in t.enabled(t.get("serviceGroups")?)? {
        let cluster = cluster_name(t, group, &fallback)?;
        let base_domain = t.field(Some(group), "baseDomain")?;
        let port = port_int(t.field(Some(group), "gateway.port")?);
        let host = gotmpl::printf(
            "http://cilium-gateway-gateway-%s.%s.svc.cluster.local",
            &[
                Some(&Value::String(name.verb_s())),
                t.field(Some(group), "gatewayNamespace")?,
            ],
        );
        let service = format!("{host}:{port}");
        let mut routes = Vec::new();
        for (_, svc) in t.enabled(t.field(Some(group), "services")?)? {
            let host = Value::String(hostname(t, svc, cluster, base_domain)?);
            routes.push(Route::to(Some(&host), &service));
        }
        out.push((format!("service group {name}"), routes));
    }
    if gotmpl::truthy(t.get("previewEnvironments.enabled")?) {
        let port = port_int(t.get("previewEnvironments.gateway.port")?);
        let host = gotmpl::printf(
            "http://cilium-gateway-gateway.%s.svc.cluster.local",
            &[t.get("previewEnvironments.gateway.namespace")?],
        );
        let service = format!("{host}:{port}");
        let base = t.get("previewEnvironments.baseDomain")?;
        out.push((
            "previews".to_owned(),
            vec![Route {
                hostname: format!("\"*.{}\"", show(base)),
                formatted: format!("*.{}", s(base)),
                service,
            }],
        ));
    }
    Ok(out)
}

/// Renders `cloudflared-config.yaml`.
fn config_map(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !tunnel(t)? {
        return Ok(());
    }
    let namespace = namespace(t)?;
    let id = show(t.get("ingress.cloudflare.tunnelId")?);
    t.push(&format!(
        "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cloudflared-config\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: ingress-cloudflare\n    app.kubernetes.io/component: cloudflare-tunnel\n  annotations:\n    reloader.stakater.com/auto: \"true\"\ndata:\n  config.yaml: |\n    tunnel: {id}\n\n    credentials-file: /etc/cloudflared/credentials.json\n\n    metrics: 0.0.0.0:2000\n\n    ingress:"
    ));
    for (comment, routes) in routes(t)? {
        t.push(&format!("\n      # {comment}"));
        for route in routes {
            t.push(&format!(
                "\n      - hostname: {}\n        service: {}",
                route.hostname, route.service
            ));
        }
    }
    t.push("\n      - service: http_status:404");
    Ok(())
}

/// The configuration text the Deployment's checksum is taken of (built by
/// the template apart from the ConfigMap, without its comments).
fn checksum_text(t: &Tmpl<'_>) -> Result<String, RenderError> {
    let id = t.get("ingress.cloudflare.tunnelId")?;
    let mut text = gotmpl::printf("tunnel: %s\n", &[id]);
    text.push_str(
        "credentials-file: /etc/cloudflared/credentials.json\nmetrics: 0.0.0.0:2000\ningress:\n",
    );
    for (_, routes) in routes(t)? {
        for route in routes {
            text.push_str(&format!(
                "  - hostname: {}\n    service: {}\n",
                route.formatted, route.service
            ));
        }
    }
    text.push_str("  - service: http_status:404\n");
    Ok(text)
}

/// Renders `cloudflared-deployment.yaml`.
fn deployment(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !tunnel(t)? {
        return Ok(());
    }
    let checksum = gotmpl::sha256sum(&checksum_text(t)?);
    let namespace = namespace(t)?;
    let two = Value::from(2);
    let replicas = show(gotmpl::default(
        t.get("ingress.cloudflare.replicas")?,
        Some(&two),
    ));
    let fallback = Value::String("cloudflared-credentials".to_owned());
    let credentials = show(or_str(
        t.get("ingress.cloudflare.credentialsSecret")?,
        &fallback,
    ));
    t.push(&format!(
        "\n\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n  labels:\n    app.kubernetes.io/name: cloudflare-tunnel\n    app.kubernetes.io/managed-by: ingress-cloudflare\n\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cloudflared\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: cloudflared\n    app.kubernetes.io/component: tunnel\n    app.kubernetes.io/managed-by: ingress-cloudflare\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: cloudflared\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n      maxSurge: 1\n  template:\n    metadata:\n      labels:\n        app: cloudflared\n        app.kubernetes.io/name: cloudflared\n      annotations:\n        checksum/config: {checksum}\n    spec:\n      containers:\n        - name: cloudflared\n          image: cloudflare/cloudflared:2024.12.2\n          args:\n            - tunnel\n            - --no-autoupdate\n            - --config\n            - /etc/cloudflared/config.yaml\n            - run\n          volumeMounts:\n            - name: config\n              mountPath: /etc/cloudflared/config.yaml\n              subPath: config.yaml\n              readOnly: true\n            - name: credentials\n              mountPath: /etc/cloudflared/credentials.json\n              subPath: credentials.json\n              readOnly: true\n          resources:\n            requests:\n              cpu: 10m\n              memory: 64Mi\n            limits:\n              cpu: 200m\n              memory: 256Mi\n          livenessProbe:\n            httpGet:\n              path: /ready\n              port: 2000\n            failureThreshold: 3\n            initialDelaySeconds: 10\n            periodSeconds: 10\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 2000\n            initialDelaySeconds: 5\n            periodSeconds: 5\n          securityContext:\n            readOnlyRootFilesystem: true\n            runAsNonRoot: true\n            runAsUser: 65532\n            capabilities:\n              drop:\n                - ALL\n      volumes:\n        - name: config\n          configMap:\n            name: cloudflared-config\n        - name: credentials\n          secret:\n            secretName: {credentials}\n      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 100\n              podAffinityTerm:\n                labelSelector:\n                  matchLabels:\n                    app: cloudflared\n                topologyKey: kubernetes.io/hostname"
    ));
    Ok(())
}
