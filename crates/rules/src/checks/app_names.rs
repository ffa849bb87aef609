//! `app-name-mismatch`: k8app names every object of a release after
//! `appName` (Deployment, Service `{appName}-sv`, ConfigMap, VaultStaticSecret),
//! in a namespace every service of the environment shares. A missing
//! `appName` (the chart's `app`), another service's name, or one name for two
//! services makes their objects overwrite each other.

use gg_diagnostic::{Diagnostic, Location, rules};
use gg_platform::locate::node_location;
use gg_platform::{NameSource, Platform, Service, YamlFile};
use gg_yaml::Node;

/// What a service's files make of `appName` in one environment.
#[derive(Debug, Clone, Copy)]
enum Written<'a> {
    /// No file sets it (or a `null` deletes it): the chart's `app`.
    Missing,
    /// A name, the node that wins and its file.
    Name(&'a str, &'a Node, &'a str),
    /// Something else (`type-mismatch` reports it).
    Other,
}

/// A service's `appName` in one environment.
#[derive(Debug, Clone, Copy)]
struct AppName<'a> {
    service: &'a Service,
    value: Written<'a>,
}

/// Checks the `appName` of every service in every environment it deploys to.
pub(crate) fn check(platform: &Platform, out: &mut Vec<Diagnostic>) {
    for env in platform.settings.environment_names() {
        let names: Vec<AppName<'_>> = platform
            .services
            .iter()
            .filter(|service| renders(service, env))
            .map(|service| AppName {
                service,
                value: app_name(platform, service, env),
            })
            .collect();
        for name in &names {
            check_one(platform, env, name, &names, out);
        }
    }
}

fn check_one(
    platform: &Platform,
    env: &str,
    name: &AppName<'_>,
    all: &[AppName<'_>],
    out: &mut Vec<Diagnostic>,
) {
    let service = name.service;
    let own = service.name.value.as_str();
    let (app, node, file) = match name.value {
        Written::Name(app, node, file) => (app, node, file),
        Written::Other => return,
        Written::Missing => {
            let file = service
                .default_file()
                .or_else(|| service.overlay(env))
                .map_or(service.cicd_dir.as_str(), |f| f.file.path.as_str());
            out.push(
            rules::APP_NAME_MISMATCH
                .finding(
                    Location::file_start(file),
                    format!(
                        "`appName` is not set: k8app names every object of service `{own}` `app` (Service `app-sv`), as for every other service without one"
                    ),
                )
                .with_help(format!("set `appName: {own}` in default.yaml"))
                .with_env(env),
        );
            return;
        }
    };
    let location = node_location(file, node);
    if service.name_source == NameSource::Registry {
        if app == own {
            return;
        }
        let another = platform.settings.registry.get(app).is_some()
            || platform
                .services
                .iter()
                .any(|other| other.name.value == app);
        let whose = if another {
            format!(", the objects of service `{app}`")
        } else {
            String::new()
        };
        out.push(
            rules::APP_NAME_MISMATCH
                .finding(
                    location,
                    format!(
                        "`appName: {app}` is not the name of service `{own}`: k8app names its Deployment, Service `{app}-sv`, ConfigMap and VaultStaticSecret `{app}`{whose}"
                    ),
                )
                .with_help(format!(
                    "set `appName: {own}`, the service's registry key, in default.yaml"
                ))
                .with_env(env),
        );
        return;
    }
    if !service.deployed {
        return;
    }
    let clash = all.iter().find(|other| {
        !std::ptr::eq(other.service, service)
            && other.service.deployed
            && matches!(other.value, Written::Name(theirs, _, _) if theirs == app)
    });
    if let Some(other) = clash {
        out.push(
            rules::APP_NAME_MISMATCH
                .finding(
                    location,
                    format!(
                        "`appName: {app}` is also the `appName` of service `{}` (`{}`): their objects overwrite each other in the environment's namespace",
                        other.service.name.value, other.service.cicd_dir
                    ),
                )
                .with_help(format!("give each service its own `appName` (its name, `{own}`)"))
                .with_env(env),
        );
    }
}

/// True when the service has an overlay for `env` and none of its values
/// files that Helm reads there is broken (`yaml-syntax` reports those).
fn renders(service: &Service, env: &str) -> bool {
    let loaded =
        |file: Option<&gg_platform::ServiceFile>| file.is_none_or(|f| f.file.node.is_some());
    service.overlay(env).is_some() && loaded(service.overlay(env)) && loaded(service.default_file())
}

/// The `appName` Helm will see in `env`: the overlay's, else `default.yaml`'s,
/// else the platform's shared values'.
fn app_name<'a>(platform: &'a Platform, service: &'a Service, env: &str) -> Written<'a> {
    let shared = platform
        .files
        .as_ref()
        .and_then(|files| files.k8app_defaults.as_ref());
    let layers: [Option<&'a YamlFile>; 3] = [
        service.overlay(env).map(|f| &f.file),
        service.default_file().map(|f| &f.file),
        shared,
    ];
    let winner = layers.into_iter().flatten().find_map(|file| {
        let node = file.node.as_ref()?.get_path(&["appName"])?;
        Some((file.path.as_str(), node))
    });
    match winner {
        None => Written::Missing,
        Some((_, node)) if node.is_null() => Written::Missing,
        Some((file, node)) => match node.as_str() {
            Some(app) => Written::Name(app, node, file),
            None => Written::Other,
        },
    }
}
