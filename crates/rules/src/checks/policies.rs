//! Vault policy files (`*.hcl`) found among the linted paths.

use gg_diagnostic::Diagnostic;
use gg_vault::{LintContext, PlatformScope, lint_policy_text};

use crate::context::PlatformContext;

/// Lints one policy file with the vault crate's exact glob semantics.
pub(crate) fn check(ctx: &PlatformContext<'_>, path: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let context = LintContext {
        kv2_mounts: vec![ctx.mount.clone()],
        platform: (ctx.facts.vault_prefix && ctx.facts.environments).then(|| PlatformScope {
            mount: ctx.mount.clone(),
            vault_path_prefix: ctx.platform.settings.vault_path_prefix.value.clone(),
            environments: ctx.envs.clone(),
        }),
    };
    out.extend(lint_policy_text(path, text, &context));
}
