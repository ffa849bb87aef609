//! `vault check`: the secrets the services read exist, hold a key for every env var
//! that references them, and the environment's live policy grants them.

use std::collections::{BTreeMap, BTreeSet};

use gg_diagnostic::{Diagnostic, rules};
use gg_vault::{Acl, Capability, PlatformVaultSettings, parse_policy};
use serde_json::Value;

use crate::error::ClientError;
use crate::http::Vault;
use crate::uses::SecretUse;

/// Checks `uses` against the live server. Read-only.
pub async fn check_secrets(
    vault: &Vault,
    settings: &PlatformVaultSettings,
    uses: &[SecretUse],
) -> Result<Vec<Diagnostic>, ClientError> {
    let mount = &settings.mount;
    let mut keys: BTreeMap<&str, Option<BTreeSet<String>>> = BTreeMap::new();
    for path in uses.iter().map(|u| u.path.as_str()) {
        if keys.contains_key(path) {
            continue;
        }
        let secret = vault.read(&mount.data_path(path)).await?;
        keys.insert(path, secret.map(|s| data_keys(&s)));
    }
    let mut acls: BTreeMap<&str, Option<Acl>> = BTreeMap::new();
    for env in uses.iter().map(|u| u.env.as_str()) {
        if acls.contains_key(env) {
            continue;
        }
        let name = settings.env_policy_name(env);
        let body = vault.read(&format!("sys/policies/acl/{name}")).await?;
        let acl = body
            .as_ref()
            .and_then(|b| b.get("policy").and_then(Value::as_str))
            .and_then(|text| parse_policy(text).ok())
            .and_then(|policy| Acl::new(&[policy]).ok());
        acls.insert(env, acl);
    }

    let mut out = Vec::new();
    let mut missing_reported = BTreeSet::new();
    for usage in uses {
        let api_path = mount.data_path(&usage.path);
        let granted = acls
            .get(usage.env.as_str())
            .and_then(Option::as_ref)
            .is_some_and(|acl| acl.capabilities(&api_path).contains(Capability::Read));
        if !granted {
            out.push(
                rules::SECRET_UNREADABLE.finding(
                    usage.location.clone(),
                    format!(
                        "`{api_path}` (env var `{}`) is not readable under the namespace's policy as it is live in Vault",
                        usage.var
                    ),
                )
                .with_help(format!(
                    "run `gitops-guard vault plan` to see how the live policy `{}` differs from the generated one, and `vault apply` to restore it",
                    settings.env_policy_name(&usage.env)
                ))
                .with_env(&usage.env),
            );
        }
        match keys.get(usage.path.as_str()) {
            Some(Some(present)) => {
                if !present.contains(&usage.var) {
                    out.push(
                        rules::SECRET_KEY_MISSING.finding(
                    usage.location.clone(),
                            format!(
                                "secret `{}/{}` has no key `{}`; k8app reads the env var from the key of the same name",
                                mount.name(),
                                usage.path,
                                usage.var
                            ),
                        )
                        .with_help(format!(
                            "add the key: `vault kv patch -mount={} {} {}=…`",
                            mount.name(),
                            usage.path,
                            usage.var
                        ))
                        .with_env(&usage.env),
                    );
                }
            }
            _ => {
                if missing_reported.insert((&usage.location, &usage.path, &usage.env)) {
                    out.push(
                        rules::SECRET_MISSING.finding(
                    usage.location.clone(),
                            format!(
                                "secret `{}/{}` does not exist in Vault",
                                mount.name(),
                                usage.path
                            ),
                        )
                        .with_help(format!(
                            "create it with every key the values reference (`vault kv put -mount={} {} KEY=…`), or fix the path",
                            mount.name(),
                            usage.path
                        ))
                        .with_env(&usage.env),
                    );
                }
            }
        }
    }
    Ok(out)
}

/// The keys of a KV v2 read (`{"data": {...}, "metadata": {...}}`).
fn data_keys(secret: &Value) -> BTreeSet<String> {
    secret
        .get("data")
        .and_then(Value::as_object)
        .map(|data| data.keys().cloned().collect())
        .unwrap_or_default()
}
