//! The Vault objects the platform bootstrap writes, generated from its settings.
//!
//! Per enabled environment `E`: policy `{nsPrefix}-{E}-read` (read on
//! `{mount}/data/{prefix}/+/{E}/*`, read+list on the `metadata/` twin, and the same pair
//! for `{prefix}/platform/*`) and Kubernetes auth role `{nsPrefix}-{E}-default`. Per
//! registered service `S`: policy `{prefix}-{S}-{E}` on `{prefix}/{S}/{E}/config` and role
//! `{S}-{E}`. With preview environments: policy `argocd-preview-read` and role
//! `argocd-preview`. The bootstrap hard-codes the `secret/` mount; here the configured
//! mount is used (identical for the default `secret`).

use serde::Serialize;

use crate::capability::Capability::{List, Read};
use crate::kv2::Kv2Mount;
use crate::policy::{PathRule, Policy};

/// What the generation reads from the platform configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformVaultSettings {
    /// `global.vaultPathPrefix`, e.g. `gitops-poc-dzha`.
    pub vault_path_prefix: String,
    /// `global.namespacePrefix`, e.g. `poc` (empty: namespaces are the env names).
    pub namespace_prefix: String,
    /// Enabled environments, in order.
    pub environments: Vec<String>,
    /// `vault.mount`.
    pub mount: Kv2Mount,
    /// Registered services, in order.
    pub services: Vec<String>,
    /// Preview environments' Vault settings, when enabled.
    pub preview: Option<PreviewVault>,
}

/// `previewEnvironments.vault`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewVault {
    /// `previewEnvironments.vault.path` (logical, e.g. `gitops-poc-dzha/argocd/gitlab-preview/dev`).
    pub path: String,
}

/// A policy and the name it is written under (`sys/policies/acl/NAME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPolicy {
    /// Policy name.
    pub name: String,
    /// Its rules.
    pub policy: Policy,
}

/// The body of `auth/kubernetes/role/NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KubernetesRole {
    /// Role name (the path segment; not part of the body).
    #[serde(skip)]
    pub name: String,
    /// Service accounts allowed to log in.
    pub bound_service_account_names: Vec<String>,
    /// Namespaces they must live in.
    pub bound_service_account_namespaces: Vec<String>,
    /// Policies of the issued token.
    pub policies: Vec<String>,
    /// Required JWT audience.
    pub audience: String,
    /// Token TTL.
    pub ttl: String,
}

/// Everything the bootstrap writes to Vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformVault {
    /// Policies, in write order.
    pub policies: Vec<NamedPolicy>,
    /// Kubernetes auth roles, in write order.
    pub roles: Vec<KubernetesRole>,
}

const AUDIENCE: &str = "vault";
const TTL: &str = "1h";

impl PlatformVaultSettings {
    /// The application namespace of an environment: `{namespacePrefix}-{env}`, or
    /// `{env}` when the prefix is empty.
    pub fn namespace(&self, env: &str) -> String {
        joined(&self.namespace_prefix, env)
    }

    /// Name of the environment's namespace policy (`poc-dev-read`).
    pub fn env_policy_name(&self, env: &str) -> String {
        format!("{}-read", self.namespace(env))
    }

    /// Name of the environment's namespace role (`poc-dev-default`), used by VaultAuth.
    pub fn env_role_name(&self, env: &str) -> String {
        format!("{}-default", self.namespace(env))
    }

    /// The namespace policy of `env`.
    pub fn env_policy(&self, env: &str) -> Policy {
        let prefix = &self.vault_path_prefix;
        let mut rules = Vec::new();
        for scope in [
            format!("{prefix}/+/{env}/*"),
            format!("{prefix}/platform/*"),
        ] {
            rules.push(PathRule::new(self.mount.data_path(&scope), &[Read]));
            rules.push(PathRule::new(
                self.mount.metadata_path(&scope),
                &[Read, List],
            ));
        }
        Policy { name: None, rules }
    }

    /// The per-service policy of `service` in `env`.
    pub fn service_policy(&self, service: &str, env: &str) -> Policy {
        let secret = format!("{}/{service}/{env}/config", self.vault_path_prefix);
        Policy {
            name: None,
            rules: vec![
                PathRule::new(self.mount.data_path(&secret), &[Read]),
                PathRule::new(self.mount.metadata_path(&secret), &[Read, List]),
            ],
        }
    }

