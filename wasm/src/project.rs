//! The input every call shares: a virtual repository (path → text) and the
//! options the CLI takes as flags.

use std::collections::BTreeMap;

use gg_diagnostic::normalize_path;
use gg_platform::{LoadOptions, MemoryFiles, Platform, Service, load_platform, service_dir_of};
use gg_rules::config::Config;
use serde::{Deserialize, Serialize};

use crate::WasmError;

/// The options of a call, as the CLI's flags (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProjectOptions {
    /// The paths to lint, like `gitops-guard lint PATH…` (default: the whole tree).
    #[serde(default)]
    pub roots: Option<Vec<String>>,
    /// `--platform DIR`: the directory holding `platform/base.yaml` (found in the tree otherwise).
    #[serde(default)]
    pub platform_dir: Option<String>,
    /// `--env-file F`: the path of a `.env` file in the tree.
    #[serde(default)]
    pub env_file: Option<String>,
    /// The text of `.gitops-guard.yaml` (rule severities, ignored paths).
    #[serde(default)]
    pub config: Option<String>,
}

/// A loaded input: the files as a [`gg_platform::FileSource`] and the options.
#[derive(Debug, Clone)]
pub struct Project {
    /// The files, by `/`-separated path.
    pub files: MemoryFiles,
    /// Paths to lint.
    pub roots: Vec<String>,
    /// Where the platform and `.env` are.
    pub load: LoadOptions,
    /// The rule configuration.
    pub config: Config,
}

impl Project {
    /// Builds the file tree; fails only on an invalid `config` text.
    pub fn new(
        files: BTreeMap<String, String>,
        options: ProjectOptions,
    ) -> Result<Self, WasmError> {
        let config = match &options.config {
            Some(text) => Config::parse(text, ".gitops-guard.yaml")?,
            None => Config::default(),
        };
        let mut tree = MemoryFiles::new();
        for (path, text) in files {
            tree.insert(normalize_path(&path), text);
        }
        let roots = options
            .roots
            .map(|roots| roots.iter().map(|r| normalize_path(r)).collect())
            .unwrap_or_else(|| vec![String::new()]);
        Ok(Self {
            files: tree,
            roots,
            load: config.load_options(&LoadOptions {
                platform_dir: options.platform_dir.as_deref().map(normalize_path),
                env_file: options.env_file.as_deref().map(normalize_path),
                ..LoadOptions::default()
            }),
            config,
        })
    }

    /// Loads the platform and its services, as every command does first.
    pub fn platform(&self) -> Platform {
        load_platform(&self.files, &self.roots, &self.load)
    }
}

/// The service named `asked`, or whose directory (with or without `/.cicd`) is `asked`.
pub(crate) fn find_service<'p>(
    platform: &'p Platform,
    asked: &str,
) -> Result<&'p Service, WasmError> {
    let dir = service_dir_of(asked);
    platform
        .services
        .iter()
        .find(|s| s.name.value == asked || service_dir_of(&s.cicd_dir) == dir)
        .ok_or_else(|| WasmError::UnknownService {
            asked: asked.to_owned(),
            known: platform
                .services
                .iter()
                .map(|s| s.name.value.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Fails unless `service` has an overlay for `env`.
pub(crate) fn require_overlay(
    platform: &Platform,
    service: &Service,
    env: &str,
) -> Result<(), WasmError> {
    if service.overlay(env).is_some() {
        return Ok(());
    }
    Err(WasmError::UnknownEnv {
        env: env.to_owned(),
        overlay: service.overlay_path(env),
        known: platform.settings.environment_names().join(", "),
    })
}

/// A service found in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    /// Its name.
    pub name: String,
    /// Its `.cicd` directory.
    pub cicd_dir: String,
    /// The environments it has an overlay for, in platform order.
    pub envs: Vec<String>,
    /// Whether the ApplicationSet deploys it.
    pub deployed: bool,
}

/// What the tree holds: the platform's environments and every service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicesReport {
    /// The platform's environments, in order.
    pub envs: Vec<String>,
    /// The platform root, when one was found.
    pub platform_dir: Option<String>,
    /// Every service, sorted by directory.
    pub services: Vec<ServiceInfo>,
}

/// The environments and services of a project.
pub fn services(project: &Project) -> ServicesReport {
    let platform = project.platform();
    let envs: Vec<String> = platform
        .settings
        .environment_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let services = platform
        .services
        .iter()
        .map(|s| ServiceInfo {
            name: s.name.value.clone(),
            cicd_dir: s.cicd_dir.clone(),
            envs: envs
                .iter()
                .filter(|e| s.overlay(e).is_some())
                .cloned()
                .collect(),
            deployed: s.deployed,
        })
        .collect();
    ServicesReport {
        envs,
        platform_dir: platform.files.as_ref().map(|f| f.root.clone()),
        services,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A one-service tree on the built-in platform defaults.
    pub(crate) fn shop() -> BTreeMap<String, String> {
        BTreeMap::from([
            (
                "svc/orders/.cicd/default.yaml".to_owned(),
                "appName: orders\n".to_owned(),
            ),
            (
                "svc/orders/.cicd/dev.yaml".to_owned(),
                "environment: dev\nimage:\n  repository: r/orders\n  tag: \"1\"\n".to_owned(),
            ),
        ])
    }

    #[test]
    fn paths_are_normalized_like_the_cli() {
        assert_eq!(normalize_path("./a/b/"), "a/b");
        assert_eq!(normalize_path("."), "");
        let project = Project::new(
            shop(),
            ProjectOptions {
                roots: Some(vec!["./svc/".to_owned()]),
                ..ProjectOptions::default()
            },
        )
        .unwrap();
        assert_eq!(project.roots, vec!["svc".to_owned()]);
    }

    #[test]
    fn services_are_found_by_name_or_directory() {
        let project = Project::new(shop(), ProjectOptions::default()).unwrap();
        let platform = project.platform();
        assert_eq!(
            find_service(&platform, "orders").unwrap().cicd_dir,
            "svc/orders/.cicd"
        );
        assert!(find_service(&platform, "svc/orders/.cicd").is_ok());
        assert!(find_service(&platform, "./svc/orders").is_ok());
        let err = find_service(&platform, "cart").unwrap_err().to_string();
        assert_eq!(err, "no service `cart` (services: orders)");
        let service = find_service(&platform, "orders").unwrap();
        let err = require_overlay(&platform, service, "qa")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("svc/orders/.cicd/qa.yaml: no overlay for environment `qa`"),
            "{err}"
        );
    }

    #[test]
    fn services_lists_the_environments_and_overlays() {
        let project = Project::new(shop(), ProjectOptions::default()).unwrap();
        let report = services(&project);
        // without a platform repository, the environments are those with an overlay
        assert_eq!(report.envs, vec!["dev"]);
        assert_eq!(report.services.len(), 1);
        assert_eq!(report.services[0].envs, vec!["dev"]);
        assert_eq!(report.platform_dir, None);
    }

    #[test]
    fn an_invalid_config_is_an_error() {
        let options = ProjectOptions {
            config: Some("rules: [".to_owned()),
            ..ProjectOptions::default()
        };
        assert!(Project::new(shop(), options).is_err());
    }
}
