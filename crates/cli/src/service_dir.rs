//! Loading one service directory (the one holding `.cicd/`) together with its platform.

use gg_platform::{FsSource, Platform, Service, load_platform};

use crate::exit::usage;
use crate::platform_dir::{self, PlatformArgs};
use crate::status;

/// Loads the service at `service_dir` (or its `.cicd/`) with the platform the
/// discovery rule finds for it, checks that it deploys to `env`, says on
/// stderr which platform was used, prints the loading issues of its files,
/// and runs `run`.
///
/// # Errors
/// No `.cicd/` there, an unreadable named path, or an environment the
/// service has no overlay for or the platform does not enable: usage errors.
pub(crate) fn with_service<T>(
    service_dir: &str,
    platform: &PlatformArgs,
    env: &str,
    run: impl FnOnce(&Platform, &Service) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = gg_platform::service_dir_of(service_dir);
    let shown = if dir.is_empty() { "." } else { dir.as_str() };
    if !std::path::Path::new(shown).join(".cicd").is_dir() {
        return Err(usage(format!(
            "{shown}: no .cicd/ directory (give the directory of a service)"
        )));
    }
    let discovery = platform.discover(std::slice::from_ref(&dir))?;
    let loaded = load_platform(&FsSource, std::slice::from_ref(&dir), &discovery.options);
    status!("{}", discovery.describe(&loaded));
    let cicd = if dir.is_empty() {
        ".cicd".to_owned()
    } else {
        format!("{dir}/.cicd")
    };
    let service = loaded
        .services
        .iter()
        .find(|s| s.cicd_dir == cicd)
        .ok_or_else(|| usage(format!("{shown}: no service found there")))?;
    let enabled = loaded.settings.environment_names().join(", ");
    if loaded.knows_environments() && loaded.settings.environment(env).is_none() {
        return Err(usage(format!(
            "environment `{env}` is not enabled on the platform (enabled: {enabled}): no Application `{}-{env}` exists",
            service.name.value
        )));
    }
    if service.overlay(env).is_none() {
        return Err(usage(format!(
            "{}: no overlay for environment `{env}` (the platform's environments: {enabled})",
            service.overlay_path(env),
        )));
    }
    platform_dir::print_warnings(loaded.issues.iter().filter(|i| {
        i.location.file.starts_with(&cicd) || i.location.file.contains("k8app-defaults")
    }));
    run(&loaded, service)
}
