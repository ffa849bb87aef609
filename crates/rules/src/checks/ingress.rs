//! The Ingress k8app renders: `ingress-paths-empty`, `ingress-backend`,
//! `ingress-hostname`.
//!
//! Every release from 3.4.0 to 3.13.0 writes one rule per host — `ingress.fqdn`
//! with `ingress.locations`, then each `ingress.extraHosts` key with its
//! `locations` — and sends each location to `serviceName` (default
//! `{appName}-sv`) without checking either. The checks read the rendered
//! Ingress (so they apply exactly where the chart renders one) and point at
//! the values that wrote each host and location.

use gg_diagnostic::{Diagnostic, Location, rules};
use gg_platform::locate::{key_location, merged_location};
use gg_render::RenderedObject;
use gg_yaml::{LayerKind, MergedNode};
use serde_json::Value;

use crate::checks::rendered::{merged_at, scalar_text, service_ports};
use crate::checks::routing::hostname_outside_env;
use crate::context::{EnvContext, PlatformContext};
use crate::values::merged_text;

/// Checks every rule of the rendered Ingress.
pub(crate) fn check(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    objects: &[RenderedObject],
    out: &mut Vec<Diagnostic>,
) {
    let mut ingresses = objects.iter().filter(|o| o.kind == "Ingress").peekable();
    if ingresses.peek().is_none() {
        return;
    }
    let services = RenderedService::all(objects);
    for ingress in ingresses {
        let rules = ingress
            .object
            .pointer("/spec/rules")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let fqdn_first = env.truthy("ingress.fqdn");
        for (index, rule) in rules.iter().enumerate() {
            let host = HostRule::of(env, rule, fqdn_first && index == 0);
            check_paths(env, &host, out);
            check_backends(ctx, env, &host, &services, out);
            check_host(ctx, env, &host, out);
        }
        check_aliases(ctx, env, out);
    }
}

/// One rule of the rendered Ingress and the values that wrote it.
struct HostRule<'a, 'm> {
    /// The rendered host.
    host: String,
    /// Its paths, as rendered.
    paths: &'a [Value],
    /// `ingress.fqdn` or `ingress.extraHosts.<host>`, for messages.
    key: String,
    /// The merged `ingress.fqdn` value, or the `ingress.extraHosts` entry.
    written: Option<&'m MergedNode>,
    /// The merged map of its locations.
    locations: Option<&'m MergedNode>,
}

impl<'a, 'm> HostRule<'a, 'm> {
    /// The rule `rule`; `from_fqdn` when `ingress.fqdn` wrote it (the first
    /// rule when that is set), else the `ingress.extraHosts` entry of its host.
    fn of(env: &'m EnvContext<'_>, rule: &'a Value, from_fqdn: bool) -> Self {
        let host = scalar_text(rule.get("host")).unwrap_or_default();
        let paths = rule
            .pointer("/http/paths")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        if from_fqdn {
            return Self {
                paths,
                key: "ingress.fqdn".to_owned(),
                written: merged_at(env, &["ingress", "fqdn"]),
                locations: merged_at(env, &["ingress", "locations"]),
                host,
            };
        }
        let written = merged_at(env, &["ingress", "extraHosts", &host]);
        Self {
            paths,
            key: format!("ingress.extraHosts.{host}"),
            locations: written.and_then(|entry| entry.child("locations")),
            written,
            host,
        }
    }

    /// The values key of its locations.
    fn locations_key(&self) -> String {
        if self.key == "ingress.fqdn" {
            "ingress.locations".to_owned()
        } else {
            format!("{}.locations", self.key)
        }
    }

    /// Where the host is written: `ingress.fqdn`'s value, an `extraHosts` key.
    fn location(&self, env: &EnvContext<'_>) -> Location {
        match self.written {
            Some(node) if node.as_scalar().is_some() => merged_location(node),
            Some(node) => key_location(&node.provenance.origin),
            None => Location::file_start(env.overlay),
        }
    }

    /// Where `field` (`serviceName`, `servicePort`) of the location `path` is
    /// written when a values file sets it, else the location's key, else the
    /// host.
    fn field_location(&self, env: &EnvContext<'_>, path: &str, field: &str) -> Location {
        let location = self.locations.and_then(|map| map.child(path));
        match location.and_then(|node| node.child(field)) {
            Some(value) if value.provenance.origin.kind != LayerKind::ChartDefaults => {
                merged_location(value)
            }
            _ => location.map_or_else(
                || self.location(env),
                |node| key_location(&node.provenance.origin),
            ),
        }
    }
}

/// `ingress-paths-empty`: a host without locations.
fn check_paths(env: &EnvContext<'_>, host: &HostRule<'_, '_>, out: &mut Vec<Diagnostic>) {
    if !host.paths.is_empty() {
        return;
    }
    let locations = host.locations_key();
    out.push(
        rules::INGRESS_PATHS_EMPTY
            .finding(
                host.location(env),
                format!(
                    "Ingress host `{}` has no paths (`{locations}` is empty): the API server rejects the Ingress (`http.paths: Required value`), so ArgoCD cannot sync it",
                    host.host
                ),
            )
            .with_help(format!(
                "give `{locations}` at least one location (`\"/\": {{}}` sends everything to `{{appName}}-sv` port 80), or remove the host"
            ))
            .with_env(env.env_name()),
    );
}

/// A Service the release renders: its name and the ports it exposes.
struct RenderedService<'o> {
    name: &'o str,
    ports: Vec<String>,
}

