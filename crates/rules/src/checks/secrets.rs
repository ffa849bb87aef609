//! Secrets: where the paths point, whether the namespace's Vault policy grants
//! them, and the VaultStaticSecret settings.

use gg_vault::{Capability, ResolutionKind, SecretContext, resolve_secret_path};
use gg_yaml::{LayerKind, MergedNode, MergedValue, NodeKind};

use crate::checks::images::written_by_service;
use crate::context::{EnvContext, FileContext, PlatformContext};
use gg_diagnostic::Diagnostic;
use gg_diagnostic::rules;
use gg_platform::locate::{merged_location, node_location};

/// Checks each secret reference and the `secretsProvider.vault` settings of one file.
pub(crate) fn check_file(
    ctx: &PlatformContext<'_>,
    file: &FileContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(map) = file.get(&["secrets"]).and_then(|n| n.as_map()) {
        for (key, value) in &map.entries {
            let Some(path) = value.as_str() else {
                continue;
            };
            check_path_form(ctx, file.path, &key.name, path, value, out);
        }
    }
    if let Some(node) = file.get(&["secretsProvider", "vault", "refreshAfter"])
        && !valid_refresh_after(node)
    {
        out.push(
            rules::VAULT_REFRESH_AFTER.finding(node_location(file.path, node),
                format!(
                    "`refreshAfter: {}` is rejected by the Vault Secrets Operator, which accepts one number and one unit (s, m or h)",
                    node.helm_text().unwrap_or_default()
                ),
            )
            .with_help("write e.g. `1h`, `30m` or `90s` (`1h30m` and `1d` are not accepted)"),
        );
    }
    let expected_auth = platform_vault_auth(ctx);
    if ctx.facts.vault_auth
        && let Some(node) = file.get(&["secretsProvider", "vault", "authRef"])
        && node.as_str() != Some(expected_auth)
    {
        out.push(
            rules::VAULT_AUTH_REF.finding(node_location(file.path, node),
                format!(
                    "`authRef: {}` names a VaultAuth the platform does not create (it creates `{expected_auth}` in every application namespace)",
                    node.helm_text().unwrap_or_default()
                ),
            )
            .with_help(format!("use `authRef: {expected_auth}` or drop the key (k8app's default is `vault-auth`)")),
        );
    }
}

/// The VaultAuth the platform creates in every application namespace.
pub(crate) fn platform_vault_auth<'c>(ctx: &'c PlatformContext<'_>) -> &'c str {
    ctx.platform.settings.vault_auth.value.as_str()
}

/// True when a secret path starts with the KV mount, `data/` or `metadata/`
/// (the operator adds both itself).
pub(crate) fn includes_mount(ctx: &PlatformContext<'_>, path: &str) -> bool {
    let logical = path.strip_prefix('/').unwrap_or(path);
    let first = logical.split('/').next().unwrap_or_default();
    (ctx.facts.mount && first == ctx.mount.name()) || first == "data" || first == "metadata"
}

fn check_path_form(
    ctx: &PlatformContext<'_>,
    file: &str,
    name: &str,
    path: &str,
    node: &gg_yaml::Node,
    out: &mut Vec<Diagnostic>,
) {
    if includes_mount(ctx, path) {
        out.push(
            rules::SECRET_PATH_MOUNT_PREFIX.finding(node_location(file, node),
                format!("secret `{name}`: the path `{path}` includes the mount or `data/`"),
            )
            .with_help(format!(
                "write the path without mount and `data/` (the operator adds both): `/{}/<service>/<env>/config`",
                ctx.vault_prefix_shown()
            )),
        );
    }
    if !path.starts_with('/') && ctx.secrets_model == gg_vault::SecretsModel::K8app34To38 {
        out.push(
            rules::SECRET_PATH_RELATIVE.finding(node_location(file, node),
                format!(
                    "secret `{name}`: the relative path `{path}` resolves to `{{namespace}}/{{appName}}/{{environment}}/{path}`, which no platform policy grants"
                ),
            )
            .with_help(format!(
                "write the absolute path `/{}/<service>/<env>/config` (leading `/`)",
                ctx.vault_prefix_shown()
            )),
        );
    }
}

