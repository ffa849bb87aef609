//! Loading a whole platform: the platform repository, the `.env` file, the
//! service repositories, and the resolved settings, with every problem found
//! on the way.

use std::sync::Arc;

use serde::Serialize;

use crate::appset::{ApplicationSpec, expand_application_set};
use crate::config::{PlatformConfig, PlatformFiles, YamlFile};
use crate::declared::DeclaredPlatform;
use crate::discovery::{CicdDirs, Service, discover};
use crate::dotenv::{EnvFile, parse_env_file};
use crate::issue::issue;
use crate::kubernetes::KubeVersion;
use crate::layers::ValueLayer;
use crate::load::{FileMap, LoadedFile, Preloaded, load_file, parse_text, read_text};
use crate::location::RootLocations;
use crate::origin::{Origin, Sourced};
use crate::settings::{
    Inputs, PlatformSettings, SettingOverrides, defaults, registered_by_default, resolve,
};
use crate::shape::{PLATFORM, check};
use crate::source::FileSource;
use gg_diagnostic::{Diagnostic, rules};
use gg_k8app::{ChartVersion, K8appError};
use gg_vault::SecretsModel;
use gg_yaml::{Layer, LayerKind, Merged, PreparedChart};

/// Where to look besides the linted paths.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadOptions {
    /// `--platform DIR`: the platform root (holding `platform/base.yaml`); found
    /// among the linted paths when `None`.
    pub platform_dir: Option<String>,
    /// The platform root to use when none is given or found among the
    /// linted paths (the CLI looks for one next to them).
    pub platform_fallback: Option<String>,
    /// `--env-file F`.
    pub env_file: Option<String>,
    /// Command-line settings.
    pub overrides: SettingOverrides,
    /// Facts the lint configuration declares, used when no platform
    /// repository is found.
    pub declared: Option<DeclaredPlatform>,
}

/// A loaded platform and its services.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Platform {
    /// The platform repository's files, when a platform root was found.
    pub files: Option<PlatformFiles>,
    /// What the platform files say.
    pub config: PlatformConfig,
    /// The `.env` file, when one was given.
    #[serde(skip)]
    pub env_file: Option<EnvFile>,
    /// The configuration file whose declared facts stand in for a platform
    /// repository, when they were used.
    pub declared: Option<String>,
    /// The resolved settings.
    pub settings: PlatformSettings,
    /// The k8app chart version the platform pins, parsed once at load;
    /// `Err` when the pin is not a modelled release (a
    /// `chart-version-unsupported` finding says so).
    #[serde(skip)]
    pub chart: Result<ChartVersion, K8appError>,
    /// The clusters' Kubernetes version, parsed once at load (the platform's
    /// default when the setting is not a version; a finding says so).
    pub kube_version: KubeVersion,
    /// The chart's own defaults for the platform's chart version (parsed once
    /// per process and shared).
    pub chart_defaults: Arc<YamlFile>,
    /// Every service directory found, sorted by path.
    pub services: Vec<Service>,
    /// Problems found while loading, in discovery order.
    pub issues: Vec<Diagnostic>,
    /// Every file listed below the roots and the platform directory, sorted.
    #[serde(skip)]
    listed: Vec<String>,
    /// The chart defaults folded once for every merge of [`Platform::merged_values`].
    #[serde(skip)]
    prepared_chart: Arc<PreparedChart>,
}

