//! What the platform's Vault bootstrap generates from: the settings the
//! policies, roles and secret paths of every environment derive from.

use gg_vault::{Kv2Mount, PlatformVaultSettings, PreviewVault};

use crate::platform::Platform;

impl Platform {
    /// The bootstrap job's Vault settings for this platform.
    pub fn vault_settings(&self) -> PlatformVaultSettings {
        let settings = &self.settings;
        let preview = &self.config.preview;
        PlatformVaultSettings {
            vault_path_prefix: settings.vault_path_prefix.value.clone(),
            namespace_prefix: settings.namespace_prefix.value.clone(),
            environments: settings
                .environment_names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            mount: Kv2Mount::new(&settings.vault_mount.value),
            services: settings
                .registry
                .entries
                .iter()
                .map(|e| e.name.value.clone())
                .collect(),
            preview: preview
                .enabled
                .as_ref()
                .filter(|e| e.value)
                .and(preview.vault_path.as_ref())
                .map(|path| PreviewVault {
                    path: path.value.clone(),
                }),
        }
    }
}
