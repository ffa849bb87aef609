//! `gateway.yaml`: per enabled environment with a domain, the Gateway
//! `gateway` in `{namespacePrefix}-{env}` (listener `http-app`, one
//! `http-mirror-N` per mirror, `http-preview` in the preview namespace), its
//! external-dns annotations and, for HTTPS with cert-manager, a Certificate.
//! An environment without a domain gets two comment lines instead — written
//! straight after the text before them, as the template writes them.

use serde_json::Value;

use crate::error::RenderError;
use crate::gotmpl::{self, Key, Val};
use crate::platform::text::{Tmpl, or_str, quote, s, show};

/// Renders `gateway.yaml`.
pub(super) fn render(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("gateway.enabled")?) {
        return Ok(());
    }
    for (name, env) in t.enabled(t.get("environments")?)? {
        if gotmpl::truthy(t.field(Some(env), "domain")?) {
            gateway(t, &name, env)?;
        } else {
            t.push(&format!("# WARNING: Environment {name} has no domain configured!\n# Gateway not created. Add 'domain' to environments.{name} in values.yaml"));
        }
    }
    Ok(())
}

fn gateway<'v>(t: &mut Tmpl<'v>, name: &Key, env: &'v Value) -> Result<(), RenderError> {
    let namespace = format!("{}-{}", s(t.get("global.namespacePrefix")?), name.verb_s());
    let http_app = Value::String("http-app".to_owned());
    let listener = show(or_str(t.get("gateway.listener.name")?, &http_app));
    let domain = t.field(Some(env), "domain")?;
    let mirrors = t.field(Some(env), "mirrors")?;
    if gotmpl::truthy(t.get("domainMirrors.enabled")?) && gotmpl::truthy(mirrors) {
        for (_, mirror) in t.range(mirrors)? {
            t.field(Some(mirror), "domain")?;
        }
    }
    t.push(&format!(
        "\n\n\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gateway\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: gateway\n    environment: {name}"
    ));
    let cert_manager = gotmpl::truthy(t.get("gateway.certManager.enabled")?);
    let dns = gotmpl::truthy(t.get("dns.enabled")?);
    if cert_manager || dns {
        t.push("\n  annotations:");
        if cert_manager {
            let issuer = show(t.get("gateway.certManager.clusterIssuer")?);
            t.push(&format!("\n    cert-manager.io/cluster-issuer: {issuer}"));
        }
        if dns {
            dns_annotations(t, domain, mirrors, &namespace)?;
        }
    }
    let class = show(t.get("gateway.gatewayClassName")?);
    let protocol = protocol(t)?;
    let port = port(t)?;
    t.push(&format!(
        "\nspec:\n  gatewayClassName: {class}\n  listeners:\n    - name: {listener}\n      protocol: {protocol}\n      port: {port}\n      hostname: {}",
        quote(domain)
    ));
    let https = protocol_is_https(t)?;
    if https {
        t.push(&format!("\n      tls:\n        mode: Terminate\n        certificateRefs:\n          - name: {listener}-tls\n            kind: Secret"));
    }
    t.push("\n      allowedRoutes:\n        namespaces:\n          from: Same");
    mirror_listeners(t, mirrors)?;
    preview_listener(t, &namespace)?;
    if cert_manager && https {
        let issuer = show(t.get("gateway.certManager.clusterIssuer")?);
        t.push(&format!(
            "\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {listener}-tls\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    environment: {name}\nspec:\n  secretName: {listener}-tls\n  issuerRef:\n    name: {issuer}\n    kind: ClusterIssuer\n  dnsNames:\n    - {}",
            quote(domain)
        ));
    }
    Ok(())
}

/// `gateway.listener.protocol | default "HTTP"`.
fn protocol(t: &Tmpl<'_>) -> Result<String, RenderError> {
    let http = Value::String("HTTP".to_owned());
    Ok(show(or_str(t.get("gateway.listener.protocol")?, &http)))
}

/// `gateway.listener.port | default 80`.
fn port(t: &Tmpl<'_>) -> Result<String, RenderError> {
    let eighty = Value::from(80);
    Ok(show(gotmpl::default(
        t.get("gateway.listener.port")?,
        Some(&eighty),
    )))
}

