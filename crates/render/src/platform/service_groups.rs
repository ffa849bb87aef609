//! service-groups' templates: per enabled group with enabled services, the
//! gateway's Namespace, a Gateway `gateway-{group}` with a listener per
//! service, an HTTPRoute per service, a ReferenceGrant in every namespace
//! the services live in; and, with an IP allow-list, a CiliumNetworkPolicy.
//! Services are reached at `{subdomain}.{clusterName}.{baseDomain}`.

use serde_json::Value;

use super::Template;
use super::text::{Tmpl, or_str, quote, show};
use crate::error::RenderError;
use crate::gotmpl::{self, Key, Val};

/// The templates, in the order Helm executes them.
pub(super) const TEMPLATES: &[Template] = &[
    ("service-groups/templates/service-groups.yaml", |t, _| {
        groups(t)
    }),
    (
        "service-groups/templates/service-groups-network-policy.yaml",
        |t, _| network_policies(t),
    ),
];

/// An enabled group and what its templates compute once.
struct Group<'v> {
    name: Key,
    group: &'v Value,
    /// The enabled services, sorted by name.
    services: Vec<(Key, &'v Value)>,
    cluster: Val<'v>,
    base_domain: Val<'v>,
    gateway_namespace: String,
}

/// `printf "%s.%s.%s" $svc.subdomain $clusterName $baseDomain`.
pub(super) fn hostname<'v>(
    t: &Tmpl<'v>,
    service: &'v Value,
    cluster: Val<'v>,
    base_domain: Val<'v>,
) -> Result<String, RenderError> {
    let subdomain = t.field(Some(service), "subdomain")?;
    Ok(gotmpl::printf(
        "%s.%s.%s",
        &[subdomain, cluster, base_domain],
    ))
}

/// `$group.clusterName | default "default"`.
pub(super) fn cluster_name<'v>(
    t: &Tmpl<'v>,
    group: &'v Value,
    fallback: &'v Value,
) -> Result<Val<'v>, RenderError> {
    Ok(or_str(t.field(Some(group), "clusterName")?, fallback))
}

/// Renders `service-groups.yaml`.
fn groups(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    let fallback = Value::String("default".to_owned());
    for (name, group) in t.enabled(t.get("serviceGroups")?)? {
        let services = t.enabled(t.field(Some(group), "services")?)?;
        // `set $enabledServices $svcName $svc`: a list index is no key.
        for (key, _) in &services {
            key.as_string("set").map_err(|e| t.fail(e))?;
        }
        if services.is_empty() {
            continue;
        }
        let cluster = cluster_name(t, group, &fallback)?;
        let base_domain = t.field(Some(group), "baseDomain")?;
        let gateway_namespace = show(t.field(Some(group), "gatewayNamespace")?);
        let g = Group {
            name,
            group,
            services,
            cluster,
            base_domain,
            gateway_namespace,
        };
        namespace_and_gateway(t, &g)?;
        routes(t, &g)?;
        grants(t, &g)?;
    }
    Ok(())
}

fn namespace_and_gateway(t: &mut Tmpl<'_>, g: &Group<'_>) -> Result<(), RenderError> {
    let (name, namespace) = (&g.name, &g.gateway_namespace);
    t.push(&format!(
        "\n\n# service group {name}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: service-group\n    platform-bootstrap/service-group: {name}"
    ));
    let mut hostnames = Vec::new();
    for (_, service) in &g.services {
        hostnames.push(hostname(t, service, g.cluster, g.base_domain)?);
    }
    t.push(&format!(
        "\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gateway-{name}\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: gateway\n    platform-bootstrap/service-group: {name}\n  annotations:"
    ));
    if gotmpl::truthy(t.get("dns.enabled")?) {
        t.push(&format!(
            "\n    external-dns.alpha.kubernetes.io/hostname: \"{}\"",
            hostnames.join(",")
        ));
        super::dns::tunnel_target(t)?;
    }
    let cilium = Value::String("cilium".to_owned());
    let class = show(or_str(
        t.field(Some(g.group), "gateway.gatewayClassName")?,
        &cilium,
    ));
    t.push(&format!(
        "\nspec:\n  gatewayClassName: {class}\n  listeners:"
    ));
    for ((service_name, _), hostname) in g.services.iter().zip(&hostnames) {
        let (protocol, port) = protocol_and_port(t, g.group)?;
        t.push(&format!(
            "\n    - name: http-{service_name}\n      protocol: {protocol}\n      port: {port}\n      hostname: {}\n      allowedRoutes:\n        namespaces:\n          from: Same",
            super::text::go_quote(hostname)
        ));
    }
    Ok(())
}

/// `$group.gateway.protocol | default "HTTP"` and `$group.gateway.port | default 80`.
fn protocol_and_port(t: &Tmpl<'_>, group: &Value) -> Result<(String, String), RenderError> {
    let http = Value::String("HTTP".to_owned());
    let eighty = Value::from(80);
    let protocol = show(or_str(t.field(Some(group), "gateway.protocol")?, &http));
    let port = show(gotmpl::default(
        t.field(Some(group), "gateway.port")?,
        Some(&eighty),
    ));
    Ok((protocol, port))
}