impl<'o> RenderedService<'o> {
    /// The Services among `objects`.
    fn all(objects: &'o [RenderedObject]) -> Vec<Self> {
        objects
            .iter()
            .filter(|o| o.kind == "Service")
            .map(|o| Self {
                name: &o.name,
                ports: service_ports(o),
            })
            .collect()
    }
}

/// `ingress-backend`: a location sent to a Service no release creates, or
/// to a port the release's Service does not expose.
fn check_backends(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    host: &HostRule<'_, '_>,
    services: &[RenderedService<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let app = env.app_name();
    for path in host.paths {
        let Some(name) = scalar_text(path.pointer("/backend/service/name")) else {
            continue;
        };
        let at = scalar_text(path.get("path")).unwrap_or_default();
        let port = scalar_text(path.pointer("/backend/service/port/number")).unwrap_or_default();
        let (location, message) = match services.iter().find(|s| s.name == name) {
            Some(service) if service.ports.contains(&port) || service.ports.is_empty() => {
                continue;
            }
            Some(service) => (
                host.field_location(env, &at, "servicePort"),
                format!(
                    "location `{at}` of `{}` sends traffic to port {port} of Service `{name}`, which exposes only {}: requests get 503",
                    host.locations_key(),
                    service.ports.join(", ")
                ),
            ),
            None if judged(ctx, app, &name) => (
                host.field_location(env, &at, "serviceName"),
                format!(
                    "location `{at}` of `{}` sends traffic to Service `{name}`, which no release of the platform creates (this one {}): requests get 503",
                    host.locations_key(),
                    created(services)
                ),
            ),
            None => continue,
        };
        out.push(
            rules::INGRESS_BACKEND
                .finding(location, message)
                .with_help(format!(
                    "send the location to a Service of this release and one of its ports (`serviceName` defaults to `{app}-sv`, which needs `service.enabled: true`; `servicePort` defaults to 80)"
                ))
                .with_env(env.env_name()),
        );
    }
}

/// "creates only `a`, `b`", or "creates no Service".
fn created(services: &[RenderedService<'_>]) -> String {
    if services.is_empty() {
        return "creates no Service".to_owned();
    }
    let names: Vec<String> = services.iter().map(|s| format!("`{}`", s.name)).collect();
    format!("creates only {}", names.join(", "))
}

/// Whether a backend named `name` that this release does not render is
/// surely missing: it is not named after another service of the platform
/// (`payments-sv` is rendered by the `payments` release), and, when the
/// platform's service registry is not known, it is named after this app.
fn judged(ctx: &PlatformContext<'_>, app: &str, name: &str) -> bool {
    if named_after(app, name) {
        return true;
    }
    if !ctx.facts.registry {
        return false;
    }
    let platform = &ctx.platform;
    !platform
        .settings
        .registry
        .entries
        .iter()
        .map(|entry| entry.name.value.as_str())
        .chain(platform.services.iter().map(|s| s.name.value.as_str()))
        .any(|service| service != app && named_after(service, name))
}

/// True when the Service `name` is one a release of `app` may create:
/// `app` itself or `app-…` (`app-sv`, `app-cache-sv`).
fn named_after(app: &str, name: &str) -> bool {
    name == app
        || name
            .strip_prefix(app)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// `ingress-hostname`: a rule's host outside the environment's domain.
fn check_host(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    host: &HostRule<'_, '_>,
    out: &mut Vec<Diagnostic>,
) {
    if host.host.is_empty() {
        return;
    }
    if let Some(domain) = hostname_outside_env(ctx, env.env_name(), &host.host) {
        out.push(outside_domain(
            env,
            host.location(env),
            &host.key,
            &host.host,
            domain,
        ));
    }
}

/// `ingress-hostname` for the `ingress.aliases` the controller also serves.
fn check_aliases(ctx: &PlatformContext<'_>, env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(aliases) = merged_at(env, &["ingress", "aliases"]).filter(|n| n.is_truthy()) else {
        return;
    };
    let text = merged_text(aliases);
    for alias in text.split(',').map(str::trim).filter(|a| !a.is_empty()) {
        if let Some(domain) = hostname_outside_env(ctx, env.env_name(), alias) {
            out.push(outside_domain(
                env,
                merged_location(aliases),
                "ingress.aliases",
                alias,
                domain,
            ));
        }
    }
}

/// The `ingress-hostname` finding for `host`, written at `location` by `key`.
fn outside_domain(
    env: &EnvContext<'_>,
    location: Location,
    key: &str,
    host: &str,
    domain: &str,
) -> Diagnostic {
    rules::INGRESS_HOSTNAME
        .finding(
            location,
            format!(
                "Ingress host `{host}` (`{key}`) is outside the environment's domain `{domain}`: the platform routes only that domain to the cluster"
            ),
        )
        .with_help(format!(
            "use `{domain}` or a name below it (platform/base.yaml `environments.{}.domain`), in that environment's overlay",
            env.env_name()
        ))
        .with_env(env.env_name())
}

#[cfg(test)]
mod tests {
    use super::{RenderedService, created, named_after};

    #[test]
    fn services_are_named_after_their_app() {
        assert!(named_after("payments", "payments-sv"));
        assert!(named_after("payments", "payments"));
        assert!(!named_after("payments", "payments2-sv"));
        assert!(!named_after("orders", "test-sv"));
    }

    #[test]
    fn the_created_services_are_listed() {
        assert_eq!(created(&[]), "creates no Service");
        let services = [
            RenderedService {
                name: "orders-sv",
                ports: vec!["8080".to_owned()],
            },
            RenderedService {
                name: "orders-cache-sv",
                ports: Vec::new(),
            },
        ];
        assert_eq!(
            created(&services),
            "creates only `orders-sv`, `orders-cache-sv`"
        );
    }
}
