//! What a new service is made of, and the checks on it.

use gg_naming::{application_name, validate_label, validate_release_name};
use gg_platform::PlatformSettings;

use crate::error::EditError;
use crate::image::{ImageRepository, ImageTag};

/// A generated file: its path relative to the repository root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the service repository root, `/`-separated.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

/// The new service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    /// The registry key: `appName`, Application prefix and Vault service segment.
    pub name: String,
    /// The sub-directory of a monorepo holding this service's `.cicd/`
    /// (`cart`, `apps/cart`); `None` for a repository of its own.
    pub subdir: Option<String>,
    /// The repository's URL (for `platform/core.yaml`).
    pub repo_url: String,
    /// Where CI pushes the image.
    pub image: ImageRepository,
    /// The tag overlays start with, until the first CI run sets the real one.
    pub initial_tag: ImageTag,
    /// Environment variables read from the service's Vault secret, one entry per
    /// key under `secrets:` in every overlay.
    pub secret_keys: Vec<String>,
    /// Where editors find the JSON Schema of the values (the modeline's `$schema`).
    pub schema_url: String,
    /// The ArgoCD sync wave (`"0"` backends, `"1"` gateways, `"2"` frontends).
    pub sync_wave: String,
}

/// The platform settings the templates need, in a form tests can build by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValuesPlatform {
    /// Enabled environments, in order.
    pub environments: Vec<String>,
    /// `{namespacePrefix}`.
    pub namespace_prefix: String,
    /// `{vaultPathPrefix}`.
    pub vault_path_prefix: String,
    /// The registry pull secret, when the platform syncs one.
    pub registry_secret: Option<String>,
    /// The VaultAuth in every namespace.
    pub vault_auth: String,
    /// The KV v2 mount.
    pub vault_mount: String,
    /// The k8app chart version.
    pub chart_version: String,
    /// The image CI jobs run `gitops-guard` from.
    pub tool_image: String,
}

impl ValuesPlatform {
    /// The settings of a loaded platform; `tool_image` is where CI finds gitops-guard.
    pub fn from_settings(settings: &PlatformSettings, tool_image: &str) -> Self {
        Self {
            environments: settings
                .environment_names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            namespace_prefix: settings.namespace_prefix.value.clone(),
            vault_path_prefix: settings.vault_path_prefix.value.clone(),
            registry_secret: settings
                .registry_enabled
                .value
                .then(|| settings.registry_secret.value.clone()),
            vault_auth: settings.vault_auth.value.clone(),
            vault_mount: settings.vault_mount.value.clone(),
            chart_version: settings.chart.version.value.clone(),
            tool_image: tool_image.to_owned(),
        }
    }

    /// The canonical `secrets` value of a service in an environment.
    pub(crate) fn secret_path(&self, service: &str, env: &str) -> String {
        format!("/{}/{service}/{env}/config", self.vault_path_prefix)
    }

    /// The application namespace of an environment.
    pub(crate) fn namespace(&self, env: &str) -> String {
        gg_naming::app_namespace(&self.namespace_prefix, env)
    }
}

impl ServiceSpec {
    /// `[SUBDIR/].cicd`.
    pub fn cicd_dir(&self) -> String {
        self.in_service_dir(".cicd")
    }

    /// `path` inside the service's directory of the repository.
    pub fn in_service_dir(&self, path: &str) -> String {
        match &self.subdir {
            Some(dir) => format!("{dir}/{path}"),
            None => path.to_owned(),
        }
    }

    /// The service directory as the CI jobs name it (`.` for a whole repository).
    pub(crate) fn service_dir(&self) -> &str {
        self.subdir.as_deref().unwrap_or(".")
    }

    /// Checks every name the files will contain.
    pub(crate) fn validate(&self, platform: &ValuesPlatform) -> Result<(), EditError> {
        let invalid = |what: &'static str, value: &str, reason: String| EditError::InvalidName {
            what,
            value: value.to_owned(),
            reason,
        };
        validate_label(&self.name)
            .map_err(|e| invalid("service name", &self.name, e.to_string()))?;
        for env in &platform.environments {
            validate_label(env).map_err(|e| invalid("environment", env, e.to_string()))?;
            let release = application_name(&self.name, env);
            validate_release_name(&release)
                .map_err(|e| invalid("service name", &self.name, e.to_string()))?;
        }
        if let Some(dir) = &self.subdir {
            check_subdir(dir).map_err(|reason| invalid("sub-directory", dir, reason))?;
        }
        for key in &self.secret_keys {
            check_env_var(key).map_err(|reason| invalid("secret key", key, reason))?;
        }
        if self.sync_wave.parse::<i64>().is_err() {
            return Err(invalid(
                "sync wave",
                &self.sync_wave,
                "not an integer".to_owned(),
            ));
        }
        Ok(())
    }
}

fn check_subdir(dir: &str) -> Result<(), String> {
    if dir.starts_with('/') || dir.ends_with('/') {
        return Err("give a relative path without leading or trailing `/`".to_owned());
    }
    for part in dir.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(format!("`{part}` is not a directory name"));
        }
        if let Some(bad) = part
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        {
            return Err(format!(
                "`{bad}` is not allowed (letters, digits, `-`, `_`, `.`)"
            ));
        }
    }
    Ok(())
}

fn check_env_var(key: &str) -> Result<(), String> {
    let mut chars = key.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_');
    if first_ok && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
        Ok(())
    } else {
        Err("an environment variable name is [A-Z_][A-Z0-9_]*".to_owned())
    }
}
