//! Reading the part of the live Vault state that the plan compares.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::desired::{DesiredState, KUBERNETES_AUTH_MOUNT};
use crate::error::ClientError;
use crate::http::Vault;

/// What is mounted at the KV path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountState {
    /// Nothing.
    Absent,
    /// A KV version 2 engine.
    KvV2,
    /// Something else (type and version as the server reports them).
    Other(String),
}

/// `auth/kubernetes/config` as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveKubernetesConfig {
    /// `kubernetes_host`.
    pub host: String,
    /// `kubernetes_ca_cert`.
    pub ca_cert: String,
    /// `disable_local_ca_jwt`.
    pub disable_local_ca_jwt: bool,
}

/// The fields of a Kubernetes role the plan compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRole {
    /// `bound_service_account_names`.
    pub service_accounts: Vec<String>,
    /// `bound_service_account_namespaces`.
    pub namespaces: Vec<String>,
    /// `token_policies`.
    pub policies: Vec<String>,
    /// `audience`.
    pub audience: String,
    /// `token_ttl` in seconds.
    pub ttl_seconds: u64,
}

/// The ledger of managed roles and its KV version (for check-and-set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    /// Current version (0: absent).
    pub version: u64,
    /// Role names recorded.
    pub roles: BTreeSet<String>,
}

/// The live state relevant to one desired state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveState {
    /// The KV mount.
    pub mount: MountState,
    /// Whether `auth/kubernetes` is enabled.
    pub kubernetes_auth: bool,
    /// Its config, when it has one.
    pub kubernetes_config: Option<LiveKubernetesConfig>,
    /// Every ACL policy except `root` and `default`, with its body.
    pub policies: BTreeMap<String, String>,
    /// Every role name; the desired ones with their fields.
    pub roles: BTreeMap<String, Option<LiveRole>>,
    /// The managed-roles ledger.
    pub ledger: Ledger,
    /// Placeholder paths that already hold a secret (any version, even deleted).
    pub existing_secrets: BTreeSet<String>,
}

const BUILTIN_POLICIES: [&str; 2] = ["root", "default"];

/// Reads the live state that `desired` is compared with.
pub async fn read_live(vault: &Vault, desired: &DesiredState) -> Result<LiveState, ClientError> {
    let mount = read_mount(vault, &desired.mount).await?;
    let auths = vault.read("sys/auth").await?.unwrap_or(Value::Null);
    let kubernetes_auth = auths.get(format!("{KUBERNETES_AUTH_MOUNT}/")).is_some();
    let kubernetes_config = if kubernetes_auth {
        vault
            .read(&format!("auth/{KUBERNETES_AUTH_MOUNT}/config"))
            .await?
            .map(|c| LiveKubernetesConfig {
                host: text(&c, "kubernetes_host"),
                ca_cert: text(&c, "kubernetes_ca_cert"),
                disable_local_ca_jwt: c
                    .get("disable_local_ca_jwt")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            })
    } else {
        None
    };

    let mut policies = BTreeMap::new();
    for name in vault.list("sys/policies/acl").await? {
        if BUILTIN_POLICIES.contains(&name.as_str()) {
            continue;
        }
        if let Some(body) = vault.read(&format!("sys/policies/acl/{name}")).await? {
            policies.insert(name, text(&body, "policy"));
        }
    }

    let wanted: BTreeSet<&str> = desired.roles.iter().map(|r| r.name.as_str()).collect();
    let mut roles = BTreeMap::new();
    if kubernetes_auth {
        for name in vault
            .list(&format!("auth/{KUBERNETES_AUTH_MOUNT}/role"))
            .await?
        {
            let fields = if wanted.contains(name.as_str()) {
                vault
                    .read(&format!("auth/{KUBERNETES_AUTH_MOUNT}/role/{name}"))
                    .await?
                    .map(|r| parse_role(&r))
            } else {
                None
            };
            roles.insert(name, fields);
        }
    }

    let (ledger, existing_secrets) = if mount == MountState::KvV2 {
        let ledger = read_ledger(vault, &desired.mount, &desired.ledger_path()).await?;
        let mut existing = BTreeSet::new();
        for path in &desired.placeholders {
            let metadata = vault
                .read(&format!("{}/metadata/{path}", desired.mount))
                .await?;
            if metadata.is_some() {
                existing.insert(path.clone());
            }
        }
        (ledger, existing)
    } else {
        (
            Ledger {
                version: 0,
                roles: BTreeSet::new(),
            },
            BTreeSet::new(),
        )
    };
    Ok(LiveState {
        mount,
        kubernetes_auth,
        kubernetes_config,
        policies,
        roles,
        ledger,
        existing_secrets,
    })
}

async fn read_mount(vault: &Vault, mount: &str) -> Result<MountState, ClientError> {
    let mounts = vault.read("sys/mounts").await?.unwrap_or(Value::Null);
    let Some(entry) = mounts.get(format!("{mount}/")) else {
        return Ok(MountState::Absent);
    };
    let kind = text(entry, "type");
    let version = entry
        .pointer("/options/version")
        .and_then(Value::as_str)
        .unwrap_or("1")
        .to_owned();
    Ok(if kind == "kv" && version == "2" {
        MountState::KvV2
    } else {
        MountState::Other(format!("type {kind}, version {version}"))
    })
}

/// Reads the ledger at `path` below `mount`.
pub(crate) async fn read_ledger(
    vault: &Vault,
    mount: &str,
    path: &str,
) -> Result<Ledger, ClientError> {
    let Some(secret) = vault.read(&format!("{mount}/data/{path}")).await? else {
        // Absent, or its latest version deleted: the metadata holds the version to CAS on.
        let version = vault
            .read(&format!("{mount}/metadata/{path}"))
            .await?
            .and_then(|m| m.get("current_version").and_then(Value::as_u64))
            .unwrap_or(0);
        return Ok(Ledger {
            version,
            roles: BTreeSet::new(),
        });
    };
    let version = secret
        .pointer("/metadata/version")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let roles = secret
        .pointer("/data/roles")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(Ledger { version, roles })
}

fn parse_role(role: &Value) -> LiveRole {
    LiveRole {
        service_accounts: strings(role, "bound_service_account_names"),
        namespaces: strings(role, "bound_service_account_namespaces"),
        policies: strings(role, "token_policies"),
        audience: text(role, "audience"),
        ttl_seconds: role.get("token_ttl").and_then(Value::as_u64).unwrap_or(0),
    }
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn role_fields_are_read_from_the_servers_json() {
        let role = parse_role(&json!({
            "bound_service_account_names": ["default"],
            "bound_service_account_namespaces": ["shop-dev"],
            "token_policies": ["shop-dev-read"],
            "audience": "vault",
            "token_ttl": 3600
        }));
        assert_eq!(role.policies, ["shop-dev-read"]);
        assert_eq!(role.ttl_seconds, 3600);
        assert_eq!(role.audience, "vault");
    }
}