/// VSO's pattern for `refreshAfter`: `^[0-9]+(\.[0-9]+)?(s|m|h)$`.
fn valid_refresh_after(node: &gg_yaml::Node) -> bool {
    let NodeKind::String(text) = &node.kind else {
        return false;
    };
    valid_refresh_after_text(text)
}

/// VSO's pattern for `refreshAfter` over plain text.
pub(crate) fn valid_refresh_after_text(text: &str) -> bool {
    let Some(number) = text.strip_suffix(['s', 'm', 'h']) else {
        return false;
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

/// One merged secret: env var name, path value and where it won.
struct MergedSecret<'a> {
    name: &'a str,
    value: &'a str,
    node: &'a MergedNode,
    resolved: String,
    kind: ResolutionKind,
}

/// The checks on the merged secrets of one environment.
pub(crate) fn check_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(secrets_node) = env.merged.get_dotted("secrets") else {
        return;
    };
    let MergedValue::Map(entries) = &secrets_node.value else {
        return;
    };
    let namespace = ctx.platform.settings.namespace(env.env_name());
    let environment = env
        .merged
        .get_dotted("environment")
        .and_then(|n| n.as_str())
        .unwrap_or_default();
    let app = env.app_name();
    let secret_ctx = SecretContext {
        namespace: &namespace,
        app_name: app,
        environment,
    };
    let mut secrets: Vec<MergedSecret<'_>> = entries
        .iter()
        .filter_map(|(name, node)| {
            let value = node.as_str()?;
            let resolved = resolve_secret_path(ctx.secrets_model, value, &secret_ctx);
            Some(MergedSecret {
                name,
                value,
                node,
                resolved: resolved.path,
                kind: resolved.kind,
            })
        })
        .collect();
    gg_sort::sort_by(&mut secrets, |a, b| a.name.cmp(b.name));
    if secrets.is_empty() {
        return;
    }
    check_provider(ctx, env, &secrets, out);
    for secret in &secrets {
        check_wrong_env(ctx, env, secret, out);
        check_denied(ctx, env, secret, out);
    }
    check_multiple_paths(env, &secrets, out);
}

fn check_provider(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    secrets: &[MergedSecret<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let provider = env.merged.get_dotted("secretsProvider.provider");
    let name = provider.and_then(|n| n.as_str()).unwrap_or("none");
    // Without the platform's shared values (which normally choose `vault`),
    // only a provider a service file writes is known.
    let known = ctx.facts.platform_defaults || provider.is_some_and(written_by_service);
    if name == "vault" || !known {
        return;
    }
    let location = match provider {
        Some(node) if node.provenance.origin.kind != LayerKind::ChartDefaults => {
            merged_location(node)
        }
        _ => {
            let Some(first) = secrets.first() else {
                return;
            };
            secrets_key_location(env, &first.node.provenance.origin.file)
        }
    };
    out.push(
        rules::SECRETS_PROVIDER_NOT_VAULT.finding(location,
            format!(
                "`secrets` is set but `secretsProvider.provider` is `{name}`: k8app renders the legacy AWS CSI SecretProviderClass instead of VaultStaticSecrets"
            ),
        )
        .with_help("set `secretsProvider.provider: vault` (normally in the platform's shared k8app defaults)")
        .with_env(env.env_name()),
    );
}

/// The `secrets:` key of `file` (falls back to the file's start).
fn secrets_key_location(env: &EnvContext<'_>, file: &str) -> gg_diagnostic::Location {
    env.service
        .files
        .iter()
        .find(|f| f.file.path == file)
        .and_then(|f| f.file.node.as_ref())
        .and_then(|root| root.as_map())
        .and_then(|map| map.entry("secrets"))
        .map_or_else(
            || gg_diagnostic::Location::file_start(file),
            |(key, _)| gg_platform::locate::span_location(file, key.span),
        )
}

fn check_wrong_env(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    secret: &MergedSecret<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let fixed_path = matches!(
        secret.kind,
        ResolutionKind::Absolute | ResolutionKind::EnvTemplate { substituted: false }
    );
    if !(fixed_path && ctx.facts.vault_prefix && ctx.facts.environments) {
        return;
    }
    let prefix = ctx.platform.settings.vault_path_prefix.value.as_str();
    let resolved = secret.resolved.trim_start_matches('/');
    let Some(path_env) = foreign_path_env(ctx, resolved, env.env_name()) else {
        return;
    };
    out.push(
        rules::SECRET_PATH_WRONG_ENV.finding(merged_location(secret.node),
            format!("secret `{}`: the path `{}` belongs to environment `{path_env}`", secret.name, secret.value),
        )
        .with_help(format!(
            "set the path of each environment in its own overlay (`/{prefix}/<service>/<env>/config`); a path in default.yaml is inherited by every environment"
        ))
        .with_env(env.env_name()),
    );
}

/// The platform environment a resolved path `{prefix}/{service}/{env}/…` belongs
/// to, when that is another enabled environment than `env`.
pub(crate) fn foreign_path_env<'a>(
    ctx: &PlatformContext<'_>,
    resolved: &'a str,
    env: &str,
) -> Option<&'a str> {
    let mut segments = resolved.split('/');
    let first = segments.next()?;
    let path_env = segments.nth(1)?;
    (first == ctx.platform.settings.vault_path_prefix.value
        && path_env != env
        && ctx.envs.iter().any(|e| e == path_env))
    .then_some(path_env)
}