fn routes(t: &mut Tmpl<'_>, g: &Group<'_>) -> Result<(), RenderError> {
    let (name, namespace) = (&g.name, &g.gateway_namespace);
    t.push("\n\n# routes");
    for (service_name, service) in &g.services {
        let host = hostname(t, service, g.cluster, g.base_domain)?;
        let prefix = Value::String("PathPrefix".to_owned());
        let root = Value::String("/".to_owned());
        let path_type = show(or_str(t.field(Some(service), "pathType")?, &prefix));
        let path = quote(or_str(t.field(Some(service), "path")?, &root));
        let backend = show(t.field(Some(service), "serviceName")?);
        let backend_namespace = show(t.field(Some(service), "namespace")?);
        let port = show(t.field(Some(service), "servicePort")?);
        t.push(&format!(
            "\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: {name}-{service_name}\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: httproute\n    platform-bootstrap/service-group: {name}\n    platform-bootstrap/service: {service_name}\nspec:\n  hostnames:\n    - {}\n  parentRefs:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n      name: gateway-{name}\n      namespace: {namespace}\n      sectionName: http-{service_name}\n  rules:\n    - matches:\n        - path:\n            type: {path_type}\n            value: {path}\n      backendRefs:\n        - group: \"\"\n          kind: Service\n          name: {backend}\n          namespace: {backend_namespace}\n          port: {port}\n          weight: 1",
            super::text::go_quote(&host)
        ));
    }
    Ok(())
}

/// A ReferenceGrant per namespace the services live in (`set` on a `dict`:
/// one per distinct namespace text, in sorted order).
fn grants(t: &mut Tmpl<'_>, g: &Group<'_>) -> Result<(), RenderError> {
    let mut namespaces = Vec::new();
    for (_, service) in &g.services {
        let namespace = t.field(Some(service), "namespace")?;
        namespaces.push(gotmpl::string_arg(namespace, "set").map_err(|e| t.fail(e))?);
    }
    gg_sort::sort_by(&mut namespaces, |a, b| a.as_bytes().cmp(b.as_bytes()));
    namespaces.dedup();
    let (name, gateway_namespace) = (&g.name, &g.gateway_namespace);
    t.push("\n\n# reference grants");
    for namespace in namespaces {
        t.push(&format!(
            "\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: allow-{name}-gateway\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: reference-grant\n    platform-bootstrap/service-group: {name}\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: {gateway_namespace}\n  to:\n    - group: \"\"\n      kind: Service"
        ));
    }
    Ok(())
}

/// Renders `service-groups-network-policy.yaml`: a CiliumNetworkPolicy per
/// enabled group with an enabled, non-empty IP allow-list.
fn network_policies(t: &mut Tmpl<'_>) -> Result<(), RenderError> {
    for (name, group) in t.enabled(t.get("serviceGroups")?)? {
        let security = t.field(Some(group), "security")?;
        let wanted = gotmpl::truthy(security)
            && gotmpl::truthy(t.field(security, "ipWhitelist")?)
            && gotmpl::truthy(t.field(security, "ipWhitelist.enabled")?);
        if !wanted {
            continue;
        }
        let cidrs = t.field(security, "ipWhitelist.cidrs")?;
        if !gotmpl::truthy(cidrs) {
            continue;
        }
        let cidr_items = t.range(cidrs)?;
        t.push(&format!("\n\n# allow-list of service group {name}"));
        for (_, cidr) in &cidr_items {
            t.push(&format!("\n#   {}", show(Some(cidr))));
        }
        let namespace = show(t.field(Some(group), "gatewayNamespace")?);
        t.push(&format!(
            "\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: {name}-gateway-whitelist\n  namespace: {namespace}\n  labels:\n    app.kubernetes.io/name: platform-bootstrap\n    app.kubernetes.io/component: network-policy\n    platform-bootstrap/service-group: {name}\nspec:\n  description: \"IP whitelist for {name} service group gateway\"\n  endpointSelector:\n    matchLabels:\n      io.cilium.gateway/owning-gateway: gateway-{name}\n  ingress:\n    - fromCIDR:"
        ));
        for (_, cidr) in t.range(cidrs)? {
            t.push(&format!("\n        - {}", quote(Some(cidr))));
        }
        let port = quoted_port(t, group)?;
        t.push(&format!(
            "\n      toPorts:\n        - ports:\n            - port: {port}\n              protocol: TCP"
        ));
        if gotmpl::eq_str(t.get("ingress.provider")?, "cloudflare-tunnel", "eq")
            .map_err(|e| t.fail(e))?
        {
            let fallback = Value::String("cloudflare".to_owned());
            let tunnel_namespace = show(or_str(t.get("ingress.cloudflare.namespace")?, &fallback));
            let port = quoted_port(t, group)?;
            t.push(&format!(
                "\n    - fromEndpoints:\n        - matchLabels:\n            io.kubernetes.pod.namespace: {tunnel_namespace}\n      toPorts:\n        - ports:\n            - port: {port}\n              protocol: TCP"
            ));
        }
        let port = quoted_port(t, group)?;
        t.push(&format!(
            "\n\n    - fromEndpoints:\n        - matchLabels:\n            io.kubernetes.pod.namespace: kube-system\n      toPorts:\n        - ports:\n            - port: {port}\n              protocol: TCP"
        ));
    }
    Ok(())
}

/// `$group.gateway.port | default 80 | quote`.
fn quoted_port(t: &Tmpl<'_>, group: &Value) -> Result<String, RenderError> {
    let eighty = Value::from(80);
    Ok(quote(gotmpl::default(
        t.field(Some(group), "gateway.port")?,
        Some(&eighty),
    )))
}