/// `eq (gateway.listener.protocol | default "HTTP") "HTTPS"`.
fn protocol_is_https(t: &Tmpl<'_>) -> Result<bool, RenderError> {
    let http = Value::String("HTTP".to_owned());
    let protocol = or_str(t.get("gateway.listener.protocol")?, &http);
    gotmpl::eq_str(protocol, "HTTPS", "eq").map_err(|e| t.fail(e))
}

/// The external-dns hostname (the domain, every mirror, the preview
/// wildcard) and target annotations.
fn dns_annotations(
    t: &mut Tmpl<'_>,
    domain: Val<'_>,
    mirrors: Val<'_>,
    namespace: &str,
) -> Result<(), RenderError> {
    let mut hostnames = show(domain);
    if gotmpl::truthy(mirrors) {
        hostnames.push(',');
        for (index, mirror) in t.range(mirrors)? {
            if index_truthy(&index) {
                hostnames.push(',');
            }
            hostnames.push_str(&show(t.field(Some(mirror), "domain")?));
        }
    }
    if preview_here(t, namespace)? {
        hostnames.push_str(&format!(
            ",*.{}",
            show(t.get("previewEnvironments.baseDomain")?)
        ));
    }
    t.push(&format!(
        "\n    external-dns.alpha.kubernetes.io/hostname: \"{hostnames}\""
    ));
    // `{{- else if and .Values.ingress.haproxy .Values.ingress.haproxy.loadBalancerIP }}`
    if !crate::platform::dns::tunnel_target(t)?
        && gotmpl::truthy(t.get("ingress.haproxy")?)
        && gotmpl::truthy(t.get("ingress.haproxy.loadBalancerIP")?)
    {
        let ip = show(t.get("ingress.haproxy.loadBalancerIP")?);
        t.push(&format!(
            "\n    external-dns.alpha.kubernetes.io/target: \"{ip}\""
        ));
    }
    Ok(())
}

/// `{{ if $i }}` of a range key: a non-zero index, a non-empty map key.
fn index_truthy(key: &Key) -> bool {
    if key.index {
        key.text != "0"
    } else {
        !key.text.is_empty()
    }
}

/// `and previewEnvironments.enabled (eq $gatewayNamespace previewEnvironments.gateway.namespace)`.
fn preview_here(t: &Tmpl<'_>, namespace: &str) -> Result<bool, RenderError> {
    if !gotmpl::truthy(t.get("previewEnvironments.enabled")?) {
        return Ok(false);
    }
    gotmpl::eq_str(
        t.get("previewEnvironments.gateway.namespace")?,
        namespace,
        "eq",
    )
    .map_err(|e| t.fail(e))
}

/// A listener `http-mirror-N` per mirror.
fn mirror_listeners(t: &mut Tmpl<'_>, mirrors: Val<'_>) -> Result<(), RenderError> {
    let wanted = gotmpl::truthy(t.get("domainMirrors.enabled")?)
        && gotmpl::truthy(t.get("domainMirrors.addToGateway")?)
        && gotmpl::truthy(mirrors);
    if !wanted {
        return Ok(());
    }
    for (index, mirror) in t.range(mirrors)? {
        let protocol = protocol(t)?;
        let port = port(t)?;
        let hostname = quote(t.field(Some(mirror), "domain")?);
        t.push(&format!(
            "\n    - name: http-mirror-{index}\n      protocol: {protocol}\n      port: {port}\n      hostname: {hostname}\n      allowedRoutes:\n        namespaces:\n          from: Same"
        ));
    }
    Ok(())
}

/// The listener `http-preview` on the Gateway of the preview namespace.
fn preview_listener(t: &mut Tmpl<'_>, namespace: &str) -> Result<(), RenderError> {
    if !preview_here(t, namespace)? {
        return Ok(());
    }
    let http = Value::String("HTTP".to_owned());
    let eighty = Value::from(80);
    let protocol = show(or_str(
        t.get("previewEnvironments.gateway.protocol")?,
        &http,
    ));
    let port = show(gotmpl::default(
        t.get("previewEnvironments.gateway.port")?,
        Some(&eighty),
    ));
    let base = show(t.get("previewEnvironments.baseDomain")?);
    t.push(&format!(
        "\n    - name: http-preview\n      protocol: {protocol}\n      port: {port}\n      hostname: \"*.{base}\"\n      allowedRoutes:\n        namespaces:\n          from: Same"
    ));
    Ok(())
}
