//! Services, HTTPRoutes and Ingresses: names, hostnames and cross-namespace
//! references.

use crate::checks::routing::{HOSTNAME_HELP, hostname_outside_env};
use crate::json::JsonTree;
use crate::objects::{Found, ObjectContext, check_namespace_mentions};
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;

/// A Service: an `ExternalName` into another environment's namespace, and the
/// `app` label k8app derives the Service name from.
pub(super) fn check_service<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(external) = found.object.text("/spec/externalName") {
        check_namespace_mentions(
            ctx,
            found,
            "/spec/externalName",
            Some("serviceExternalName.services"),
            external,
            out,
        );
    }
}

/// An Ingress: rule hosts outside the environment's domain (the lint's
/// `ingress-hostname`, on whatever wrote the Ingress).
pub(super) fn check_ingress<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(rules) = found.object.body.lookup("/spec/rules").and_then(J::items) else {
        return;
    };
    for (index, rule) in rules.iter().enumerate() {
        let Some(host) = rule.member("host").and_then(J::text) else {
            continue;
        };
        if let Some(domain) = hostname_outside_env(&ctx.platform, found.env, host) {
            found.report(
                out,
                &rules::INGRESS_HOSTNAME,
                &format!("/spec/rules/{index}/host"),
                None,
                format!("host `{host}` is outside the environment's domain `{domain}`: the platform routes only that domain to the cluster"),
                "use the environment's domain (or a name below it) from platform/base.yaml `environments.<env>.domain` in `ingress.fqdn` or `ingress.extraHosts`",
            );
        }
    }
}

/// An HTTPRoute: hostnames outside the environment's domain, and parent or
/// backend references into another environment's namespace.
pub(super) fn check_http_route<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let body = found.object.body;
    if let Some(hosts) = body.lookup("/spec/hostnames").and_then(J::items) {
        for (index, host) in hosts.iter().enumerate() {
            let Some(host) = host.text() else {
                continue;
            };
            if let Some(domain) = hostname_outside_env(&ctx.platform, found.env, host) {
                found.report(
                    out,
                    &rules::HTTPROUTE_HOSTNAME,
                    &format!("/spec/hostnames/{index}"),
                    Some("httpRoute.hostnames"),
                    format!("hostname `{host}` is outside the environment's domain `{domain}`: no Gateway listener accepts it"),
                    HOSTNAME_HELP,
                );
            }
        }
    }
    if let Some(parents) = body.lookup("/spec/parentRefs").and_then(J::items) {
        for (index, parent) in parents.iter().enumerate() {
            if let Some(namespace) = parent.member("namespace").and_then(J::text) {
                check_namespace_mentions(
                    ctx,
                    found,
                    &format!("/spec/parentRefs/{index}/namespace"),
                    Some("httpRoute.parentRefs"),
                    namespace,
                    out,
                );
            }
        }
    }
    let Some(rules) = body.lookup("/spec/rules").and_then(J::items) else {
        return;
    };
    for (rule_index, rule) in rules.iter().enumerate() {
        let Some(backends) = rule.member("backendRefs").and_then(J::items) else {
            continue;
        };
        for (index, backend) in backends.iter().enumerate() {
            if let Some(namespace) = backend.member("namespace").and_then(J::text) {
                check_namespace_mentions(
                    ctx,
                    found,
                    &format!("/spec/rules/{rule_index}/backendRefs/{index}/namespace"),
                    Some("httpRoute.rules"),
                    namespace,
                    out,
                );
            }
        }
    }
}
