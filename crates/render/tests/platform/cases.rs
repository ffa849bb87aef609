//! The platforms of the rule cases (`fixtures/rules/<rule>/<case>.yaml`):
//! the shared platform `fixtures/rules/_platform/gitops-config` with the
//! platform files a case writes, so every platform a rule case lints is
//! rendered by Helm too.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::helm_run::repo_root;

/// Where a case's files put the platform repository.
const PLATFORM: &str = "gitops-config/";

/// One rule case that writes platform files: its name and its platform's
/// files (relative to the platform root).
#[derive(Debug, Clone)]
pub(crate) struct CasePlatform {
    /// `<rule>/<case>.yaml`.
    pub(crate) name: String,
    /// The platform's files, the shared ones with the case's over them.
    pub(crate) files: BTreeMap<String, String>,
}

impl CasePlatform {
    /// Writes the platform below `dir`.
    pub(crate) fn write(&self, dir: &Path) {
        for (relative, text) in &self.files {
            let path = dir.join(relative);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    /// The case's files as a report shows them.
    pub(crate) fn show(&self) -> String {
        self.files
            .iter()
            .map(|(name, text)| format!("--- {name}\n{text}"))
            .collect()
    }
}

/// Every rule case that runs on the shared platform and writes a file of
/// the platform repository, in path order.
pub(crate) fn case_platforms() -> Vec<CasePlatform> {
    let root = repo_root().join("fixtures/rules");
    let shared = shared_platform(&root.join("_platform/gitops-config"));
    let mut found = Vec::new();
    for path in case_paths(&root) {
        let text = fs::read_to_string(&path).unwrap();
        let case = gg_yaml::load_values(&text, "case", &gg_yaml::Limits::default())
            .unwrap()
            .root
            .to_json();
        if case.get("platform").and_then(serde_json::Value::as_bool) == Some(false) {
            continue;
        }
        let own: BTreeMap<String, String> = case["files"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(file, text)| {
                Some((
                    file.strip_prefix(PLATFORM)?.to_owned(),
                    text.as_str()?.to_owned(),
                ))
            })
            .filter(|(file, _)| file.starts_with("platform/"))
            .collect();
        if own.is_empty() {
            continue;
        }
        let mut files = shared.clone();
        files.extend(own);
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        found.push(CasePlatform { name, files });
    }
    found
}

fn case_paths(root: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for dir in fs::read_dir(root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.ends_with("_platform") {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "yaml") {
                paths.push(file);
            }
        }
    }
    paths.sort();
    paths
}

/// The shared platform's files, relative to its root.
fn shared_platform(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(relative, fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}
