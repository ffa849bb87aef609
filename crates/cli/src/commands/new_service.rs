//! `gitops-guard new-service`: a new service's `.cicd/` values, pipeline and
//! editor schema, written to lint clean, and its registration in
//! `platform/core.yaml` (replaces the seed's template + `sed`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use gg_diagnostic::{Severity, normalize_path};
use gg_edit::{
    ImageRepository, ImageTag, Registration, ServiceSpec, ValuesPlatform, monorepo_root_pipeline,
    register_service, service_files,
};
use gg_naming::validate_label;
use gg_platform::{FactSource, FsSource, Platform, PlatformSettings, load_platform};

use crate::atomic::Change;
use crate::exit::{Outcome, usage};
use crate::platform_dir::{Discovery, PlatformArgs};
use crate::status;

/// Arguments of `gitops-guard new-service`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  # a service repository of its own, registered in the platform
  gitops-guard new-service basket --platform ../gitops-config

  # a service inside a monorepo checkout (run at the monorepo root)
  gitops-guard new-service storefront-cart --path cart --platform ../gitops-config --secret JWT_SECRET

WHAT IT WRITES (paths below --dir):
  [PATH/].cicd/default.yaml       shared values: appName, ports, probes, pull secret
  [PATH/].cicd/ENV.yaml           one per enabled environment: image (rewritten by CI),
                                  sizing, the canonical Vault path, hpa/pdb in staging/prod
  [PATH/].cicd/k8app-VERSION.schema.json   the JSON Schema the files' modeline points at
  [PATH/].gitlab-ci.yml           build -> update-manifests (gitops-guard set-image) -> release
  .gitlab-ci.yml (with --path)    a job running PATH/.gitlab-ci.yml as a child pipeline
                                  when PATH/ changes (GitLab reads only the root pipeline)
  and, with --platform, `services.NAME` in platform/core.yaml (comments kept).
  Everything is checked first; then every file is written, or none. The platform's
  settings are found as `gitops-guard lint` finds them (without any, it refuses: the
  files would carry guessed Vault paths). With --path the repoURL is that of a registered
  sibling in the same checkout. The generated service is linted; errors exit 1.")]
