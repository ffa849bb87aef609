//! Finding service repositories: a service is a directory with a `.cicd/`
//! folder, named by the registry entry whose `<repo>/<path>` its location ends
//! with, else by the directory above `.cicd`, else by its `appName`.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::config::YamlFile;
use crate::issue::issue;
use crate::origin::{Origin, Sourced};
use crate::settings::{PlatformSettings, RegisteredService, defaults};
use gg_diagnostic::{Diagnostic, rules};

/// How a service got its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameSource {
    /// The registry entry whose `<repo>/<path>` matches the directory.
    Registry,
    /// The directory above `.cicd`.
    Directory,
    /// `appName` of `default.yaml`.
    AppName,
    /// Nothing else was available: the `.cicd` path itself.
    Path,
}

/// What a file of `.cicd/` is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "role", content = "env")]
pub enum FileRole {
    /// `default.yaml`: values for every environment.
    Default,
    /// `{env}.yaml`: the overlay of an environment.
    Overlay(String),
    /// Any other YAML file in `.cicd/`.
    Other,
}

/// One YAML file of a service's `.cicd/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceFile {
    /// What the file is for.
    pub role: FileRole,
    /// The loaded file.
    pub file: YamlFile,
}

/// A discovered service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// The service name (registry key when registered).
    pub name: Sourced<String>,
    /// How the name was found.
    pub name_source: NameSource,
    /// True when the ApplicationSet deploys it (registered, or no registry configured).
    pub deployed: bool,
    /// Path of the `.cicd` directory.
    pub cicd_dir: String,
    /// Its YAML files, sorted by path.
    pub files: Vec<ServiceFile>,
}

/// The service directory a user names by `path`: the directory holding
/// `.cicd/`, given as itself or as its `.cicd/`, in the form findings report
/// it (`./svc/.cicd/` → `svc`; `.` and `.cicd` → the empty path).
pub fn service_dir_of(path: &str) -> String {
    let dir = gg_diagnostic::normalize_path(path);
    match dir.strip_suffix(".cicd") {
        Some("") => String::new(),
        Some(parent) if parent.ends_with('/') => parent.trim_end_matches('/').to_owned(),
        _ => dir,
    }
}

impl Service {
    /// `default.yaml`.
    pub fn default_file(&self) -> Option<&ServiceFile> {
        self.files.iter().find(|f| f.role == FileRole::Default)
    }

    /// The overlay of `env`.
    pub fn overlay(&self, env: &str) -> Option<&ServiceFile> {
        self.files
            .iter()
            .find(|f| matches!(&f.role, FileRole::Overlay(e) if e == env))
    }

    /// Where the overlay of `env` is (or would be).
    pub fn overlay_path(&self, env: &str) -> String {
        self.overlay(env).map_or_else(
            || format!("{}/{env}.yaml", self.cicd_dir),
            |f| f.file.path.clone(),
        )
    }
}

/// `.cicd` directories and their YAML files (not yet loaded).
#[derive(Debug, Clone, Default)]
pub(crate) struct CicdDirs {
    dirs: BTreeMap<String, Vec<String>>,
}

impl CicdDirs {
    /// Picks the YAML files that sit directly in a `.cicd` directory.
    pub(crate) fn find(paths: &[String]) -> Self {
        let mut dirs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for path in paths {
            let Some((dir, name)) = path.rsplit_once('/') else {
                continue;
            };
            let in_cicd = dir == defaults::CICD_PATH || dir.ends_with("/.cicd");
            if in_cicd && yaml_stem(name).is_some() {
                dirs.entry(dir.to_owned()).or_default().push(path.clone());
            }
        }
        dirs.values_mut().for_each(|files| gg_sort::sort(files));
        Self { dirs }
    }

    /// Every YAML file of every `.cicd` directory, by directory then name.
    pub(crate) fn files(&self) -> impl Iterator<Item = &String> {
        self.dirs.values().flatten()
    }

