//! Traffic: `service-monitor-port`, `httproute-hostname`.

use gg_yaml::MergedValue;

use gg_k8app::Feature;

use crate::context::{EnvContext, PlatformContext};
use crate::values::merged_text;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;
use gg_platform::locate::merged_location;

/// Checks the merged ServiceMonitor port and HTTPRoute hostnames.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    // Rules about an object apply only where the chart version renders it.
    if ctx.chart_has(Feature::ServiceMonitor) {
        check_service_monitor(env, out);
    }
    if ctx.chart_has(Feature::HttpRoute) {
        check_hostnames(ctx, env, out);
    }
}

fn check_service_monitor(env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    if !env.truthy("serviceMonitor.enabled") {
        return;
    }
    let Some(port) = env.merged.get_dotted("serviceMonitor.port") else {
        return;
    };
    let name = merged_text(port);
    let ports: Vec<&str> = match env.merged.get_dotted("service.ports").map(|n| &n.value) {
        Some(MergedValue::Map(entries)) => entries.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    };
    if ports.contains(&name.as_str()) {
        return;
    }
    let known = if ports.is_empty() {
        "`service.ports` defines no ports".to_owned()
    } else {
        format!(
            "`service.ports` defines {}",
            ports
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    out.push(
        rules::SERVICE_MONITOR_PORT.finding(merged_location(port),
            format!("`serviceMonitor.port: {name}` is not a port name of the Service; {known}"),
        )
        .with_help("set `serviceMonitor.port` to one of the `service.ports` keys (it names a port, not a number), or add the metrics port to `service.ports`")
        .with_env(env.env_name()),
    );
}

fn check_hostnames(ctx: &PlatformContext<'_>, env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    if !env.truthy("httpRoute.enabled") {
        return;
    }
    let Some(MergedValue::Seq(hosts)) = env
        .merged
        .get_dotted("httpRoute.hostnames")
        .map(|n| &n.value)
    else {
        return;
    };
    for host in hosts {
        let name = merged_text(host);
        let Some(domain) = hostname_outside_env(ctx, env.env_name(), &name) else {
            continue;
        };
        out.push(
            rules::HTTPROUTE_HOSTNAME.finding(merged_location(host),
                format!("HTTPRoute hostname `{name}` is outside the environment's domain `{domain}`: no Gateway listener accepts it"),
            )
            .with_help(HOSTNAME_HELP)
            .with_env(env.env_name()),
        );
    }
}

/// The fix of every `httproute-hostname` finding.
pub(crate) const HOSTNAME_HELP: &str = "use the environment's domain (or a name below it) from platform/base.yaml `environments.<env>.domain`, in that environment's overlay";

/// The domain of `env` when `host` lies outside it, or inside a more specific
/// domain of another environment (`api.staging.example` is not prod's
/// `example`); `None` when the host is fine or `env` has no domain.
pub(crate) fn hostname_outside_env<'c>(
    ctx: &'c PlatformContext<'_>,
    env: &str,
    host: &str,
) -> Option<&'c str> {
    let environments = &ctx.platform.settings.environments;
    let domain = environments
        .iter()
        .find(|e| e.name.value == env)?
        .domain
        .as_ref()?
        .value
        .as_str();
    let mut others = environments
        .iter()
        .filter(|e| e.name.value != env)
        .filter_map(|e| e.domain.as_ref().map(|d| d.value.as_str()));
    let inside =
        covers(domain, host) && !others.any(|other| covers(other, host) && covers(domain, other));
    (!inside).then_some(domain)
}

/// True when `host` is `domain` or a name below it.
fn covers(domain: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    host == domain
        || host
            .strip_suffix(&domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn domain_coverage() {
        assert!(covers("stage.example.work", "stage.example.work"));
        assert!(covers("example.work", "api.example.work"));
        assert!(!covers("stage.example.work", "staging.example.work"));
        assert!(!covers("example.work", "badexample.work"));
    }
}