/// Why the namespace of `env` may not read a secret.
pub(crate) struct Denied {
    /// The API path of the read (`secret/data/…`).
    pub api_path: String,
    /// The namespace's generated policy.
    pub policy: String,
}

/// Whether the generated policy of `env`'s namespace grants reading the secret
/// at the resolved (logical) path; environments without a policy grant everything.
pub(crate) fn secret_readable(
    ctx: &PlatformContext<'_>,
    env: &str,
    logical_path: &str,
) -> Result<(), Denied> {
    let Some(acl) = ctx.acls.get(env) else {
        return Ok(());
    };
    let api_path = ctx.mount.data_path(logical_path);
    if acl.capabilities(&api_path).contains(Capability::Read) {
        return Ok(());
    }
    Err(Denied {
        api_path,
        policy: ctx.vault.env_policy_name(env),
    })
}

fn check_denied(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    secret: &MergedSecret<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if !ctx.facts.vault_policy() {
        return;
    }
    let Err(Denied { api_path, policy }) = secret_readable(ctx, env.env_name(), &secret.resolved)
    else {
        return;
    };
    if denied_for_its_environment(ctx, env, secret) {
        return;
    }
    out.push(
        rules::SECRET_PATH_DENIED.finding(merged_location(secret.node),
            format!(
                "secret `{}`: Vault denies reading `{api_path}` to the namespace's policy `{policy}`",
                secret.name
            ),
        )
        .with_help(format!(
            "the Vault Secrets Operator will log a 403 and the pod will not start; use the canonical path `{}` or another path below `{}/<service>/<env>/`",
            ctx.platform
                .settings
                .canonical_secret_path(env.service.name.value.as_str(), env.env_name()),
            ctx.platform.settings.vault_path_prefix.value
        ))
        .with_env(env.env_name()),
    );
}

/// A `{env}` path the release resolves with another environment's name,
/// which its own would make readable: `environment-mismatch` reports the cause.
fn denied_for_its_environment(
    ctx: &PlatformContext<'_>,
    env: &EnvContext<'_>,
    secret: &MergedSecret<'_>,
) -> bool {
    let own = secret.value.replace("{env}", env.env_name());
    matches!(
        secret.kind,
        ResolutionKind::EnvTemplate { substituted: true }
    ) && own != secret.resolved
        && secret_readable(ctx, env.env_name(), &own).is_ok()
}

fn check_multiple_paths(
    env: &EnvContext<'_>,
    secrets: &[MergedSecret<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = secrets.first() else {
        return;
    };
    let Some(other) = secrets.iter().find(|s| s.resolved != first.resolved) else {
        return;
    };
    out.push(
        rules::SECRET_MULTIPLE_PATHS.finding(merged_location(other.node),
            format!(
                "secret `{}` reads another Vault path than `{}`: k8app 3.4–3.8 writes every path into the same Secret, and the paths overwrite each other",
                other.name, first.name
            ),
        )
        .with_help("keep every key of the app in one Vault secret (the canonical `…/config`), or upgrade to a chart with one Secret per path")
        .with_env(env.env_name()),
    );
}