    /// Generates every policy and role, in the bootstrap's order.
    pub fn generate(&self) -> PlatformVault {
        let mut out = PlatformVault {
            policies: Vec::new(),
            roles: Vec::new(),
        };
        for env in &self.environments {
            let policy = self.env_policy_name(env);
            out.policies.push(NamedPolicy {
                name: policy.clone(),
                policy: self.env_policy(env),
            });
            out.roles.push(role(
                self.env_role_name(env),
                vec!["default".to_owned()],
                self.namespace(env),
                policy,
            ));
        }
        for service in &self.services {
            for env in &self.environments {
                let policy = joined(&self.vault_path_prefix, &format!("{service}-{env}"));
                out.policies.push(NamedPolicy {
                    name: policy.clone(),
                    policy: self.service_policy(service, env),
                });
                out.roles.push(role(
                    format!("{service}-{env}"),
                    vec![service.clone(), "default".to_owned()],
                    self.namespace(env),
                    policy,
                ));
            }
        }
        if let Some(preview) = &self.preview {
            let policy = "argocd-preview-read".to_owned();
            let rule = PathRule::new(self.mount.data_path(&preview.path), &[Read]);
            out.policies.push(NamedPolicy {
                name: policy.clone(),
                policy: Policy {
                    name: None,
                    rules: vec![rule],
                },
            });
            out.roles.push(role(
                "argocd-preview".to_owned(),
                vec!["default".to_owned()],
                "argocd".to_owned(),
                policy,
            ));
        }
        out
    }
}

fn role(name: String, accounts: Vec<String>, namespace: String, policy: String) -> KubernetesRole {
    KubernetesRole {
        name,
        bound_service_account_names: accounts,
        bound_service_account_namespaces: vec![namespace],
        policies: vec![policy],
        audience: AUDIENCE.to_owned(),
        ttl: TTL.to_owned(),
    }
}

fn joined(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_owned()
    } else {
        format!("{prefix}-{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acl::Acl;
    use crate::lint::{LintContext, PlatformScope, lint_policy};
    use crate::policy::print_policy;

    fn seed() -> PlatformVaultSettings {
        PlatformVaultSettings {
            vault_path_prefix: "gitops-poc-dzha".into(),
            namespace_prefix: "poc".into(),
            environments: vec!["dev".into(), "staging".into()],
            mount: Kv2Mount::default(),
            services: vec!["api-gw".into()],
            preview: Some(PreviewVault {
                path: "gitops-poc-dzha/argocd/gitlab-preview/dev".into(),
            }),
        }
    }

    #[test]
    fn names_and_hcl_match_the_bootstrap() {
        let generated = seed().generate();
        let names: Vec<_> = generated.policies.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "poc-dev-read",
                "poc-staging-read",
                "gitops-poc-dzha-api-gw-dev",
                "gitops-poc-dzha-api-gw-staging",
                "argocd-preview-read"
            ]
        );
        assert_eq!(
            print_policy(&generated.policies[0].policy),
            "path \"secret/data/gitops-poc-dzha/+/dev/*\" {\n  capabilities = [\"read\"]\n}\n\npath \"secret/metadata/gitops-poc-dzha/+/dev/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n\npath \"secret/data/gitops-poc-dzha/platform/*\" {\n  capabilities = [\"read\"]\n}\n\npath \"secret/metadata/gitops-poc-dzha/platform/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
        );
        let role = serde_json::to_value(&generated.roles[2]).unwrap();
        assert_eq!(generated.roles[2].name, "api-gw-dev");
        assert_eq!(
            role,
            serde_json::json!({"bound_service_account_names": ["api-gw", "default"], "bound_service_account_namespaces": ["poc-dev"], "policies": ["gitops-poc-dzha-api-gw-dev"], "audience": "vault", "ttl": "1h"})
        );
        assert_eq!(generated.roles[0].name, "poc-dev-default");
        assert_eq!(
            generated.roles[4].bound_service_account_namespaces,
            ["argocd"]
        );
    }

    #[test]
    fn generated_policies_lint_clean_and_grant_the_canonical_path() {
        let settings = seed();
        let scope = PlatformScope {
            mount: settings.mount.clone(),
            vault_path_prefix: settings.vault_path_prefix.clone(),
            environments: settings.environments.clone(),
        };
        let ctx = LintContext {
            platform: Some(scope),
            ..LintContext::default()
        };
        for named in settings.generate().policies {
            assert_eq!(
                lint_policy(&named.name, &named.policy, &ctx),
                vec![],
                "{}",
                named.name
            );
        }
        let acl = Acl::new(&[settings.env_policy("dev")]).unwrap();
        assert_eq!(
            acl.capabilities("secret/data/gitops-poc-dzha/api-gw/dev/config")
                .to_string(),
            "read"
        );
        assert_eq!(
            acl.capabilities("secret/data/gitops-poc-dzha/api-gw/staging/config")
                .to_string(),
            "deny"
        );
    }

    #[test]
    fn empty_namespace_prefix() {
        let settings = PlatformVaultSettings {
            namespace_prefix: String::new(),
            ..seed()
        };
        assert_eq!(settings.env_policy_name("dev"), "dev-read");
        assert_eq!(settings.namespace("dev"), "dev");
    }
}
