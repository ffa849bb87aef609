//! Vault policy files (`*.hcl`) found among the linted paths.

use gg_vault::{LintContext, PlatformScope, lint_policy_text};

use crate::context::PlatformContext;
use gg_diagnostic::rule;
use gg_diagnostic::{Diagnostic, Location, Severity};

/// Lints one policy file with the vault crate's exact glob semantics.
pub fn check(ctx: &PlatformContext<'_>, path: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let context = LintContext {
        kv2_mounts: vec![ctx.mount.clone()],
        platform: Some(PlatformScope {
            mount: ctx.mount.clone(),
            vault_path_prefix: ctx.platform.settings.vault_path_prefix.value.clone(),
            environments: ctx.envs.clone(),
        }),
    };
    for found in lint_policy_text(text, &context) {
        let id = found.rule.as_str();
        let severity = rule(id).map_or(
            match found.severity {
                gg_vault::Severity::Error => Severity::Error,
                gg_vault::Severity::Warning => Severity::Warning,
            },
            |meta| meta.default_severity,
        );
        out.push(
            Diagnostic::new(
                id,
                severity,
                Location::point(path, found.position.line, found.position.column),
                found.message,
            )
            .with_help(found.help),
        );
    }
}
