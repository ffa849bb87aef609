//! `environment-mismatch`: an overlay's `environment:` must name its own environment.

use crate::context::FileContext;
use gg_diagnostic::{Diagnostic, Location, Severity};
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::ENVIRONMENT_MISMATCH;

/// `environment:` differs from the overlay's env (error), or is missing (warning).
pub(crate) fn check(file: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(env) = file.env else {
        return;
    };
    match file.get(&["environment"]) {
        Some(node) => {
            let written = node.helm_text().unwrap_or_default();
            if written != env {
                out.push(
                    RULE.finding(node_location(file.path, node),
                        format!("`environment: {written}` in the overlay of environment `{env}`"),
                    )
                    .with_help(format!(
                        "write `environment: {env}`: k8app puts it into relative secret paths and SENTRY_ENVIRONMENT"
                    )),
                );
            }
        }
        None => out.push(
            RULE.finding(
                Location::file_start(file.path),
                format!("the overlay of environment `{env}` does not set `environment:`"),
            )
            .with_severity(Severity::Warning)
            .with_help(missing_help(env, file.default_environment.as_deref())),
        ),
    }
}

/// What an overlay without `environment:` gets instead: the value of
/// `default.yaml`, or nothing.
fn missing_help(env: &str, inherited: Option<&str>) -> String {
    match inherited {
        Some(inherited) if inherited == env => format!(
            "add `environment: {env}`: today it comes from default.yaml, where it applies to every environment that does not set its own"
        ),
        Some(inherited) => format!(
            "add `environment: {env}`: without it the overlay inherits `environment: {inherited}` from default.yaml, and relative secret paths and SENTRY_ENVIRONMENT name `{inherited}`"
        ),
        None => format!(
            "add `environment: {env}`: without it relative secret paths resolve with an empty segment (`ns/app//path`)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_for_a_missing_environment_says_what_is_inherited() {
        assert!(missing_help("dev", None).contains("empty segment"));
        let leaked = missing_help("prod", Some("dev"));
        assert!(leaked.contains("inherits `environment: dev`"), "{leaked}");
        assert!(!leaked.contains("empty segment"));
        assert!(missing_help("dev", Some("dev")).contains("comes from default.yaml"));
    }
}
