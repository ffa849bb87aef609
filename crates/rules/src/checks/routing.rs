//! Traffic: `service-monitor-port`, `httproute-hostname`.

use gg_yaml::MergedValue;

use crate::checks::finding;
use crate::context::{EnvContext, PlatformContext};
use crate::diagnostic::Diagnostic;
use crate::locate::merged_location;
use crate::values::merged_text;

/// Checks the merged ServiceMonitor port and HTTPRoute hostnames.
pub fn check_env(ctx: &PlatformContext<'_>, env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    check_service_monitor(env, out);
    check_hostnames(ctx, env, out);
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
        finding(
            "service-monitor-port",
            merged_location(port),
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
    let Some(domain) = env.env.domain.as_ref().map(|d| d.value.as_str()) else {
        return;
    };
    let other_domains: Vec<&str> = ctx
        .platform
        .settings
        .environments
        .iter()
        .filter(|e| e.name.value != env.env_name())
        .filter_map(|e| e.domain.as_ref().map(|d| d.value.as_str()))
        .collect();
    let Some(MergedValue::Seq(hosts)) = env
        .merged
        .get_dotted("httpRoute.hostnames")
        .map(|n| &n.value)
    else {
        return;
    };
    for host in hosts {
        let name = merged_text(host);
        if covers(domain, &name)
            && !other_domains
                .iter()
                .any(|other| covers(other, &name) && covers(domain, other))
        {
            continue;
        }
        out.push(
            finding(
                "httproute-hostname",
                merged_location(host),
                format!("HTTPRoute hostname `{name}` is outside the environment's domain `{domain}`: no Gateway listener accepts it"),
            )
            .with_help("use the environment's domain (or a name below it) from platform/base.yaml `environments.<env>.domain`, in that environment's overlay")
            .with_env(env.env_name()),
        );
    }
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
