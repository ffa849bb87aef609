//! Problems found while loading the platform and its services, as findings.

use gg_platform::{IssueKind, IssueSeverity, PlatformIssue};

use crate::locate::span_location;
use gg_diagnostic::rule;
use gg_diagnostic::{Diagnostic, Location, Severity};

/// The finding for a loading issue, or `None` for issues that are not findings
/// when linting part of a platform (a registered service whose directory is
/// not among the linted paths).
pub fn to_diagnostic(issue: &PlatformIssue) -> Option<Diagnostic> {
    let rule_id = match issue.kind {
        IssueKind::ServiceDirectoryNotFound => return None,
        IssueKind::Unreadable => "yaml-syntax",
        other => other.id(),
    };
    let severity = rule(rule_id).map_or_else(
        || severity_of(issue.kind.severity()),
        |m| m.default_severity,
    );
    let (location, envs) = match issue.kind {
        IssueKind::MissingEnvFile => missing_file_location(&issue.file),
        _ => (
            issue.span.map_or_else(
                || Location::file_start(issue.file.clone()),
                |span| span_location(&issue.file, span),
            ),
            Vec::new(),
        ),
    };
    Some(
        Diagnostic::new(rule_id, severity, location, issue.message.clone())
            .with_help(issue.help.clone())
            .with_envs(envs),
    )
}

/// A missing overlay is reported at the start of the service's `default.yaml`,
/// for the environment it lacks; a missing `default.yaml` at its own path.
fn missing_file_location(path: &str) -> (Location, Vec<String>) {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let env = name.trim_end_matches(".yaml").trim_end_matches(".yml");
    if env == "default" {
        return (Location::file_start(path), Vec::new());
    }
    let default = if dir.is_empty() {
        "default.yaml".to_owned()
    } else {
        format!("{dir}/default.yaml")
    };
    (Location::file_start(default), vec![env.to_owned()])
}

fn severity_of(severity: IssueSeverity) -> Severity {
    match severity {
        IssueSeverity::Info => Severity::Info,
        IssueSeverity::Warning => Severity::Warning,
        IssueSeverity::Error => Severity::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_overlay_points_at_default_yaml_for_its_env() {
        let issue = PlatformIssue::new(
            IssueKind::MissingEnvFile,
            "svc/.cicd/prod.yaml",
            None,
            "m",
            "h",
        );
        let d = to_diagnostic(&issue).unwrap();
        assert_eq!(d.location, Location::file_start("svc/.cicd/default.yaml"));
        assert_eq!(d.envs, vec!["prod"]);
        assert_eq!(d.rule.as_str(), "missing-env-file");
    }

    #[test]
    fn directory_not_found_is_not_a_finding() {
        let issue = PlatformIssue::new(
            IssueKind::ServiceDirectoryNotFound,
            "core.yaml",
            None,
            "m",
            "h",
        );
        assert!(to_diagnostic(&issue).is_none());
    }
}