    /// Stems of overlay-looking files (`{env}.yaml`, not `default`), sorted and unique.
    pub(crate) fn overlay_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .dirs
            .values()
            .flatten()
            .filter_map(|path| yaml_stem(path.rsplit('/').next().unwrap_or(path)))
            .filter(|stem| *stem != "default" && gg_naming::validate_label(stem).is_ok())
            .map(str::to_owned)
            .collect();
        gg_sort::sort(&mut names);
        names.dedup();
        names
    }
}

fn yaml_stem(name: &str) -> Option<&str> {
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .filter(|stem| !stem.is_empty())
}

/// Path segments that mean something (no `.` or empty ones).
fn segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect()
}

/// The registry entries by their location's segments (`<repo>/<path>` split
/// once), so that naming a directory costs one lookup per suffix of its path
/// instead of a comparison with every entry.
struct LocationIndex<'r> {
    /// Segments of a location → the last entry with that location.
    by_location: HashMap<Vec<String>, &'r RegisteredService>,
}

impl<'r> LocationIndex<'r> {
    fn new(entries: &'r [RegisteredService]) -> Self {
        let by_location = entries
            .iter()
            .map(|entry| {
                let location = entry.cicd_location();
                let wanted = segments(&location).into_iter().map(str::to_owned).collect();
                (wanted, entry)
            })
            .collect();
        Self { by_location }
    }

    /// The entry whose location is the longest suffix of `cicd_dir`'s segments
    /// (the last such entry in registry order when several share it).
    fn best_match(&self, cicd_dir: &str) -> Option<&'r RegisteredService> {
        let dir: Vec<String> = segments(cicd_dir).into_iter().map(str::to_owned).collect();
        (0..=dir.len())
            .filter_map(|start| dir.get(start..))
            .find_map(|suffix| self.by_location.get(suffix).copied())
    }
}

/// Loads every service directory, names it and reports registry mismatches.
/// `load` reads one service file, appending its problems to the issues;
/// `real` gives a directory's real location, whose names match the registry.
pub(crate) fn discover(
    dirs: &CicdDirs,
    settings: &PlatformSettings,
    known_envs: &[String],
    real: &dyn Fn(&str) -> String,
    load: &mut dyn FnMut(&str, &mut Vec<Diagnostic>) -> YamlFile,
    issues: &mut Vec<Diagnostic>,
) -> Vec<Service> {
    let registry = &settings.registry;
    let configured = registry.is_configured();
    let locations = LocationIndex::new(&registry.entries);
    let mut claimed: HashSet<&str> = HashSet::new();
    // First every directory the registry names by location, so that a
    // directory named by its `appName` below never takes another's entry.
    let mut found: Vec<Found<'_>> = Vec::new();
    for (cicd_dir, paths) in &dirs.dirs {
        let files: Vec<ServiceFile> = paths
            .iter()
            .map(|path| ServiceFile {
                role: role(path, known_envs),
                file: load(path, issues),
            })
            .collect();
        let location = real(cicd_dir);
        let by_location = locations.best_match(&location);
        let entry = by_location.filter(|entry| claimed.insert(entry.name.value.as_str()));
        found.push(Found {
            cicd_dir,
            location,
            files,
            entry,
            duplicate_of: by_location.filter(|_| entry.is_none()),
        });
    }
    let mut services = Vec::new();
    for found in found {
        let entry = found.entry.or_else(|| {
            let entry = (found.duplicate_of.is_none())
                .then(|| by_app_name(&registry.entries, &found.location, &found.files))
                .flatten()?;
            claimed.insert(entry.name.value.as_str()).then_some(entry)
        });
        let Found {
            cicd_dir,
            location,
            files,
            duplicate_of,
            ..
        } = found;
        let service = match entry {
            Some(entry) => Service {
                name: entry.name.clone(),
                name_source: NameSource::Registry,
                deployed: true,
                cicd_dir: cicd_dir.clone(),
                files,
            },
            None => {
                let (name, name_source) = fallback_name(&location, cicd_dir, &files);
                if let Some(entry) = duplicate_of {
                    issues.push(issue(
            &rules::DUPLICATE_SERVICE,
                        cicd_dir,
                        None,
                        format!(
                            "`{cicd_dir}` also matches registry entry `{}` (`{}`), already taken by another directory",
                            entry.name.value,
                            entry.cicd_location()
                        ),
                        "lint one checkout of each service repository at a time",
                    ));
                } else if configured {
                    issues.push(unregistered(cicd_dir, &name.value));
                }
                Service {
                    name,
                    name_source,
                    deployed: !configured,
                    cicd_dir: cicd_dir.clone(),
                    files,
                }
            }
        };
        services.push(service);
    }
    services
}

