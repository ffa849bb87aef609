//! `lint`: the findings CI and the webhook report, as the CLI's JSON contract.

use gg_diagnostic::Summary;
use gg_report::Report;

use crate::{Project, WasmError};

/// Lints the project and returns the object `gitops-guard lint --format json`
/// prints: `{"version":1,"diagnostics":[…],"summary":{…}}`.
pub fn lint(project: &Project) -> Result<serde_json::Value, WasmError> {
    let output = gg_rules::lint(
        &project.files,
        &project.roots,
        &project.load,
        &project.config,
    );
    let report = Report {
        diagnostics: &output.diagnostics,
        summary: Summary::new(&output.diagnostics, output.sources.len()),
        sources: &output.sources,
        rules: gg_diagnostic::catalog(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    // The JSON format alone: the other formats' code stays out of the module.
    let text = gg_report::json::render(&report)?;
    serde_json::from_str(&text).map_err(|e| WasmError::Serialize(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProjectOptions;
    use crate::project::tests::shop;

    #[test]
    fn reports_findings_in_the_json_contract() {
        let mut files = shop();
        files.insert(
            "svc/orders/.cicd/dev.yaml".to_owned(),
            "environment: dev\nimage:\n  repository: r/orders\n  tag: latest\n".to_owned(),
        );
        let report = lint(&Project::new(files, ProjectOptions::default()).unwrap()).unwrap();
        assert_eq!(report["version"], 1);
        let found = report["diagnostics"].as_array().unwrap();
        let tag = found
            .iter()
            .find(|d| d["rule"] == "image-tag-mutable")
            .unwrap_or_else(|| panic!("no image-tag-mutable in {report:#}"));
        assert_eq!(tag["file"], "svc/orders/.cicd/dev.yaml");
        assert_eq!(tag["line"], 4);
        assert_eq!(tag["column"], 8);
        assert_eq!(report["summary"]["files"], 2);
    }

    #[test]
    fn the_config_option_changes_severities() {
        let options = ProjectOptions {
            config: Some("rules:\n  missing-env-file: off\n".to_owned()),
            ..ProjectOptions::default()
        };
        let report = lint(&Project::new(shop(), options).unwrap()).unwrap();
        let rules: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["rule"].as_str())
            .collect();
        assert!(!rules.contains(&"missing-env-file"), "{rules:?}");
    }
}
