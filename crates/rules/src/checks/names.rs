//! `dns-label`: names Kubernetes and Helm will reject.

use gg_naming::{
    K8appNames, ServiceKind, release_name, validate_label, validate_release_name,
    validate_rfc1035_label,
};

use crate::context::EnvContext;
use crate::values::merged_text;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::{merged_location, span_location};

const RULE: &Rule = &rules::DNS_LABEL;

/// `appName` must be an RFC 1123 label, its Service name an RFC 1035 label, and
/// the Helm release `{service}-{env}` at most 53 characters.
pub(crate) fn check_env(env: &EnvContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(app_node) = env.merged.get_dotted("appName") else {
        return;
    };
    let app = merged_text(app_node);
    let mut problems: Vec<String> = Vec::new();
    if let Err(error) = validate_label(&app) {
        problems.push(error.to_string());
    } else if env.truthy("service.enabled")
        && let Err(error) =
            validate_rfc1035_label(&K8appNames::new(&app).service(ServiceKind::ClusterIp))
    {
        problems.push(format!("its Service name: {error}"));
    }
    for problem in problems {
        out.push(
            RULE.finding(merged_location(app_node), format!("`appName`: {problem}"))
                .with_help("use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 60 characters (k8app appends `-sv`)")
                .with_env(env.env_name()),
        );
    }
    let service = env.service.name.value.as_str();
    if let Err(error) = validate_release_name(&release_name(service, env.env_name())) {
        let location = match &env.service.name.origin {
            gg_platform::Origin::File { file, span } => span_location(file, *span),
            _ => merged_location(app_node),
        };
        out.push(
            RULE.finding(location, format!("the Helm release / Application name of service `{service}`: {error}"))
                .with_help("shorten the service's registry name: ArgoCD names the release `{service}-{env}`, and Helm allows 53 characters")
                .with_env(env.env_name()),
        );
    }
}
