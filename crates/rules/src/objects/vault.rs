//! Vault Secrets Operator objects: VaultStaticSecret paths against the
//! namespace's generated policy, and the VaultAuth the platform creates.

use crate::checks::secrets::{
    Denied, foreign_path_env, includes_mount, platform_vault_auth, secret_readable,
    valid_refresh_after_text,
};
use crate::json::JsonTree;
use crate::objects::{Found, ObjectContext};
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;

/// Checks a VaultStaticSecret's path, mount, `vaultAuthRef` and `refreshAfter`.
pub(super) fn check_static_secret<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let platform = &ctx.platform;
    let object = found.object;
    let prefix = platform.platform.settings.vault_path_prefix.value.as_str();
    let canonical = found.owner.as_ref().map_or_else(
        || format!("{prefix}/<service>/{}/config", found.env),
        |owner| format!("{prefix}/{}/{}/config", owner.service, found.env),
    );
    if let Some(path) = object.text("/spec/path") {
        let logical = path.trim_start_matches('/');
        if includes_mount(platform, path) {
            found.report(
                out,
                &rules::SECRET_PATH_MOUNT_PREFIX,
                "/spec/path",
                Some("secrets"),
                format!("the path `{path}` includes the mount or `data/`"),
                &format!("write the path without mount and `data/` (the operator adds both): `/{canonical}` in `secrets:`"),
            );
        } else if let Some(path_env) = foreign_path_env(platform, logical, found.env) {
            found.report(
                out,
                &rules::SECRET_PATH_WRONG_ENV,
                "/spec/path",
                Some("secrets"),
                format!("the path `{path}` belongs to environment `{path_env}`"),
                "set the path of each environment in its own overlay; a path in default.yaml is inherited by every environment",
            );
        } else if let Err(Denied { api_path, policy }) =
            secret_readable(platform, found.env, logical)
        {
            found.report(
                out,
                &rules::SECRET_PATH_DENIED,
                "/spec/path",
                Some("secrets"),
                format!("Vault denies reading `{api_path}` to the namespace's policy `{policy}`"),
                &format!("the operator will log a 403 and the pod will not start; use the canonical path `/{canonical}` or another path below `/{prefix}/<service>/{}/`", found.env),
            );
        }
    }
    if let Some(mount) = object.text("/spec/mount")
        && mount != platform.mount.name()
    {
        found.report(
            out,
            &rules::SECRET_PATH_MOUNT_PREFIX,
            "/spec/mount",
            Some("secretsProvider.vault.mount"),
            format!("mount `{mount}` is not the platform's KV mount `{}`", platform.mount.name()),
            "drop `secretsProvider.vault.mount` from the service's values (the platform's shared defaults set it)",
        );
    }
    let expected = platform_vault_auth(platform);
    if let Some(auth) = object.text("/spec/vaultAuthRef")
        && !auth.is_empty()
        && auth != expected
        && auth != format!("{}/{expected}", object.namespace)
    {
        found.report(
            out,
            &rules::VAULT_AUTH_REF,
            "/spec/vaultAuthRef",
            Some("secretsProvider.vault.authRef"),
            format!("`{auth}` names a VaultAuth the platform does not create (it creates `{expected}` in every application namespace)"),
            &format!("use `authRef: {expected}` or drop the key"),
        );
    }
    if let Some(refresh) = object.text("/spec/refreshAfter")
        && !valid_refresh_after_text(refresh)
    {
        found.report(
            out,
            &rules::VAULT_REFRESH_AFTER,
            "/spec/refreshAfter",
            Some("secretsProvider.vault.refreshAfter"),
            format!("`{refresh}` is rejected by the Vault Secrets Operator, which accepts one number and one unit (s, m or h)"),
            "write e.g. `1h`, `30m` or `90s` (`1h30m` and `1d` are not accepted)",
        );
    }
}

/// Checks the platform's VaultAuth: it must log in with the namespace's role.
/// Other VaultAuths are not the platform's business (a VaultStaticSecret that
/// references one is).
pub(super) fn check_auth<J: JsonTree>(
    ctx: &ObjectContext<'_>,
    found: &Found<'_, J>,
    out: &mut Vec<Diagnostic>,
) {
    let platform = &ctx.platform;
    if found.object.name != platform_vault_auth(platform) {
        return;
    }
    let expected = platform.vault.env_role_name(found.env);
    let role = found
        .object
        .text("/spec/kubernetes/role")
        .unwrap_or_default();
    if role != expected {
        found.report(
            out,
            &rules::VAULT_AUTH_REF,
            "/spec/kubernetes/role",
            None,
            format!("the platform's VaultAuth logs in with role `{role}`, but the namespace's Vault role is `{expected}`"),
            &format!("the platform (platform-core) owns this object: restore role `{expected}` (every VaultStaticSecret of the namespace authenticates through it)"),
        );
    }
}
