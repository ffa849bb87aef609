//! Which Vault secrets the services read: for every service × enabled environment,
//! each `secrets:` entry of the merged values, resolved as k8app resolves it, and
//! located at the `secrets:` key of the file that set the entry.

use gg_diagnostic::Location;
use gg_platform::Platform;
use gg_platform::locate::key_location;
use gg_vault::{SecretContext, resolve_secret_path};
use gg_yaml::{MergedNode, MergedValue};

/// One env var of one service in one environment that k8app fills from Vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretUse {
    /// The service.
    pub service: String,
    /// The environment.
    pub env: String,
    /// The env var, which is also the key k8app reads (`secretKeyRef {name: app, key: ENV}`).
    pub var: String,
    /// The resolved logical path (no mount, no `data/`).
    pub path: String,
    /// The `secrets:` key of the file that set this entry.
    pub location: Location,
}

/// Every secret use of the platform's services, in service, env, var order.
pub fn secret_uses(platform: &Platform) -> Vec<SecretUse> {
    let settings = &platform.settings;
    let model = platform.secrets_model();
    let mut out = Vec::new();
    for service in &platform.services {
        for env in settings.environment_names() {
            if service.overlay(env).is_none() {
                continue;
            }
            let merged = platform.merged_values(service, env);
            let provider = merged
                .get_dotted("secretsProvider.provider")
                .and_then(MergedNode::as_str);
            if provider != Some("vault") {
                continue;
            }
            let Some(secrets) = merged.get_dotted("secrets") else {
                continue;
            };
            let MergedValue::Map(entries) = &secrets.value else {
                continue;
            };
            let namespace = settings.namespace(env);
            let context = SecretContext {
                namespace: &namespace,
                app_name: merged
                    .get_dotted("appName")
                    .and_then(MergedNode::as_str)
                    .unwrap_or("app"),
                environment: merged
                    .get_dotted("environment")
                    .and_then(MergedNode::as_str)
                    .unwrap_or_default(),
            };
            for (var, node) in entries {
                let Some(value) = node.as_str() else {
                    continue;
                };
                out.push(SecretUse {
                    service: service.name.value.clone(),
                    env: env.to_owned(),
                    var: var.clone(),
                    path: resolve_secret_path(model, value, &context).path,
                    location: secrets_key(secrets, &node.provenance.origin.file),
                });
            }
        }
    }
    out
}

/// The `secrets:` key as written in `file` (which contributed to the merged map).
fn secrets_key(secrets: &MergedNode, file: &str) -> Location {
    std::iter::once(&secrets.provenance.origin)
        .chain(&secrets.provenance.overridden)
        .find(|origin| *origin.file == *file)
        .map_or_else(|| Location::file_start(file), key_location)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_platform::{LoadOptions, MemoryFiles, load_platform};

    const BASE: &str = "global:\n  vaultPathPrefix: acme\n  namespacePrefix: shop\n  k8app:\n    version: \"3.8.0\"\nenvironments:\n  dev:\n    enabled: true\n  prod:\n    enabled: true\n";
    const DEFAULT: &str = "appName: cart\nsecretsProvider:\n  provider: vault\nsecrets:\n  DB_PASSWORD: /acme/cart/dev/config\n";
    const PROD: &str = "environment: prod\nsecrets:\n  DB_PASSWORD: /acme/cart/prod/config\n  API_KEY: /acme/cart/prod/config\n";

    #[test]
    fn entries_are_resolved_and_located_at_the_secrets_key_of_their_file() {
        let files = MemoryFiles::new()
            .with("p/platform/base.yaml", BASE)
            .with("cart/.cicd/default.yaml", DEFAULT)
            .with("cart/.cicd/dev.yaml", "environment: dev\n")
            .with("cart/.cicd/prod.yaml", PROD);
        let options = LoadOptions {
            platform_dir: Some("p".into()),
            ..LoadOptions::default()
        };
        let platform = load_platform(&files, &["cart".to_owned()], &options);
        let uses = secret_uses(&platform);
        let shown: Vec<_> = uses
            .iter()
            .map(|u| {
                (
                    u.env.as_str(),
                    u.var.as_str(),
                    u.path.as_str(),
                    u.location.file.as_str(),
                    u.location.line,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "dev",
                    "DB_PASSWORD",
                    "acme/cart/dev/config",
                    "cart/.cicd/default.yaml",
                    4
                ),
                (
                    "prod",
                    "DB_PASSWORD",
                    "acme/cart/prod/config",
                    "cart/.cicd/prod.yaml",
                    2
                ),
                (
                    "prod",
                    "API_KEY",
                    "acme/cart/prod/config",
                    "cart/.cicd/prod.yaml",
                    2
                ),
            ]
        );
    }
}
