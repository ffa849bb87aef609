//! The Vault state the platform wants, computed from its configuration: what the
//! seed's bootstrap Job wrote, plus the markers that let later runs recognise
//! what this tool manages.

use gg_vault::{KubernetesRole, PlatformVaultSettings, print_policy};
use serde_json::{Value, json};

/// First line of every policy this tool writes; a policy carrying it is managed.
pub const POLICY_MARKER: &str = "# managed-by: gitops-guard";

/// The Kubernetes auth mount the platform's VaultAuth objects use.
pub const KUBERNETES_AUTH_MOUNT: &str = "kubernetes";

/// How Vault reaches the cluster's API server to review service account tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubernetesConfig {
    /// `kubernetes_host`, e.g. `https://kubernetes.example:6443`.
    pub host: String,
    /// `kubernetes_ca_cert`: the PEM of the cluster CA.
    pub ca_cert: String,
}

/// Choices the platform configuration does not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootstrapOptions {
    /// Configure `auth/kubernetes/config`; `None` leaves an existing config alone.
    pub kubernetes: Option<KubernetesConfig>,
    /// Write the per-service policies and roles (`{prefix}-{S}-{E}`, `{S}-{E}`).
    pub service_roles: bool,
    /// `registry.vaultPath`: a placeholder is written there too.
    pub registry_path: Option<String>,
}

/// A policy as written: the marker line, then the generated rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredPolicy {
    /// Policy name.
    pub name: String,
    /// Its full HCL text.
    pub body: String,
}

/// Everything `vault apply` makes sure exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredState {
    /// The KV v2 mount (no slashes).
    pub mount: String,
    /// The platform's `vaultPathPrefix` (names the role ledger).
    pub prefix: String,
    /// The Kubernetes auth configuration, when given.
    pub kubernetes: Option<KubernetesConfig>,
    /// Policies, in write order.
    pub policies: Vec<DesiredPolicy>,
    /// Kubernetes auth roles, in write order.
    pub roles: Vec<KubernetesRole>,
    /// Logical paths (below the mount, no `data/`) that get a create-only placeholder.
    pub placeholders: Vec<String>,
}

impl DesiredState {
    /// The desired state of a platform.
    pub fn new(settings: &PlatformVaultSettings, options: &BootstrapOptions) -> Self {
        let generated = if options.service_roles {
            settings.generate()
        } else {
            PlatformVaultSettings {
                services: Vec::new(),
                ..settings.clone()
            }
            .generate()
        };
        let policies = generated
            .policies
            .iter()
            .map(|named| DesiredPolicy {
                name: named.name.clone(),
                body: marked(&print_policy(&named.policy)),
            })
            .collect();
        let mut placeholders: Vec<String> = settings
            .services
            .iter()
            .flat_map(|service| {
                settings.environments.iter().map(move |env| {
                    format!("{}/{service}/{env}/config", settings.vault_path_prefix)
                })
            })
            .collect();
        placeholders.extend(
            options
                .registry_path
                .iter()
                .map(|p| p.trim_matches('/').to_owned()),
        );
        Self {
            mount: settings.mount.name().to_owned(),
            prefix: settings.vault_path_prefix.clone(),
            kubernetes: options.kubernetes.clone(),
            policies,
            roles: generated.roles,
            placeholders,
        }
    }

    /// The logical path of the ledger listing the roles this tool manages (roles have
    /// no field that could carry a marker).
    pub fn ledger_path(&self) -> String {
        format!("gitops-guard/{}/managed-roles", self.prefix)
    }
}

/// A policy body with the marker line on top.
pub(crate) fn marked(body: &str) -> String {
    format!("{POLICY_MARKER}\n{body}")
}

/// Whether a live policy body carries the marker.
pub(crate) fn is_marked(body: &str) -> bool {
    body.lines().next().map(str::trim) == Some(POLICY_MARKER)
}

/// The request body of `auth/kubernetes/role/NAME`.
pub(crate) fn role_body(role: &KubernetesRole) -> Value {
    json!({
        "bound_service_account_names": role.bound_service_account_names,
        "bound_service_account_namespaces": role.bound_service_account_namespaces,
        "token_policies": role.policies,
        "audience": role.audience,
        "token_ttl": role.ttl,
    })
}

/// The request body of `auth/kubernetes/config`. Outside a pod Vault has no local
/// service account to read a CA and token from, so `disable_local_ca_jwt` is set.
pub(crate) fn kubernetes_config_body(config: &KubernetesConfig) -> Value {
    json!({
        "kubernetes_host": config.host,
        "kubernetes_ca_cert": config.ca_cert,
        "disable_local_ca_jwt": true,
    })
}

/// The data of a placeholder secret.
pub(crate) fn placeholder_data() -> Value {
    json!({"_placeholder": "created by gitops-guard vault apply; replace with the service's keys"})
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_vault::Kv2Mount;

    fn settings() -> PlatformVaultSettings {
        PlatformVaultSettings {
            vault_path_prefix: "acme".into(),
            namespace_prefix: "shop".into(),
            environments: vec!["dev".into(), "prod".into()],
            mount: Kv2Mount::default(),
            services: vec!["cart".into()],
            preview: None,
        }
    }

    fn options(service_roles: bool) -> BootstrapOptions {
        BootstrapOptions {
            kubernetes: None,
            service_roles,
            registry_path: Some("acme/platform/registry".into()),
        }
    }

    #[test]
    fn policies_carry_the_marker_and_placeholders_cover_services_envs_and_registry() {
        let desired = DesiredState::new(&settings(), &options(true));
        assert!(desired.policies.iter().all(|p| is_marked(&p.body)));
        assert_eq!(desired.policies.len(), 4);
        assert_eq!(desired.roles.len(), 4);
        assert_eq!(
            desired.placeholders,
            [
                "acme/cart/dev/config",
                "acme/cart/prod/config",
                "acme/platform/registry"
            ]
        );
        assert_eq!(desired.ledger_path(), "gitops-guard/acme/managed-roles");
    }

    #[test]
    fn service_roles_can_be_left_out_but_placeholders_stay() {
        let desired = DesiredState::new(&settings(), &options(false));
        let names: Vec<_> = desired.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["shop-dev-default", "shop-prod-default"]);
        assert_eq!(desired.placeholders.len(), 3);
    }

    #[test]
    fn marker_must_be_the_first_line() {
        assert!(is_marked("# managed-by: gitops-guard\npath \"a\" {}"));
        assert!(!is_marked("path \"a\" {}\n# managed-by: gitops-guard"));
        assert!(!is_marked(""));
    }

    #[test]
    fn role_body_uses_token_fields() {
        let desired = DesiredState::new(&settings(), &options(true));
        let body = role_body(&desired.roles[0]);
        assert_eq!(body["token_policies"], json!(["shop-dev-read"]));
        assert_eq!(body["audience"], "vault");
        assert_eq!(body["token_ttl"], "1h");
    }
}
