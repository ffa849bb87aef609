//! `gitops-guard new-service`: a new service's `.cicd/` values, pipeline and
//! editor schema, written to lint clean, and its registration in
//! `platform/core.yaml` (replaces the seed's template + `sed`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use gg_diagnostic::Severity;
use gg_edit::{
    ImageRepository, ImageTag, Registration, ServiceSpec, ValuesPlatform, register_service,
    service_files,
};
use gg_platform::{LoadOptions, PlatformSettings, load_platform};
use gg_rules::config::Config;

use crate::exit::Outcome;
use gg_platform::FsSource;

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
  and, with --platform, `services.NAME` in platform/core.yaml (comments kept).
  The generated service is linted with the platform; errors exit 1.")]
pub(crate) struct NewServiceArgs {
    /// The service name: registry key, appName, Application prefix, Vault segment.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The service's sub-directory in a monorepo (`cart`, `apps/cart`).
    #[arg(long, value_name = "MONOREPO_SUBDIR")]
    pub path: Option<String>,
    /// The platform repository root: its settings are used and the service is registered there.
    #[arg(long, value_name = "DIR")]
    pub platform: Option<String>,
    /// A .env file with the platform settings, used when there is no --platform.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<String>,
    /// The repository checkout to write into (default: ./NAME, or . with --path).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The repository URL for platform/core.yaml (default: https://HOST/GROUP/REPO.git).
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
    let options = LoadOptions {
        platform_dir: args.platform.clone(),
        env_file: args.env_file.clone(),
        ..LoadOptions::default()
    };
    if let Some(dir) = &args.platform
        && !Path::new(dir).join("platform/base.yaml").is_file()
    {
        bail!("{dir}: not a platform root (no platform/base.yaml)");
    }
    let loaded = load_platform(&FsSource, &[], &options);
    let chart = loaded
        .chart
        .clone()
        .and_then(|chart| chart.ensure_supported().map(|()| chart))?;
    let settings = loaded.settings;
    let root = args.dir.clone().unwrap_or_else(|| {
        if args.path.is_some() {
            PathBuf::from(".")
        } else {
            PathBuf::from(&args.name)
        }
    });
    let repo_url = match &args.repo_url {
        Some(url) => url.clone(),
        None => settings.default_repo_url(&repository_name(&args, &root)),
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
        .unwrap_or_else(|| default_tool_image(&settings));
    let platform = ValuesPlatform::from_settings(&settings, &tool_image);
    let mut files = service_files(&spec, &platform)?;
    let schema = gg_k8app::values_schema(chart);
    files.push(gg_edit::GeneratedFile {
        path: format!("{}/{schema_file}", spec.cicd_dir()),
        text: serde_json::to_string_pretty(&schema)? + "\n",
    });

    let targets: Vec<(PathBuf, &str)> = files
        .iter()
        .map(|f| (root.join(&f.path), f.text.as_str()))
        .collect();
    if !args.force
        && let Some((existing, _)) = targets.iter().find(|(path, _)| path.exists())
    {
        bail!(
            "{}: already exists (use --force to overwrite)",
            existing.display()
        );
    }
    // Register first: a taken name stops the command before anything is written.
    let registered = match &args.platform {
        Some(dir) => Some(register(dir, &spec)?),
        None => None,
    };
    for (path, text) in &targets {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some((file, text)) = registered {
        fs::write(&file, text).with_context(|| format!("cannot write {file}"))?;
        eprintln!("registered `{}` in {file}", spec.name);
    }
    relint(&root, &spec, &options)
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
fn relint(root: &Path, spec: &ServiceSpec, options: &LoadOptions) -> anyhow::Result<Outcome> {
    // Linted by absolute path, so the registry's `<repository>/<path>` matches
    // even when the repository root is the working directory.
    let dir = root.join(spec.subdir.as_deref().unwrap_or("."));
    let dir = dir.canonicalize().unwrap_or(dir);
    let dir = dir.to_string_lossy().into_owned();
    let output = gg_rules::lint(&FsSource, &[dir], options, &Config::default());
    let errors: Vec<_> = output
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    for d in &output.diagnostics {
        eprintln!(
            "  {}:{}: {} [{}] {}",
            d.location.file, d.location.line, d.severity, d.rule, d.message
        );
    }
    if errors.is_empty() {
        eprintln!(
            "`{}` lints clean ({} findings below error)",
            spec.name,
            output.diagnostics.len()
        );
        Ok(Outcome::Clean)
    } else {
        eprintln!("`{}` has {} lint error(s)", spec.name, errors.len());
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
