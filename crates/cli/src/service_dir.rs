//! Loading one service directory (the one holding `.cicd/`) together with its platform.

use anyhow::{Context, bail};
use gg_platform::{LoadOptions, Platform, Service, load_platform};

use crate::platform_dir;
use gg_platform::FsSource;

/// Loads the service at `service_dir` (or its `.cicd/`) with the platform at
/// `platform_dir` (default: found near the service), checks that it has an
/// overlay for `env`, prints the loading issues of its files, and runs `run`.
pub(crate) fn with_service<T>(
    service_dir: &str,
    platform_dir: Option<&str>,
    env: &str,
    run: impl FnOnce(&Platform, &Service) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = gg_platform::service_dir_of(service_dir);
    let shown = if dir.is_empty() { "." } else { dir.as_str() };
    if !std::path::Path::new(shown).join(".cicd").is_dir() {
        bail!("{shown}: no .cicd/ directory (give the directory of a service)");
    }
    let options = LoadOptions {
        platform_dir: platform_dir
            .map(str::to_owned)
            .or_else(|| platform_dir::find_near(&dir)),
        ..LoadOptions::default()
    };
    let platform = load_platform(&FsSource, std::slice::from_ref(&dir), &options);
    let cicd = if dir.is_empty() {
        ".cicd".to_owned()
    } else {
        format!("{dir}/.cicd")
    };
    let service = platform
        .services
        .iter()
        .find(|s| s.cicd_dir == cicd)
        .with_context(|| format!("{dir}: no service found there"))?;
    if service.overlay(env).is_none() {
        let known = platform.settings.environment_names().join(", ");
        bail!(
            "{}: no overlay for environment `{env}` (the platform's environments: {known})",
            service.overlay_path(env),
        );
    }
    platform_dir::print_warnings(platform.issues.iter().filter(|i| {
        i.location.file.starts_with(&cicd) || i.location.file.contains("k8app-defaults")
    }));
    run(&platform, service)
}
