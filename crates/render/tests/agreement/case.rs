//! A case: the values files `helm template` gets with `-f`, the release, the
//! namespace and the API versions the cluster serves. The corpus is written
//! by us under `fixtures/helm/`, one file per chart feature or chart bug:
//!
//! ```text
//! # what the case shows (comments are free)
//! release: orders-prod          # optional, default `svc-dev`
//! namespace: shop-prod          # optional, default `ns-dev`
//! apiVersions: []               # optional, default [monitoring.coreos.com/v1]
//! --- default.yaml
//! <the first values file, verbatim>
//! --- dev.yaml
//! <the next one>
//! ```
//!
//! Files are split on lines starting with `--- ` and kept verbatim, so a case
//! may hold a file that is not YAML.

use std::path::Path;

use gg_render::MONITORING_API;

/// One values file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValuesText {
    /// Its name (`default.yaml`).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// One render to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Case {
    /// Where it comes from (a corpus file, a generated case's number).
    pub name: String,
    /// The values files, lowest priority first.
    pub files: Vec<ValuesText>,
    /// Helm's release name.
    pub release: String,
    /// The release namespace.
    pub namespace: String,
    /// `--api-versions` given to Helm.
    pub api_versions: Vec<String>,
}

impl Case {
    /// A case with the default release, namespace and API versions.
    pub(crate) fn new(name: impl Into<String>, files: Vec<ValuesText>) -> Self {
        Self {
            name: name.into(),
            files,
            release: "svc-dev".to_owned(),
            namespace: "ns-dev".to_owned(),
            api_versions: vec![MONITORING_API.to_owned()],
        }
    }

    /// The values files as one text, for a report.
    pub(crate) fn show(&self) -> String {
        let mut out = format!(
            "case {} (release {}, namespace {}, --api-versions {:?})\n",
            self.name, self.release, self.namespace, self.api_versions
        );
        for file in &self.files {
            out.push_str(&format!("--- {}\n{}", file.name, file.text));
            if !file.text.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

/// Reads one corpus file.
pub(crate) fn parse_case(name: &str, text: &str) -> Result<Case, String> {
    let mut parts = text.split_inclusive('\n').peekable();
    let mut header = String::new();
    while let Some(line) = parts.next_if(|line| !line.starts_with("--- ")) {
        header.push_str(line);
    }
    let mut files: Vec<ValuesText> = Vec::new();
    for line in parts {
        match line.strip_prefix("--- ") {
            Some(file) => files.push(ValuesText {
                name: file.trim().to_owned(),
                text: String::new(),
            }),
            None => {
                if let Some(last) = files.last_mut() {
                    last.text.push_str(line);
                }
            }
        }
    }
    if files.is_empty() {
        return Err(format!("{name}: no `--- FILE` section"));
    }
    let mut case = Case::new(name, files);
    let header = gg_yaml::load_values(&header, name, &gg_yaml::Limits::default())
        .map_err(|e| e.to_string())?
        .root
        .to_json();
    for (key, value) in header.as_object().into_iter().flatten() {
        match (key.as_str(), value) {
            ("release", serde_json::Value::String(v)) => case.release.clone_from(v),
            ("namespace", serde_json::Value::String(v)) => case.namespace.clone_from(v),
            ("apiVersions", serde_json::Value::Array(items)) => {
                case.api_versions = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned).ok_or("apiVersions: strings"))
                    .collect::<Result<_, _>>()?;
            }
            _ => return Err(format!("{name}: unknown header key `{key}`")),
        }
    }
    Ok(case)
}

/// Every case of the corpus directory, sorted by name.
pub(crate) fn corpus(dir: &Path) -> Vec<Case> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    paths.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parse_case(&name, &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

#[test]
fn cases_split_into_verbatim_files() {
    let case = parse_case(
        "t",
        "# why\nrelease: a-prod\napiVersions: []\n--- default.yaml\nappName: a\n--- prod.yaml\n: not yaml\n",
    )
    .unwrap();
    assert_eq!(case.release, "a-prod");
    assert_eq!(case.namespace, "ns-dev");
    assert!(case.api_versions.is_empty());
    assert_eq!(case.files.len(), 2);
    assert_eq!(case.files[1].text, ": not yaml\n");
}