impl Platform {
    /// The service named `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|service| service.name.value == name)
    }

    /// The Helm value layers of `service` in `env`, lowest priority first.
    /// Missing files are left out (a `missing-env-file` issue reports them);
    /// broken ones are present with `node: None`.
    pub fn value_layers<'a>(&'a self, service: &'a Service, env: &str) -> Vec<ValueLayer<'a>> {
        let layer = |kind, file: &'a YamlFile| ValueLayer {
            kind,
            file: &file.path,
            node: file.node.as_ref(),
            text: file.text.as_deref(),
        };
        let platform_defaults = self
            .files
            .as_ref()
            .and_then(|files| files.k8app_defaults.as_ref());
        [
            Some(layer(LayerKind::ChartDefaults, &self.chart_defaults)),
            platform_defaults.map(|file| layer(LayerKind::PlatformDefaults, file)),
            service
                .default_file()
                .map(|f| layer(LayerKind::ServiceDefault, &f.file)),
            service
                .overlay(env)
                .map(|f| layer(LayerKind::EnvOverlay, &f.file)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The merged values of `service` in `env`, every value with its provenance.
    pub fn merged_values(&self, service: &Service, env: &str) -> Merged {
        let mut layers = ValueLayer::merge_inputs(&self.value_layers(service, env));
        layers.retain(|layer| layer.kind != LayerKind::ChartDefaults);
        gg_yaml::merge_layers_with(&self.prepared_chart, &layers)
    }

    /// Every file listed below the roots and the platform directory (after
    /// the source's own filtering), sorted and unique.
    pub fn listed_files(&self) -> &[String] {
        &self.listed
    }

    /// The chart version to model: the pinned one; for a pin that is not a
    /// modelled release the nearest release below it, and the newest one
    /// when the pin is not a version at all.
    pub fn chart_version(&self) -> ChartVersion {
        self.chart
            .as_ref()
            .map_or_else(K8appError::nearest_release, |version| *version)
    }

    /// The API versions the clusters serve beyond Kubernetes' own.
    pub fn api_versions(&self) -> &[String] {
        &self.settings.cluster.api_versions.value
    }

    /// How the platform's chart version resolves `secrets:` values into Vault paths.
    pub fn secrets_model(&self) -> SecretsModel {
        self.chart_version().secrets_model()
    }

    /// The Applications the platform's ApplicationSet generates.
    pub fn applications(&self) -> Vec<ApplicationSpec> {
        expand_application_set(&self.settings)
    }
}

/// Loads the platform and the services found below `roots`, one file after
/// another. Never fails: every problem is an issue in [`Platform::issues`].
pub fn load_platform(source: &dyn FileSource, roots: &[String], options: &LoadOptions) -> Platform {
    load(source, roots, options, &|paths| {
        paths.iter().map(|path| load_file(source, path)).collect()
    })
}

/// [`load_platform`], reading and parsing the files through `map` (which may
/// spread them over threads; the result is the same).
pub fn load_platform_with(
    source: &(dyn FileSource + Sync),
    roots: &[String],
    options: &LoadOptions,
    map: &FileMap<'_>,
) -> Platform {
    load(source, roots, options, &|paths| {
        map(paths, &|path| load_file(source, path))
    })
}

fn load(
    source: &dyn FileSource,
    roots: &[String],
    options: &LoadOptions,
    load_files: &dyn Fn(&[String]) -> Vec<LoadedFile>,
) -> Platform {
    let mut issues = Vec::new();
    let mut listed_roots: Vec<&str> = roots.iter().map(String::as_str).collect();
    if let Some(dir) = &options.platform_dir {
        listed_roots.push(dir);
    }
    let mut paths = list_all(source, &listed_roots, &mut issues);

    let mut platform_root = options
        .platform_dir
        .clone()
        .or_else(|| find_platform_root(&paths));
    if let (None, Some(fallback)) = (&platform_root, &options.platform_fallback) {
        paths.extend(list_all(source, &[fallback], &mut issues));
        gg_sort::sort(&mut paths);
        paths.dedup();
        listed_roots.push(fallback);
        platform_root = Some(fallback.clone());
    }
    let platform_paths = platform_root
        .as_deref()
        .map(|root| PlatformPaths::find(root, &paths));
    let dirs = CicdDirs::find(&paths);
    let batch: Vec<String> = platform_paths
        .iter()
        .flat_map(PlatformPaths::all)
        .chain(dirs.files())
        .cloned()
        .collect();
    let loaded = load_files(&batch);
    let mut preloaded = Preloaded::new(batch, loaded);

    let files = platform_root.zip(platform_paths).map(|(root, found)| {
        load_platform_files(source, &root, &paths, &found, &mut preloaded, &mut issues)
    });
    let declared = options.declared.as_ref().filter(|_| files.is_none());
    let config = match (&files, declared) {
        (Some(files), _) => files.config(),
        (None, Some(declared)) => declared.as_platform_files().config(),
        (None, None) => PlatformConfig::default(),
    };
    let env_file = options.env_file.as_ref().and_then(|path| {
        let text = read_text(source, path, &mut issues)?;
        let (env, env_issues) = parse_env_file(path, &text);
        issues.extend(env_issues);
        Some(env)
    });

    let overlay_envs = dirs.overlay_names();
    let mut settings = resolve(&Inputs {
        config: &config,
        env_file: env_file.as_ref(),
        overrides: &options.overrides,
        overlay_envs: &overlay_envs,
    });
    let chart = parse_chart_version(&settings.chart.version, &mut issues);
    let kube_version = parse_kube_version(&settings.cluster.version, &mut issues);
    let defaults = builtin_chart_defaults(
        chart
            .as_ref()
            .map_or_else(K8appError::nearest_release, |version| *version),
    );

    let mut known_envs: Vec<String> = settings
        .environment_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    known_envs.extend(config.environments.iter().map(|env| env.name.value.clone()));
    known_envs.extend(defaults::ENVIRONMENTS.iter().map(|env| (*env).to_owned()));
    let mut load_service_file =
        |path: &str, issues: &mut Vec<Diagnostic>| preloaded.take(source, path, issues);
    let locations = RootLocations::new(source, &listed_roots);
    let services = discover(
        &dirs,
        &settings,
        &known_envs,
        &|dir| locations.real(dir),
        &mut load_service_file,
        &mut issues,
    );
    if !settings.registry.is_configured() {
        settings.registry.entries = services
            .iter()
            .map(|service| registered_by_default(&settings, service.name.clone()))
            .collect();
    }

    let (chart_defaults, prepared_chart) = (Arc::clone(&defaults.0), Arc::clone(&defaults.1));
    let mut platform = Platform {
        chart,
        kube_version,
        files,
        config,
        env_file,
        declared: declared.map(|d| d.file().to_owned()),
        settings,
        chart_defaults,
        services,
        issues,
        listed: paths,
        prepared_chart,
    };
    if platform.knows_environments() {
        report_missing_files(&platform.services, &platform.settings, &mut platform.issues);
    }
    platform
}

fn list_all(source: &dyn FileSource, roots: &[&str], issues: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut paths = Vec::new();
    for root in roots {
        match source.list_files(root) {
            Ok(listed) => paths.extend(listed),
            Err(err) => issues.push(issue(
                &rules::YAML_SYNTAX,
                root,
                None,
                err.to_string(),
                "check the path",
            )),
        }
    }
    gg_sort::sort(&mut paths);
    paths.dedup();
    paths
}

/// The shortest directory holding `platform/base.yaml`.
fn find_platform_root(paths: &[String]) -> Option<String> {
    paths
        .iter()
        .filter_map(|path| {
            if path == "platform/base.yaml" {
                Some(String::new())
            } else {
                path.strip_suffix("/platform/base.yaml").map(str::to_owned)
            }
        })
        .min_by_key(String::len)
}

fn join(root: &str, relative: &str) -> String {
    if root.is_empty() {
        relative.to_owned()
    } else {
        format!("{}/{relative}", root.trim_end_matches('/'))
    }
}

/// The YAML files of a platform root that the platform loads.
#[derive(Debug, Clone, Default)]
struct PlatformPaths {
    base: Option<String>,
    core: Option<String>,
    preview: Option<String>,
    k8app_defaults: Option<String>,
    /// Other `platform/*.yaml` files.
    others: Vec<String>,
}

impl PlatformPaths {
    /// The files of `root` among the listed `paths`.
    fn find(root: &str, paths: &[String]) -> Self {
        let present = |relative: &str| {
            let path = join(root, relative);
            paths.binary_search(&path).is_ok().then_some(path)
        };
        let platform_dir = join(root, "platform/");
        let others = paths
            .iter()
            .filter(|path| {
                path.strip_prefix(&platform_dir).is_some_and(|name| {
                    let known = ["base.yaml", "core.yaml", "preview.yaml"].contains(&name);
                    !known
                        && !name.contains('/')
                        && (name.ends_with(".yaml") || name.ends_with(".yml"))
                })
            })
            .cloned()
            .collect();
        Self {
            base: present("platform/base.yaml"),
            core: present("platform/core.yaml"),
            preview: present("platform/preview.yaml"),
            k8app_defaults: present("shared/k8app-defaults.yaml"),
            others,
        }
    }

    /// Every path, in loading order.
    fn all(&self) -> impl Iterator<Item = &String> {
        [&self.base, &self.core, &self.preview, &self.k8app_defaults]
            .into_iter()
            .flatten()
            .chain(&self.others)
    }
}

fn load_platform_files(
    source: &dyn FileSource,
    root: &str,
    paths: &[String],
    found: &PlatformPaths,
    preloaded: &mut Preloaded,
    issues: &mut Vec<Diagnostic>,
) -> PlatformFiles {
    let base_path = join(root, "platform/base.yaml");
    if paths.binary_search(&base_path).is_err() {
        issues.push(issue(
            &rules::YAML_SYNTAX,
            &base_path,
            None,
            format!("`{root}` is not a platform root: `{base_path}` is missing"),
            "point --platform at the directory holding platform/base.yaml",
        ));
    }
    let mut load = |path: &Option<String>, checked: bool| {
        path.as_ref().map(|path| {
            let file = preloaded.take(source, path, issues);
            if let (true, Some(node)) = (checked, &file.node) {
                issues.extend(check(node, &PLATFORM, path));
            }
            file
        })
    };
    let base = load(&found.base, true);
    let core = load(&found.core, true);
    let preview = load(&found.preview, true);
    let k8app_defaults = load(&found.k8app_defaults, false);
    let others = found
        .others
        .iter()
        .map(|path| preloaded.take(source, path, issues))
        .collect();
    PlatformFiles {
        root: root.to_owned(),
        base,
        core,
        preview,
        k8app_defaults,
        others,
    }
}

/// Where a setting was written, for a finding about it: the file and the
/// value's span, a `.env` file's start, or nowhere (a flag, a default).
fn setting_place(origin: &Origin) -> (&str, Option<gg_yaml::Span>) {
    match origin {
        Origin::File { file, span } => (file.as_str(), Some(*span)),
        Origin::EnvFile { file, .. } => (file.as_str(), None),
        _ => ("", None),
    }
}

/// The pinned chart version; a pin that is not a modelled release is a
/// `chart-version-unsupported` finding at its place.
fn parse_chart_version(
    version: &Sourced<String>,
    issues: &mut Vec<Diagnostic>,
) -> Result<ChartVersion, K8appError> {
    ChartVersion::parse_supported(&version.value).inspect_err(|err| {
        let (file, span) = setting_place(&version.origin);
        let modelled = err.nearest_release();
        let consequence = if err.version().is_some() {
            format!("the services are checked as k8app {modelled} renders them, which may differ from what ArgoCD deploys")
        } else {
            format!("gitops-guard cannot tell which release ArgoCD installs, and checks the services as k8app {modelled} renders them")
        };
        issues.push(issue(
            &rules::CHART_VERSION_UNSUPPORTED,
            file,
            span,
            format!("{err}: {consequence}"),
            format!(
                "pin one of the modelled releases, {}, e.g. \"{}\"",
                ChartVersion::supported_range(),
                ChartVersion::NEWEST
            ),
        ));
    })
}

/// The clusters' Kubernetes version; a setting that is not a version is a
/// `type-mismatch` finding at its place, and the platform's default is used.
fn parse_kube_version(version: &Sourced<String>, issues: &mut Vec<Diagnostic>) -> KubeVersion {
    KubeVersion::parse(&version.value).unwrap_or_else(|err| {
        let (file, span) = setting_place(&version.origin);
        issues.push(issue(
            &rules::TYPE_MISMATCH,
            file,
            span,
            format!("{err}; checking against Kubernetes {}", KubeVersion::PLATFORM),
            "write the version as a quoted string, e.g. `version: \"1.34\"` (unquoted, 1.30 reads as the number 1.3)",
        ));
        KubeVersion::PLATFORM
    })
}

/// The built-in defaults of a chart version, parsed and folded for merging.
type ChartDefaults = (Arc<YamlFile>, Arc<PreparedChart>);

/// Chart defaults parsed so far: they are the same for every load of a
/// process (the browser preview lints on every keystroke).
static CHART_DEFAULTS: gg_k8app::PerVersion<ChartDefaults> = gg_k8app::PerVersion::new();

/// The built-in defaults of `version` (parsed on first use; our own files
/// parse cleanly, which a test of gg-k8app asserts).
fn builtin_chart_defaults(version: ChartVersion) -> Arc<ChartDefaults> {
    CHART_DEFAULTS.get_or_make(version, || {
        let name = gg_k8app::chart_defaults_name(version);
        let file = parse_text(
            gg_k8app::chart_defaults_yaml(version),
            &name,
            &mut Vec::new(),
        );
        let prepared = prepare_chart(&file);
        (Arc::new(file), Arc::new(prepared))
    })
}

/// The chart side of every merge: the layer [`Platform::value_layers`] puts first.
fn prepare_chart(chart_defaults: &YamlFile) -> PreparedChart {
    let layer = chart_defaults
        .node
        .as_ref()
        .map(|node| Layer::new(&chart_defaults.path, LayerKind::ChartDefaults, node));
    PreparedChart::new(layer.as_slice())
}

fn report_missing_files(
    services: &[Service],
    settings: &PlatformSettings,
    issues: &mut Vec<Diagnostic>,
) {
    for service in services.iter().filter(|service| service.deployed) {
        let name = &service.name.value;
        let default = format!("{}/default.yaml", service.cicd_dir);
        if service.default_file().is_none() {
            issues.push(issue(
                &rules::MISSING_ENV_FILE,
                &default,
                None,
                format!("service `{name}` has no `default.yaml`: its Applications cannot render"),
                "add .cicd/default.yaml with the values shared by every environment",
            ));
        }
        for env in settings.environment_names() {
            if service.overlay(env).is_none() {
                // Reported at the start of `default.yaml`, for the environment it lacks.
                let path = service.overlay_path(env);
                issues.push(issue(
                    &rules::MISSING_ENV_FILE,
                    &default,
                    None,
                    format!(
                        "service `{name}` has no overlay for enabled environment `{env}`: Application `{}` cannot render (missing value file)",
                        gg_naming::application_name(name, env)
                    ),
                    format!("add `{path}` with at least `environment: {env}` and the image of that environment"),
                ).with_env(env));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::{FileRole, NameSource};
    use crate::source::MemoryFiles;

    const BASE: &str = "global:\n  gitlabGroup: acme\n  vaultPathPrefix: acme-v\n  namespacePrefix: shop\n  k8app:\n    version: \"3.7.0\"\nenvironments:\n  dev:\n    enabled: true\n    domain: dev.example\n  staging:\n    enabled: true\n    infraNamespace: shared-infra\n  prod:\n    enabled: false\nregistry:\n  secretName: pull\n";
    const CORE: &str = "services:\n  api:\n    syncWave: \"1\"\n    repoURL: https://gitlab.example/acme/api.git\n  mono-web:\n    repoURL: https://gitlab.example/acme/mono.git\n    path: web/.cicd\n  ghost:\n    syncWave: 2\napplicationSet:\n  name: acme-apps\n";

    fn platform_tree() -> MemoryFiles {
        MemoryFiles::new()
            .with("repo/cfg/platform/base.yaml", BASE)
            .with("repo/cfg/platform/core.yaml", CORE)
            .with(
                "repo/cfg/shared/k8app-defaults.yaml",
                "imagePullSecrets:\n  - name: pull\n",
            )
            .with("repo/svc/api/.cicd/default.yaml", "appName: api\n")
            .with("repo/svc/api/.cicd/dev.yaml", "environment: dev\n")
            .with("repo/svc/api/.cicd/staging.yaml", "environment: staging\n")
            .with("repo/svc/api/.cicd/prod.yaml", "environment: prod\n")
            .with("repo/svc/api/.cicd/notes.yaml", "x: 1\n")
            .with("repo/svc/mono/web/.cicd/default.yaml", "appName: web\n")
            .with("repo/svc/mono/web/.cicd/dev.yaml", "environment: dev\n")
            .with("repo/svc/stray/.cicd/default.yaml", "appName: stray\n")
    }

    fn load(tree: &MemoryFiles, options: &LoadOptions) -> Platform {
        load_platform(tree, &["repo".to_owned()], options)
    }

    fn kinds(platform: &Platform) -> Vec<(&str, String)> {
        platform
            .issues
            .iter()
            .map(|i| (i.rule.as_str(), i.location.file.clone()))
            .collect()
    }

    #[test]
    fn a_file_map_loads_the_same_platform_and_keeps_texts_and_listing() {
        let tree = platform_tree().with("repo/svc/api/.cicd/broken.yaml", "a: [\n");
        let roots = ["repo".to_owned()];
        let options = LoadOptions::default();
        let reversed = |paths: &[String], load: &(dyn Fn(&str) -> LoadedFile + Sync)| {
            let mut out: Vec<LoadedFile> = paths.iter().rev().map(|path| load(path)).collect();
            out.reverse();
            out
        };
        let plain = load_platform(&tree, &roots, &options);
        assert_eq!(
            load_platform_with(&tree, &roots, &options, &crate::sequential_files),
            plain
        );
        assert_eq!(
            load_platform_with(&tree, &roots, &options, &reversed),
            plain
        );
        let api = plain.service("api").unwrap();
        let default = api.default_file().unwrap();
        assert_eq!(default.file.text.as_deref(), Some("appName: api\n"));
        assert!(
            plain
                .issues
                .iter()
                .any(|i| i.rule.as_str() == "yaml-syntax"
                    && i.location.file.ends_with("broken.yaml"))
        );
        assert_eq!(plain.listed_files().len(), 12);
        assert!(plain.listed_files().is_sorted());
    }

    #[test]
    fn resolves_settings_from_the_platform_files_with_provenance() {
        let platform = load(&platform_tree(), &LoadOptions::default());
        let s = &platform.settings;
        assert_eq!(s.gitlab_group.value, "acme");
        assert!(matches!(&s.gitlab_group.origin, Origin::File { file, span }
            if file == "repo/cfg/platform/base.yaml" && span.start.line == 2 && span.start.column == 16));
        assert_eq!(s.vault_path_prefix.value, "acme-v");
        assert_eq!(s.registry_secret.value, "pull");
        assert_eq!(s.chart.version.value, "3.7.0");
        assert_eq!(s.application_set.value, "acme-apps");
        assert_eq!(s.project.value, "acme", "project defaults to the group");
        assert_eq!(s.vault_auth.value, "vault-auth");
        assert_eq!(s.vault_mount.origin, Origin::Default);
        assert_eq!(s.environment_names(), vec!["dev", "staging"]);
        let staging = s.environment("staging").unwrap();
        assert_eq!(staging.namespace, "shop-staging");
        assert_eq!(staging.infra_namespace.value, "shared-infra");
        assert_eq!(
            s.environment("dev").unwrap().infra_namespace.value,
            "infra-dev"
        );
        assert_eq!(
            s.environment("dev").unwrap().domain.as_ref().unwrap().value,
            "dev.example"
        );
        assert_eq!(
            s.canonical_secret_path("api", "dev"),
            "/acme-v/api/dev/config"
        );
    }

    #[test]
    fn discovers_services_by_registry_location_then_directory() {
        let platform = load(&platform_tree(), &LoadOptions::default());
        let names: Vec<(&str, NameSource, bool)> = platform
            .services
            .iter()
            .map(|s| (s.name.value.as_str(), s.name_source, s.deployed))
            .collect();
        assert_eq!(
            names,
            vec![
                ("api", NameSource::Registry, true),
                ("mono-web", NameSource::Registry, true),
                ("stray", NameSource::Directory, false),
            ]
        );
        let api = platform.service("api").unwrap();
        let roles: Vec<&FileRole> = api.files.iter().map(|f| &f.role).collect();
        assert_eq!(
            roles,
            vec![
                &FileRole::Default,
                &FileRole::Overlay("dev".into()),
                &FileRole::Other,
                &FileRole::Overlay("prod".into()),
                &FileRole::Overlay("staging".into()),
            ]
        );
        let issues = kinds(&platform);
        assert!(issues.contains(&("unregistered-service", "repo/svc/stray/.cicd".into())));
        assert!(
            platform
                .issues
                .iter()
                .any(|i| i.rule.as_str() == "missing-env-file"
                    && i.location.file == "repo/svc/mono/web/.cicd/default.yaml"
                    && i.envs == ["staging"])
        );
        assert!(
            !issues
                .iter()
                .any(|(kind, file)| *kind == "missing-env-file" && file.contains("/api/")),
            "api has every enabled overlay: {issues:?}"
        );
    }

    #[test]
    fn value_layers_follow_helm_priority() {
        let platform = load(&platform_tree(), &LoadOptions::default());
        let api = platform.service("api").unwrap();
        let layers = platform.value_layers(api, "staging");
        let files: Vec<(LayerKind, &str)> = layers.iter().map(|l| (l.kind, l.file)).collect();
        assert_eq!(
            files,
            vec![
                (LayerKind::ChartDefaults, "k8app@3.7.0 defaults"),
                (
                    LayerKind::PlatformDefaults,
                    "repo/cfg/shared/k8app-defaults.yaml"
                ),
                (LayerKind::ServiceDefault, "repo/svc/api/.cicd/default.yaml"),
                (LayerKind::EnvOverlay, "repo/svc/api/.cicd/staging.yaml"),
            ]
        );
        let web = platform.service("mono-web").unwrap();
        assert_eq!(
            platform.value_layers(web, "staging").len(),
            3,
            "missing overlay left out"
        );
    }

    #[test]
    fn expands_the_application_set() {
        let platform = load(&platform_tree(), &LoadOptions::default());
        let apps = platform.applications();
        let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "api-dev",
                "api-staging",
                "mono-web-dev",
                "mono-web-staging",
                "ghost-dev",
                "ghost-staging"
            ]
        );
        let web = apps.iter().find(|a| a.name == "mono-web-staging").unwrap();
        assert_eq!(web.namespace, "shop-staging");
        assert_eq!(web.sync_wave, "0");
        assert_eq!(
            web.value_files,
            vec![
                "$platform/shared/k8app-defaults.yaml",
                "$values/web/.cicd/default.yaml",
                "$values/web/.cicd/staging.yaml"
            ]
        );
        let ghost = apps.iter().find(|a| a.service == "ghost").unwrap();
        assert_eq!(ghost.sync_wave, "2", "integer sync waves are read as text");
        assert_eq!(ghost.values_repo_url, "https://gitlab.com/acme/ghost.git");
    }

    #[test]
    fn unknown_keys_and_wrong_shapes_in_platform_files_are_issues() {
        let tree = platform_tree().with(
            "repo/cfg/platform/preview.yaml",
            "previewEnvironments:\n  enabled: yes-please\n  baseDomian: x.example\n  services: []\nglobl: {}\n",
        );
        let platform = load(&tree, &LoadOptions::default());
        let preview: Vec<&Diagnostic> = platform
            .issues
            .iter()
            .filter(|i| i.location.file.ends_with("preview.yaml"))
            .collect();
        let messages: Vec<&str> = preview.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(preview.len(), 4, "{messages:?}");
        let typo = preview
            .iter()
            .find(|i| i.message.contains("baseDomian"))
            .unwrap();
        assert_eq!(typo.rule.as_str(), "unknown-key");
        assert_eq!(typo.help, "did you mean `baseDomain`?");
        assert_eq!((typo.location.line, typo.location.column), (3, 3));
        assert!(preview.iter().any(|i| {
            i.rule.as_str() == "type-mismatch"
                && i.message
                    .contains("`previewEnvironments.services` must be a mapping")
        }));
        assert!(
            preview
                .iter()
                .any(|i| i.message.contains("`globl`") && i.help.contains("`global`"))
        );
    }

    #[test]
    fn a_broken_platform_file_does_not_stop_the_rest() {
        let tree = platform_tree().with(
            "repo/cfg/platform/core.yaml",
            "services:\n  api: [unclosed\n",
        );
        let platform = load(&tree, &LoadOptions::default());
        assert!(
            platform
                .issues
                .iter()
                .any(|i| i.rule.as_str() == "yaml-syntax" && i.location.file.ends_with("core.yaml"))
        );
        assert_eq!(
            platform.settings.gitlab_group.value, "acme",
            "base.yaml still read"
        );
        assert!(!platform.settings.registry.is_configured());
        assert_eq!(platform.services.len(), 3);
        assert!(platform.services.iter().all(|s| s.deployed));
    }

    #[test]
    fn without_a_platform_env_file_then_flags_then_defaults() {
        let tree = MemoryFiles::new()
            .with("svc/a/.cicd/default.yaml", "appName: a\n")
            .with("svc/a/.cicd/qa.yaml", "environment: qa\n")
            .with(
                "conf/.env",
                "GITLAB_GROUP=\"team\"\nNAMESPACE_PREFIX=\"\"\n",
            );
        let flags = SettingOverrides {
            gitlab_group: Some("flag-group".into()),
            vault_path_prefix: Some("flag-prefix".into()),
            ..SettingOverrides::default()
        };
        let options = LoadOptions {
            env_file: Some("conf/.env".into()),
            overrides: flags,
            ..LoadOptions::default()
        };
        let platform = load_platform(&tree, &["svc".to_owned()], &options);
        let s = &platform.settings;
        assert_eq!(s.gitlab_group.value, "team", ".env beats flags");
        assert!(matches!(
            &s.gitlab_group.origin,
            Origin::EnvFile { line: 1, .. }
        ));
        assert_eq!(s.vault_path_prefix.value, "flag-prefix");
        assert_eq!(
            s.namespace_prefix.value, "",
            "an empty prefix in .env is kept"
        );
        assert_eq!(s.namespace("qa"), "qa");
        assert_eq!(
            s.environment_names(),
            vec!["qa"],
            "environments from overlay files"
        );
        assert_eq!(
            s.environments.first().map(|e| e.name.origin.clone()),
            Some(Origin::Discovered)
        );
        assert_eq!(s.registry_secret.value, "regsecret");
        assert_eq!(s.chart.version.value, ChartVersion::NEWEST.to_string());
        assert_eq!(s.docker_registry.value, "registry.gitlab.com/team");
        assert_eq!(platform.applications().len(), 1);
        assert!(platform.issues.is_empty(), "{:?}", platform.issues);
    }

    #[test]
    fn registry_from_env_services_uses_default_locations() {
        let tree = MemoryFiles::new()
            .with("svc/a/.cicd/default.yaml", "appName: a\n")
            .with("svc/a/.cicd/dev.yaml", "environment: dev\n")
            .with("svc/b/.cicd/default.yaml", "appName: b\n")
            .with(".env", "SERVICES=\"a c\"\nENVIRONMENTS=\"dev\"\n");
        let options = LoadOptions {
            env_file: Some(".env".into()),
            ..LoadOptions::default()
        };
        let platform = load_platform(&tree, &["svc".to_owned()], &options);
        let issues = kinds(&platform);
        assert!(issues.contains(&("unregistered-service", "svc/b/.cicd".into())));
        assert_eq!(platform.settings.environment_names(), vec!["dev"]);
    }

    #[test]
    fn service_at_the_root_is_named_by_app_name() {
        let tree = MemoryFiles::new().with(".cicd/default.yaml", "appName: solo\n");
        let platform = load_platform(&tree, &[String::new()], &LoadOptions::default());
        let service = platform.services.first().unwrap();
        assert_eq!(
            (service.name.value.as_str(), service.name_source),
            ("solo", NameSource::AppName)
        );
    }

    #[test]
    fn a_missing_root_or_platform_dir_is_an_issue() {
        let options = LoadOptions {
            platform_dir: Some("nowhere".into()),
            ..LoadOptions::default()
        };
        let platform = load_platform(&MemoryFiles::new(), &["gone".to_owned()], &options);
        let issues = kinds(&platform);
        assert!(issues.contains(&("yaml-syntax", "gone".into())));
        assert!(issues.contains(&("yaml-syntax", "nowhere/platform/base.yaml".into())));
        assert_eq!(platform.settings.gitlab_group.value, "gitops-poc-dzha");
    }

    #[test]
    fn an_invalid_chart_version_is_reported_at_its_span() {
        let tree = MemoryFiles::new().with(
            "platform/base.yaml",
            "global:\n  k8app:\n    version: banana\n",
        );
        let platform = load_platform(&tree, &[String::new()], &LoadOptions::default());
        let issue = platform
            .issues
            .iter()
            .find(|i| i.message.contains("banana"))
            .unwrap();
        assert_eq!(issue.location.line, 3);
        assert_eq!(
            platform.chart_defaults.path,
            gg_k8app::chart_defaults_name(gg_k8app::ChartVersion::NEWEST)
        );
    }
}
