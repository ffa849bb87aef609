//! `httproute-mirrors.yaml` (an HTTPRoute per mirror domain and route) and
//! `reference-grant.yaml`, whose documents the template writes without a
//! line break before their `---`: Helm reads the whole file as one
//! document, in which the last grant's keys win.

use serde_json::Value;

use crate::error::RenderError;
use crate::gotmpl::{self, Key};
use crate::platform::text::{Tmpl, or_str, quote, replace, s, show};

/// Renders `httproute-mirrors.yaml`.
pub(super) fn mirrors<'v>(t: &mut Tmpl<'v>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("domainMirrors.enabled")?) {
        return Ok(());
    }
    for (name, env) in t.enabled(t.get("environments")?)? {
        let mirrors = t.field(Some(env), "mirrors")?;
        if !gotmpl::truthy(mirrors) {
            continue;
        }
        let namespace = format!("{}-{}", s(t.get("global.namespacePrefix")?), name.verb_s());
        for (index, mirror) in t.range(mirrors)? {
            let defaults = t.get("domainMirrors.defaultRoutes")?;
            let routes = gotmpl::default(t.field(Some(mirror), "routes")?, defaults);
            for (route_index, route) in t.range(routes)? {
                route_document(
                    t,
                    &RouteOf {
                        name: &name,
                        env,
                        namespace: &namespace,
                        index: &index,
                        mirror,
                    },
                    &route_index,
                    route,
                )?;
            }
        }
    }
    Ok(())
}

/// What one mirror's routes share.
struct RouteOf<'a, 'v> {
    name: &'a Key,
    env: &'v Value,
    namespace: &'a str,
    index: &'a Key,
    mirror: &'v Value,
}

fn route_document<'v>(
    t: &mut Tmpl<'v>,
    of: &RouteOf<'_, 'v>,
    route_index: &Key,
    route: &'v Value,
) -> Result<(), RenderError> {
    let fallback = Value::String(format!("route-{}", verb_d(route_index)));
    let route_name = show(gotmpl::default(
        t.field(Some(route), "name")?,
        Some(&fallback),
    ));
    let domain = t.field(Some(of.mirror), "domain")?;
    let label = replace(t, domain, ".", "-", "replace")?;
    let mirror_of = show(t.field(Some(of.env), "domain")?);
    let (name, namespace, index) = (of.name, of.namespace, of.index);
    t.push(&format!(
        "\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: mirror-{index}-{route_name}\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: mirror-route\n    environment: {name}\n    mirror-domain: {label}\n  annotations:\n    platform-bootstrap/mirror-of: {mirror_of}\n    platform-bootstrap/mirror-index: \"{index}\""
    ));
    if gotmpl::truthy(t.get("dns.enabled")?) {
        t.push(&format!(
            "\n    external-dns.alpha.kubernetes.io/hostname: {}",
            show(domain)
        ));
        if gotmpl::truthy(t.get("dns.cloudflare.proxied")?) {
            t.push("\n    external-dns.alpha.kubernetes.io/cloudflare-proxied: \"true\"");
        }
    }
    let path_prefix = Value::String("PathPrefix".to_owned());
    let path_type = show(or_str(t.field(Some(route), "pathType")?, &path_prefix));
    let path = quote(t.field(Some(route), "path")?);
    let service = show(t.field(Some(route), "serviceName")?);
    let port = show(t.field(Some(route), "servicePort")?);
    t.push(&format!(
        "\nspec:\n  hostnames:\n    - {}\n  parentRefs:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      name: gateway\n      namespace: {namespace}\n      sectionName: http-mirror-{index}\n  rules:\n    - matches:\n        - path:\n            type: {path_type}\n            value: {path}\n      backendRefs:\n        - group: \"\"\n          kind: Service\n          name: {service}\n          port: {port}\n          weight: 1",
        quote(domain)
    ));
    Ok(())
}

/// `printf "%d"` of a range key: an index as a number, a map key as Go's
/// `%!d(string=…)`.
fn verb_d(key: &Key) -> String {
    if key.index {
        key.text.clone()
    } else {
        format!("%!d(string={})", key.text)
    }
}

/// Renders `reference-grant.yaml`: per enabled environment a grant in
/// `gateway-{env}` and one in `{namespacePrefix}-{env}`, every `---` glued
/// to the line before it.
pub(super) fn reference_grants(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    if !gotmpl::truthy(t.get("gateway.enabled")?) {
        return Ok(());
    }
    for (name, _) in t.enabled(t.get("environments")?)? {
        let prefix = show(t.get("global.namespacePrefix")?);
        t.push(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-routes-from-services\n  namespace: gateway-{name}\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: {prefix}-{name}\n  to:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      name: gateway-{name}"
        ));
        let prefix = show(t.get("global.namespacePrefix")?);
        t.push(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-backend-refs\n  namespace: {prefix}-{name}\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: {prefix}-{name}\n  to:\n    - group: \"\"\n      kind: Service"
        ));
    }
    Ok(())
}
