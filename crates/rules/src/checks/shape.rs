//! `unknown-key` and `type-mismatch`: a values file checked against the k8app
//! schema of the platform's chart version.

use gg_k8app::ShapeIssueKind;
use gg_yaml::{Node, PathSegment};

use crate::context::PlatformContext;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;
use gg_platform::locate::span_location;

/// Top-level keys whose items have a rule of their own (no second finding).
const OWN_RULES: &[&str] = &["imagePullSecrets"];

/// Probes whose `execCommand.command` the chart ranges over.
const PROBES: &[&str] = &["livenessProbe", "readinessProbe"];

/// Checks the shape of one values file.
pub(crate) fn check(ctx: &PlatformContext<'_>, path: &str, root: &Node, out: &mut Vec<Diagnostic>) {
    check_exec_commands(path, root, out);
    for issue in ctx.shape.check(root) {
        let (rule, help) = match &issue.kind {
            ShapeIssueKind::UnknownKey { suggestion, hint } => (
                &rules::UNKNOWN_KEY,
                hint.map(str::to_owned).unwrap_or_else(|| match suggestion {
                    Some(s) => format!("rename it to `{s}`, or delete it: k8app ignores it silently"),
                    None => "delete it, or check its spelling and indentation: k8app ignores it silently".to_owned(),
                }),
            ),
            ShapeIssueKind::TypeMismatch { hint, .. } => {
                let under_own_rule = matches!(
                    issue.path.0.first(),
                    Some(PathSegment::Key(key)) if OWN_RULES.contains(&key.as_str())
                ) && issue.path.0.len() > 1;
                if under_own_rule {
                    continue;
                }
                (
                    &rules::TYPE_MISMATCH,
                    hint.map(str::to_owned)
                        .unwrap_or_else(|| "write the value in the shape k8app expects (`gitops-guard schema k8app` prints it)".to_owned()),
                )
            }
        };
        out.push(
            rule.finding(span_location(path, issue.span), issue.message())
                .with_help(help),
        );
    }
}

/// Whether the file sets `probe.mode` to a mode other than `execCommand`.
fn uses_another_mode(root: &Node, probe: &str) -> bool {
    root.get_path(&[probe, "mode"])
        .and_then(Node::as_str)
        .is_some_and(|mode| mode != "execCommand")
}

/// `execCommand.command` as a string: the schema must accept it (the chart's own
/// default is the string `cat`), but the template ranges over it, so a string
/// written in a values file fails the render as soon as `mode: execCommand`.
/// A probe whose `mode` the same file sets to another mode leaves the string
/// unread (a copy of the chart's defaults has `mode: httpGet` beside `cat`).
fn check_exec_commands(path: &str, root: &Node, out: &mut Vec<Diagnostic>) {
    for probe in PROBES {
        let Some(command) = root.get_path(&[probe, "execCommand", "command"]) else {
            continue;
        };
        if command.as_str().is_none() || uses_another_mode(root, probe) {
            continue;
        }
        out.push(
            rules::TYPE_MISMATCH.finding(span_location(path, command.span),
                format!("`{probe}.execCommand.command` should be a list of strings, found a string"),
            )
            .with_help("write the command as a list (`command: [\"cat\", \"/tmp/healthy\"]`): k8app ranges over it, and a string fails the render with `mode: execCommand`"),
        );
    }
}
