//! Where a loaded platform's facts came from, and which of them are known.
//! Without the platform repository, a setting that fell back to the seed
//! platform's default (`regsecret`, namespace prefix `poc`, Vault prefix
//! `gitops-poc-dzha`) is a guess: the checks that would rest on it do not run.

use serde::Serialize;

use crate::origin::Origin;
use crate::platform::Platform;

/// Where the platform's facts came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "path")]
pub enum FactSource {
    /// The platform repository at this root (`platform/base.yaml` below it).
    Repository(String),
    /// The `platform:` section of the lint configuration at this path.
    Declared(String),
    /// The `.env` file at this path.
    EnvFile(String),
    /// Nothing: settings are the built-in defaults, which no check relies on.
    Nothing,
}

impl Platform {
    /// Where the facts came from.
    pub fn fact_source(&self) -> FactSource {
        if let Some(files) = &self.files {
            FactSource::Repository(files.root.clone())
        } else if let Some(file) = &self.declared {
            FactSource::Declared(file.clone())
        } else if let Some(env) = &self.env_file {
            FactSource::EnvFile(env.file.clone())
        } else {
            FactSource::Nothing
        }
    }

    /// True when a setting that came from `origin` is a fact of this
    /// platform: with the platform repository every setting is (its defaults
    /// are the platform charts' own); otherwise only what a file or flag says.
    pub fn knows(&self, origin: &Origin) -> bool {
        self.files.is_some() || !matches!(origin, Origin::Default | Origin::Discovered)
    }

    /// True when the enabled environments are the platform's, not the overlay
    /// files found or the seed's `dev`, `staging`, `prod`.
    pub fn knows_environments(&self) -> bool {
        self.files.is_some()
            || (!self.settings.environments.is_empty()
                && self
                    .settings
                    .environments
                    .iter()
                    .all(|env| self.knows(&env.name.origin)))
    }

    /// True when the platform's shared k8app values layer
    /// (`shared/k8app-defaults.yaml`) is known, even if it is absent.
    pub fn knows_platform_defaults(&self) -> bool {
        self.files.is_some()
    }

    /// True when the platform is known to be built by platform-core, which
    /// creates the VaultAuth `vault-auth` in every application namespace.
    pub fn knows_platform_core(&self) -> bool {
        self.files.is_some() || self.declared.is_some()
    }
}
