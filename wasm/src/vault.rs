//! `vault`: for each secret of a service in an environment, the path the Vault
//! Secrets Operator will read and the rule of the namespace's generated policy
//! that grants or denies it.

use gg_platform::Platform;
use gg_vault::{Acl, Capability, SecretContext, print_policy, resolve_secret_path};
use gg_yaml::{Merged, MergedValue};
use serde::Serialize;

use crate::project::{find_service, require_overlay};
use crate::values::ValueOrigin;
use crate::{Project, WasmError};

/// The policy rule that decided a lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidingRule {
    /// The rule's pattern, e.g. `secret/data/acme/+/dev/*`.
    pub pattern: String,
    /// Its index among the policy's `path` blocks (0-based).
    pub index: usize,
}

/// One secret and Vault's answer for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretDecision {
    /// The environment variable (the key under `secrets:`).
    pub name: String,
    /// The value as written.
    pub value: String,
    /// Where the value that won the merge was written.
    pub origin: ValueOrigin,
    /// The path under the mount the chart resolves it to.
    pub resolved: String,
    /// The KV v2 API path the operator reads (`{mount}/data/{resolved}`).
    pub api_path: String,
    /// The capabilities the namespace's policy gives there (`["deny"]` for none).
    pub capabilities: Vec<&'static str>,
    /// Whether `read` is granted.
    pub granted: bool,
    /// The rule that decided; `None` when no rule matches (denied by default).
    pub rule: Option<DecidingRule>,
}

/// The Vault view of a service in an environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultReport {
    /// The namespace the service runs in.
    pub namespace: String,
    /// The namespace's generated policy, e.g. `shop-dev-read`.
    pub policy_name: String,
    /// Its HCL text.
    pub policy: String,
    /// The canonical secret path of the service in this environment, as written in values.
    pub canonical_path: String,
    /// Every secret, sorted by name.
    pub secrets: Vec<SecretDecision>,
}

/// Resolves every secret of `service` in `env` and asks the generated policy about it.
pub fn vault(project: &Project, service: &str, env: &str) -> Result<VaultReport, WasmError> {
    let platform = project.platform();
    let found = find_service(&platform, service)?;
    require_overlay(&platform, found, env)?;
    let merged = platform.merged_values(found, env);
    let settings = platform.vault_settings();
    let policy = settings.env_policy(env);
    let acl = Acl::new(std::slice::from_ref(&policy))
        .map_err(|e| WasmError::Input(format!("the generated policy does not load: {e}")))?;
    Ok(VaultReport {
        namespace: platform.settings.namespace(env),
        policy_name: settings.env_policy_name(env),
        policy: print_policy(&policy),
        canonical_path: platform
            .settings
            .canonical_secret_path(&found.name.value, env),
        secrets: decisions(&platform, &merged, env, &acl, &settings.mount),
    })
}

fn decisions(
    platform: &Platform,
    merged: &Merged,
    env: &str,
    acl: &Acl,
    mount: &gg_vault::Kv2Mount,
) -> Vec<SecretDecision> {
    let Some(MergedValue::Map(entries)) = merged.get_dotted("secrets").map(|n| &n.value) else {
        return Vec::new();
    };
    let text = |path: &str| merged.get_dotted(path).and_then(|n| n.as_str());
    let namespace = platform.settings.namespace(env);
    let context = SecretContext {
        namespace: &namespace,
        app_name: text("appName").unwrap_or("app"),
        environment: text("environment").unwrap_or_default(),
    };
    let model = platform.secrets_model();
    let mut out: Vec<SecretDecision> = entries
        .iter()
        .filter_map(|(name, node)| {
            let value = node.as_str()?;
            let resolved = resolve_secret_path(model, value, &context).path;
            let api_path = mount.data_path(&resolved);
            let decision = acl.decide(&api_path);
            Some(SecretDecision {
                name: name.clone(),
                value: value.to_owned(),
                origin: ValueOrigin::from(&node.provenance.origin),
                capabilities: decision.capabilities.to_report(),
                granted: decision.capabilities.contains(Capability::Read),
                rule: decision.matched.map(|m| DecidingRule {
                    index: m.origins.first().map_or(0, |o| o.rule),
                    pattern: m.pattern,
                }),
                resolved,
                api_path,
            })
        })
        .collect();
    gg_sort::sort_by(&mut out, |a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectOptions;
    use crate::project::tests::shop;

    fn with_secrets(secrets: &str) -> Project {
        let mut files = shop();
        files.insert(
            "svc/orders/.cicd/dev.yaml".to_owned(),
            format!("environment: dev\nimage:\n  repository: r/orders\n  tag: \"1\"\nsecrets:\n{secrets}"),
        );
        Project::new(files, ProjectOptions::default()).unwrap()
    }

    #[test]
    fn the_canonical_path_is_granted_by_the_env_rule() {
        let project = with_secrets("  DB: \"/gitops-poc-dzha/orders/dev/config\"\n");
        let report = vault(&project, "orders", "dev").unwrap();
        assert_eq!(report.policy_name, "poc-dev-read");
        assert_eq!(report.canonical_path, "/gitops-poc-dzha/orders/dev/config");
        let db = &report.secrets[0];
        assert!(db.granted);
        assert_eq!(db.api_path, "secret/data/gitops-poc-dzha/orders/dev/config");
        assert_eq!(db.capabilities, vec!["read"]);
        let rule = db.rule.as_ref().unwrap();
        assert_eq!(rule.pattern, "secret/data/gitops-poc-dzha/+/dev/*");
        assert_eq!(rule.index, 0);
        assert_eq!((db.origin.line, db.origin.column), (6, 7));
        assert!(
            report
                .policy
                .contains("secret/data/gitops-poc-dzha/+/dev/*"),
            "{}",
            report.policy
        );
    }

    #[test]
    fn another_env_and_relative_paths_are_denied() {
        let project = with_secrets("  A: \"/gitops-poc-dzha/orders/prod/config\"\n  B: config\n");
        let report = vault(&project, "orders", "dev").unwrap();
        let [a, b] = &report.secrets[..] else {
            panic!("{:?}", report.secrets)
        };
        assert!(!a.granted && a.rule.is_none());
        assert_eq!(a.capabilities, vec!["deny"]);
        // the newest chart reads a path as written, `{env}` replaced
        assert_eq!(b.resolved, "config");
        assert!(!b.granted);
    }
}