/// A `.cicd` directory on its way to becoming a [`Service`].
struct Found<'a> {
    cicd_dir: &'a String,
    /// Its real location.
    location: String,
    files: Vec<ServiceFile>,
    /// The registry entry its location matched first.
    entry: Option<&'a RegisteredService>,
    /// The entry its location matched after another directory took it.
    duplicate_of: Option<&'a RegisteredService>,
}

/// The registry entry named like the directory's `appName` whose `path`
/// ends its location: a checkout whose directory is not named after its
/// repository (`docker run -v "$PWD:/work"` lints `/work/.cicd`).
fn by_app_name<'r>(
    entries: &'r [RegisteredService],
    location: &str,
    files: &[ServiceFile],
) -> Option<&'r RegisteredService> {
    let app_name = app_name_of(files)?;
    let dir = segments(location);
    entries.iter().rev().find(|entry| {
        entry.name.value == app_name.value && dir.ends_with(&segments(&entry.path.value))
    })
}

/// `appName` of the service's `default.yaml`, where it is written.
fn app_name_of(files: &[ServiceFile]) -> Option<Sourced<String>> {
    files
        .iter()
        .find(|f| f.role == FileRole::Default)
        .and_then(|f| {
            let node = f.file.node.as_ref()?.get_path(&["appName"])?;
            Some(Sourced::new(
                node.as_str()?.to_owned(),
                Origin::file(&f.file.path, node.span),
            ))
        })
}

fn role(path: &str, known_envs: &[String]) -> FileRole {
    let stem = yaml_stem(path.rsplit('/').next().unwrap_or(path)).unwrap_or_default();
    if stem == "default" {
        FileRole::Default
    } else if known_envs.iter().any(|env| env == stem) {
        FileRole::Overlay(stem.to_owned())
    } else {
        FileRole::Other
    }
}

/// The name of an unregistered service: the directory above `.cicd` in its
/// real location, else its `appName`, else the path itself.
fn fallback_name(
    location: &str,
    cicd_dir: &str,
    files: &[ServiceFile],
) -> (Sourced<String>, NameSource) {
    let parent = segments(location)
        .into_iter()
        .rev()
        .nth(1)
        .filter(|name| *name != "..");
    if let Some(name) = parent {
        return (
            Sourced::new(name.to_owned(), Origin::Discovered),
            NameSource::Directory,
        );
    }
    match app_name_of(files) {
        Some(name) => (name, NameSource::AppName),
        None => (
            Sourced::new(cicd_dir.to_owned(), Origin::Discovered),
            NameSource::Path,
        ),
    }
}

fn unregistered(cicd_dir: &str, name: &str) -> Diagnostic {
    issue(
        &rules::UNREGISTERED_SERVICE,
        cicd_dir,
        None,
        format!(
            "service `{name}` is not in the service registry: the ApplicationSet does not deploy it"
        ),
        "add it under `services:` in platform/core.yaml if it should be deployed",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_service_is_named_by_its_directory_or_its_cicd() {
        for (given, dir) in [
            ("./svc/orders/", "svc/orders"),
            ("svc/orders/.cicd", "svc/orders"),
            ("svc/orders/.cicd/", "svc/orders"),
            (".", ""),
            (".cicd", ""),
            ("./.cicd/", ""),
            ("svc/my.cicd", "svc/my.cicd"),
        ] {
            assert_eq!(super::service_dir_of(given), dir, "{given}");
        }
    }
}