pub(crate) struct NewServiceArgs {
    /// The service name: registry key, appName, Application prefix, Vault segment.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The service's sub-directory in a monorepo (`cart`, `apps/cart`).
    #[arg(long, value_name = "MONOREPO_SUBDIR")]
    pub path: Option<String>,
    /// Where the platform's settings come from; a platform repository named
    /// by --platform also gets the service registered in its platform/core.yaml.
    #[command(flatten)]
    pub platform: PlatformArgs,
    /// The repository checkout to write into (default: ./NAME, or . with --path).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The repository URL for platform/core.yaml (default: a monorepo sibling's, else
    /// https://HOST/GROUP/REPO.git).
    #[arg(long, value_name = "URL")]
    pub repo_url: Option<String>,
    /// The image repository (default: registry.HOST/<repository path>[/MONOREPO_SUBDIR]).
    #[arg(long, value_name = "REPO")]
    pub image: Option<String>,
    /// The tag overlays start with, until CI sets the first real one.
    #[arg(long, value_name = "TAG", default_value = "0.1.0")]
    pub tag: String,
    /// An environment variable read from the service's Vault secret (repeatable).
    #[arg(long = "secret", value_name = "ENV_VAR")]
    pub secrets: Vec<String>,
    /// The ArgoCD sync wave (0 backends, 1 gateways, 2 frontends).
    #[arg(long, value_name = "N", default_value = "0")]
    pub sync_wave: String,
    /// The image CI jobs run gitops-guard from (default: registry.HOST/GROUP/gitops-guard:VERSION).
    #[arg(long, value_name = "IMAGE")]
    pub tool_image: Option<String>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

/// Runs `gitops-guard new-service`.
pub(crate) fn run(args: NewServiceArgs) -> anyhow::Result<Outcome> {
    validate_label(&args.name)
        .map_err(|err| usage(format!("invalid service name `{}`: {err}", args.name)))?;
    let root = args.dir.clone().unwrap_or_else(|| {
        if args.path.is_some() {
            PathBuf::from(".")
        } else {
            PathBuf::from(&args.name)
        }
    });
    let start = existing_ancestor(&root);
    let discovery = args.platform.discover(&[start])?;
    let loaded = load_platform(&FsSource, &[], &discovery.options);
    status!("{}", discovery.describe(&loaded));
    require_facts(&loaded)?;
    let chart = loaded
        .chart
        .clone()
        .and_then(|chart| chart.ensure_supported().map(|()| chart))?;
    let settings = &loaded.settings;
    let repo_url = match &args.repo_url {
        Some(url) => url.clone(),
        None => sibling_repo_url(settings, &root, args.path.as_deref())
            .unwrap_or_else(|| settings.default_repo_url(&repository_name(&args, &root))),
    };
    let image = match &args.image {
        Some(image) => image.clone(),
        None => default_image(&repo_url, args.path.as_deref()),
    };
    let schema_file = format!("k8app-{chart}.schema.json");
    let spec = ServiceSpec {
        name: args.name.clone(),
        subdir: args.path.clone(),
        repo_url,
        image: ImageRepository::new(&image)?,
        initial_tag: ImageTag::new(&args.tag)?,
        secret_keys: args.secrets.clone(),
        schema_url: format!("./{schema_file}"),
        sync_wave: args.sync_wave.clone(),
    };
    let tool_image = args
        .tool_image
        .clone()
        .unwrap_or_else(|| default_tool_image(settings));
    let mut platform = ValuesPlatform::from_settings(settings, &tool_image);
    if !loaded.knows(&settings.registry_secret.origin) {
        platform.registry_secret = None;
    }
    let mut files = service_files(&spec, &platform)?;
    let schema = gg_k8app::values_schema(chart);
    files.push(gg_edit::GeneratedFile {
        path: format!("{}/{schema_file}", spec.cicd_dir()),
        text: serde_json::to_string_pretty(&schema)? + "\n",
    });

    let mut change = Change::default();
    for file in &files {
        let path = root.join(&file.path);
        if !args.force && path.exists() {
            return Err(usage(format!(
                "{}: already exists (use --force to overwrite)",
                path.display()
            )));
        }
        change.write(path, file.text.clone());
    }
    let root_pipeline = root.join(".gitlab-ci.yml");
    let existing = fs::read_to_string(&root_pipeline).ok();
    let shown = root_pipeline.display().to_string();
    let runs_child = monorepo_root_pipeline(existing.as_deref(), &shown, &spec)?;
    if let Some(text) = &runs_child {
        change.write(&root_pipeline, text.clone());
    }
    let registered = match &args.platform.platform {
        Some(dir) => Some(register(dir, &spec)?),
        None => None,
    };
    if let Some((file, text)) = &registered {
        change.write(file, text.clone());
    }
    change.commit()?;
    for file in &files {
        status!("wrote {}", root.join(&file.path).display());
    }
    if runs_child.is_some() {
        status!(
            "{shown}: runs {} as a child pipeline",
            spec.in_service_dir(".gitlab-ci.yml")
        );
    }
    match (&registered, loaded.fact_source()) {
        (Some((file, _)), _) => status!("registered `{}` in {file}", spec.name),
        (None, FactSource::Repository(root)) => status!(
            "note: pass --platform {} to register `{}` in its platform/core.yaml",
            if root.is_empty() { "." } else { root.as_str() },
            spec.name
        ),
        (None, _) => {}
    }
    relint(&root, &spec, &discovery)
}

/// Fails when no platform says what the generated files must contain (the
/// Vault prefix of the secret paths, the environments of the overlays).
fn require_facts(platform: &Platform) -> anyhow::Result<()> {
    let settings = &platform.settings;
    let known = platform.knows(&settings.vault_path_prefix.origin) && platform.knows_environments();
    if known {
        return Ok(());
    }
    Err(usage(
        "no platform found to take the Vault path prefix and the environments from: pass --platform DIR (the platform repository), --env-file FILE, or declare them under `platform:` in .gitops-guard.yaml",
    ))
}

/// The deepest existing directory of `path` (where the platform is looked for).
fn existing_ancestor(path: &Path) -> String {
    path.ancestors()
        .find(|dir| dir.as_os_str().is_empty() || dir.is_dir())
        .map(|dir| dir.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `repoURL` of a registered service whose `.cicd/` is in this checkout
/// (a monorepo sibling), so that the new service names the same repository.
fn sibling_repo_url(
    settings: &PlatformSettings,
    root: &Path,
    subdir: Option<&str>,
) -> Option<String> {
    subdir?;
    let checkout = root.canonicalize().ok()?;
    let name = checkout.file_name()?.to_string_lossy().into_owned();
    settings
        .registry
        .entries
        .iter()
        .find(|entry| entry.repository_name() == name && checkout.join(&entry.path.value).is_dir())
        .map(|entry| entry.repo_url.value.clone())
}

/// The registration in `DIR/platform/core.yaml` (the file and its new text).
fn register(platform: &str, spec: &ServiceSpec) -> anyhow::Result<(String, String)> {
    let file = format!("{}/platform/core.yaml", platform.trim_end_matches('/'));
    let text = if Path::new(&file).is_file() {
        fs::read_to_string(&file).with_context(|| format!("cannot read {file}"))?
    } else {
        String::new()
    };
    let entry = Registration {
        name: spec.name.clone(),
        sync_wave: spec.sync_wave.clone(),
        repo_url: spec.repo_url.clone(),
        path: spec.cicd_dir(),
    };
    Ok((file.clone(), register_service(&text, &file, &entry)?))
}

/// Lints the written service with the platform; errors exit 1.
fn relint(root: &Path, spec: &ServiceSpec, discovery: &Discovery) -> anyhow::Result<Outcome> {
    let dir = root.join(spec.subdir.as_deref().unwrap_or("."));
    let dir = normalize_path(&dir.to_string_lossy());
    let output = gg_rules::lint(&FsSource, &[dir], &discovery.options, &discovery.config);
    let errors = output
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    for d in &output.diagnostics {
        status!(
            "  {}:{}: {} [{}] {}",
            d.location.file,
            d.location.line,
            d.severity,
            d.rule,
            d.message
        );
    }
    if errors == 0 {
        status!(
            "`{}` lints clean ({} findings below error)",
            spec.name,
            output.diagnostics.len()
        );
        Ok(Outcome::Clean)
    } else {
        status!("`{}` has {errors} lint error(s)", spec.name);
        Ok(Outcome::Findings)
    }
}

/// The repository name: NAME for a repository of its own, else the checkout's directory name.
fn repository_name(args: &NewServiceArgs, root: &Path) -> String {
    if args.path.is_none() {
        return args.name.clone();
    }
    root.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| args.name.clone())
}

/// `https://gitlab.com/acme/services/cart.git` → `registry.gitlab.com/acme/services/cart[/SUBDIR]`
/// (GitLab's `$CI_REGISTRY_IMAGE`, lowercased).
fn default_image(repo_url: &str, subdir: Option<&str>) -> String {
    let rest = repo_url
        .split_once("://")
        .map_or(repo_url, |(_, rest)| rest);
    let rest = rest.trim_end_matches('/').trim_end_matches(".git");
    let rest = rest
        .split_once('@')
        .map_or(rest, |(_, host_path)| host_path);
    let image = format!("registry.{rest}").to_lowercase();
    match subdir {
        Some(dir) => format!("{image}/{}", dir.to_lowercase()),
        None => image,
    }
}

fn default_tool_image(settings: &PlatformSettings) -> String {
    format!(
        "registry.{}/{}/gitops-guard:{}",
        settings.gitlab_host.value,
        settings.gitlab_group.value,
        env!("CARGO_PKG_VERSION")
    )
}
