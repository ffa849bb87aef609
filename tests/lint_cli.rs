//! End-to-end tests of `gitops-guard lint`, `rules`, `explain` and `values`,
//! and of the SARIF report against Microsoft's SARIF Multitool.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::fs;

use std::process::Output;

mod support;
use support::{example, gitops_guard, repo};

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn the_example_platform_lints_clean_but_for_its_charts_bugs() {
    let out = gitops_guard(&repo(), &["lint", "fixtures/example", "--format", "json"]);
    let report = json(&out);
    let found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].clone(),
                d["severity"].clone(),
                d["file"].clone(),
                d["line"].clone(),
            )
        })
        .collect();
    // platform-core's lost ReferenceGrants, and the search worker and
    // CronJob, which k8app 3.8.0 renders without the registry secret (the
    // worker's entry is in prod.yaml too, so prod's finding points there).
    let search = "fixtures/example/services/search/.cicd";
    let warning = |rule: &str, file: &str, line: u32| {
        (
            serde_json::json!(rule),
            serde_json::json!("warning"),
            serde_json::json!(file),
            serde_json::json!(line),
        )
    };
    assert_eq!(
        found,
        [
            warning(
                "platform-documents-lost",
                "fixtures/example/gitops-config/platform/core.yaml",
                10
            ),
            warning(
                "workload-pull-secrets-dropped",
                &format!("{search}/default.yaml"),
                50
            ),
            warning(
                "workload-pull-secrets-dropped",
                &format!("{search}/default.yaml"),
                59
            ),
        ],
        "{report:#}"
    );
    // prod's overlay writes the worker's entry too: still one finding, at
    // default.yaml's entry, for every environment.
    let worker = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["line"] == 50)
        .unwrap();
    assert_eq!(
        worker["env"],
        serde_json::json!(["dev", "staging", "prod"]),
        "{report:#}"
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(report["summary"]["files"].as_u64().unwrap() >= 28);
}

#[test]
fn a_staging_overlay_inheriting_a_dev_secret_path_fails_with_the_json_contract() {
    let dir = example();
    let default = dir.path().join("services/orders/.cicd/default.yaml");
    let staging = dir.path().join("services/orders/.cicd/staging.yaml");
    let text = fs::read_to_string(&staging).unwrap();
    let without_secrets: String = text
        .split_inclusive('\n')
        .filter(|line| {
            !line.contains("/acme-shop/orders/staging/config") && !line.starts_with("secrets:")
        })
        .collect();
    fs::write(&staging, without_secrets).unwrap();
    let mut default_text = fs::read_to_string(&default).unwrap();
    default_text.push_str("secrets:\n  DATABASE_PASSWORD: \"/acme-shop/orders/dev/config\"\n");
    fs::write(&default, &default_text).unwrap();
    let line = u64::try_from(default_text.lines().count()).unwrap();

    let out = gitops_guard(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["version"], 1);
    // One finding says both: the path names another environment, and Vault
    // denies it there (the `secret-path-denied` finding is absorbed).
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .filter(|rule| rule.starts_with("secret-path"))
        .collect();
    assert_eq!(rules, ["secret-path-wrong-env"], "{report:#}");
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "secret-path-wrong-env")
        .unwrap();
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("Vault denies it in staging")),
        "{finding:#}"
    );
    assert_eq!(finding["file"], "services/orders/.cicd/default.yaml");
    assert_eq!(finding["line"], line);
    assert_eq!(finding["column"], 22);
    assert_eq!(finding["env"], serde_json::json!(["staging"]));
    assert_eq!(finding["severity"], "error");
    for key in ["message", "help"] {
        assert!(
            finding[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key}"
        );
    }
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn a_broken_file_is_a_finding_and_the_rest_is_still_linted() {
    let dir = example();
    fs::write(
        dir.path().join("services/catalog/.cicd/dev.yaml"),
        "environment: dev\nimage: [\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("services/orders/.cicd/dev.yaml"),
        fs::read_to_string(dir.path().join("services/orders/.cicd/dev.yaml")).unwrap()
            + "replicaCount: 2\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["lint", "--format", "json"]);
    let report = json(&out);
    let rules: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert!(
        rules.contains(&("yaml-syntax", "services/catalog/.cicd/dev.yaml")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("unknown-key", "services/orders/.cicd/dev.yaml")),
        "{rules:?}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_file_gets_the_machine_format_and_the_terminal_the_human_one() {
    let dir = example();
    fs::write(
        dir.path().join("services/catalog/.cicd/dev.yaml"),
        "environment: dev\nimage: [\n",
    )
    .unwrap();
    for format in ["sarif", "junit", "codequality", "json"] {
        let file = dir.path().join(format!("report.{format}"));
        let out = gitops_guard(
            dir.path(),
            &[
                "lint",
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(out.status.code(), Some(1));
        let terminal = String::from_utf8(out.stdout).unwrap();
        assert!(terminal.contains("error[yaml-syntax]"), "{terminal}");
        assert!(
            terminal.contains("--> services/catalog/.cicd/dev.yaml:"),
            "{terminal}"
        );
        let written = fs::read_to_string(&file).unwrap();
        assert!(written.contains("yaml-syntax"), "{format}: {written}");
    }
}

#[test]
fn github_format_prints_one_workflow_command_per_finding() {
    let dir = example_with_an_error_and_a_warning();
    let out = gitops_guard(dir.path(), &["lint", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.iter().any(|line| line
            .starts_with("::error file=services/catalog/.cicd/dev.yaml,line=")
            && line.contains(",title=yaml-syntax::")),
        "{text}"
    );
    let unknown = lines
        .iter()
        .find(|line| line.contains("title=unknown-key"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        unknown.starts_with("::warning file=services/orders/.cicd/dev.yaml,line="),
        "{unknown}"
    );
    assert!(
        unknown.contains("%0Ahelp: "),
        "help on its own line: {unknown}"
    );
    assert!(
        lines.last().unwrap().ends_with("files"),
        "the summary closes the log: {text}"
    );
}

/// The example with one warning: an `unknown-key` in orders' `dev.yaml`.
fn example_with_a_warning() -> tempfile::TempDir {
    let dir = example();
    let dev = dir.path().join("services/orders/.cicd/dev.yaml");
    fs::write(
        &dev,
        fs::read_to_string(&dev).unwrap() + "replicaCount: 2\n",
    )
    .unwrap();
    dir
}

/// The example with a warning (see [`example_with_a_warning`]) and a syntax
/// error in catalog's `dev.yaml`.
fn example_with_an_error_and_a_warning() -> tempfile::TempDir {
    let dir = example_with_a_warning();
    fs::write(
        dir.path().join("services/catalog/.cicd/dev.yaml"),
        "environment: dev\nimage: [\n",
    )
    .unwrap();
    dir
}

#[test]
fn warnings_fail_only_with_deny_warnings_and_baselines_hide_known_findings() {
    let dir = example_with_a_warning();
    assert_eq!(gitops_guard(dir.path(), &["lint"]).status.code(), Some(0));
    assert_eq!(
        gitops_guard(dir.path(), &["lint", "--deny-warnings"])
            .status
            .code(),
        Some(1)
    );

    let baseline = dir.path().join("baseline.json");
    let out = gitops_guard(
        dir.path(),
        &["lint", "--write-baseline", baseline.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = gitops_guard(
        dir.path(),
        &[
            "lint",
            "--deny-warnings",
            "--baseline",
            baseline.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn configuration_and_inline_suppressions_apply() {
    let dir = example();
    let dev = dir.path().join("services/orders/.cicd/dev.yaml");
    let original = fs::read_to_string(&dev).unwrap();
    fs::write(
        &dev,
        format!("{original}replicaCount: 2  # gitops-guard: ignore unknown-key -- migrating\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join(".gitops-guard.yaml"),
        "rules:\n  platform-documents-lost: off\n  workload-pull-secrets-dropped: off\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["lint", "--deny-warnings"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    fs::write(&dev, format!("{original}replicaCount: 2\n")).unwrap();
    fs::write(
        dir.path().join(".gitops-guard.yaml"),
        "rules:\n  unknown-key: error\n",
    )
    .unwrap();
    assert_eq!(gitops_guard(dir.path(), &["lint"]).status.code(), Some(1));
    fs::write(
        dir.path().join(".gitops-guard.yaml"),
        "rules:\n  unknown-keys: off\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `unknown-key`"));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = gitops_guard(&repo(), &["lint", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn rules_lists_the_catalog_and_explain_prints_a_page() {
    let out = gitops_guard(&repo(), &["rules"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("secret-path-denied") && text.contains("unknown-key"));
    let out = gitops_guard(&repo(), &["explain", "secret-path-wrong-env"]);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("# secret-path-wrong-env")
    );
    let out = gitops_guard(&repo(), &["explain", "secret-path-wrong-envs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `secret-path-wrong-env`"));
}

#[test]
fn values_prints_every_leaf_with_its_file_and_line() {
    let out = gitops_guard(
        &repo(),
        &[
            "values",
            "fixtures/example/services/orders",
            "--env",
            "staging",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let tag_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("tag:"))
        .unwrap();
    assert!(
        tag_line.contains("# fixtures/example/services/orders/.cicd/staging.yaml:"),
        "{tag_line}"
    );
    let out = gitops_guard(
        &repo(),
        &[
            "values",
            "fixtures/example/services/orders",
            "--env",
            "staging",
            "--format",
            "json",
        ],
    );
    let report = json(&out);
    assert_eq!(report["values"]["appName"], "orders");
    assert!(
        report["provenance"]["image.tag"]["file"]
            .as_str()
            .unwrap()
            .ends_with("staging.yaml")
    );
    let out = gitops_guard(
        &repo(),
        &["values", "fixtures/example/services/orders", "--env", "qa"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn junit_lists_warnings_as_passed_cases_unless_warnings_are_denied() {
    let dir = example_with_a_warning();
    let report = dir.path().join("junit.xml");
    let report_arg = report.to_str().unwrap();
    let case = |deny: bool| {
        let mut args = vec!["lint", "--format", "junit", "--output", report_arg];
        if deny {
            args.push("--deny-warnings");
        }
        let code = gitops_guard(dir.path(), &args).status.code();
        let xml = fs::read_to_string(&report).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let case = doc
            .descendants()
            .find(|n| {
                n.attribute("file") == Some("services/orders/.cicd/dev.yaml")
                    && n.attribute("name") == Some("unknown-key")
            })
            .unwrap_or_else(|| panic!("no unknown-key case: {xml}"));
        let child = case.first_element_child().unwrap();
        let text = child.text().unwrap_or_default().to_owned();
        (code, child.tag_name().name().to_owned(), text)
    };
    let (code, element, text) = case(false);
    assert_eq!((code, element.as_str()), (Some(0), "system-out"));
    assert!(
        text.starts_with("warning: services/orders/.cicd/dev.yaml:"),
        "{text}"
    );
    assert!(text.contains("replicaCount"), "{text}");
    let (code, element, _) = case(true);
    assert_eq!((code, element.as_str()), (Some(1), "failure"));
}

/// The SARIF Multitool (`GG_SARIF_MULTITOOL`, else `.tools/sarif-multitool/Sarif.Multitool`
/// as `scripts/install-sarif-multitool.sh` installs it), or `None` after a notice; a failure
/// under `GG_REQUIRE_SARIF_MULTITOOL=1`.
fn sarif_multitool() -> Option<std::path::PathBuf> {
    let tool = std::env::var_os("GG_SARIF_MULTITOOL").map_or_else(
        || repo().join(".tools/sarif-multitool/Sarif.Multitool"),
        std::path::PathBuf::from,
    );
    if tool.is_file() {
        return Some(tool);
    }
    assert!(
        std::env::var("GG_REQUIRE_SARIF_MULTITOOL").as_deref() != Ok("1"),
        "GG_REQUIRE_SARIF_MULTITOOL=1 but {} is missing (scripts/install-sarif-multitool.sh)",
        tool.display()
    );
    eprintln!(
        "skipped: no SARIF Multitool at {} (scripts/install-sarif-multitool.sh installs it)",
        tool.display()
    );
    None
}

/// What the Multitool may still say about our SARIF, and why it stays.
const ACCEPTED_SARIF_NOTES: &[(&str, &str)] = &[
    (
        "SARIF2002",
        "result messages as `id` and `arguments`: our messages are whole sentences, not localised",
    ),
    (
        "SARIF2003",
        "versionControlProvenance: the linter reads files, not a repository's history",
    ),
    (
        "SARIF2006",
        "URIs reachable: the check needs the network, and the repository URL is the workspace's",
    ),
    (
        "SARIF2009",
        "rule ids like `CS2001`: ours are the public, stable ids of suppressions and configuration",
    ),
    (
        "SARIF2010",
        "code snippets in regions: the report points at lines; viewers show the file itself",
    ),
    (
        "SARIF2011",
        "context regions around a result: likewise, the viewer reads the file",
    ),
];

#[test]
fn sarif_passes_the_sarif_multitool_with_the_best_practice_and_github_rules() {
    let Some(tool) = sarif_multitool() else {
        return;
    };
    let dir = example_with_an_error_and_a_warning();
    let sarif = dir.path().join("report.sarif");
    let out = gitops_guard(
        dir.path(),
        &[
            "lint",
            "--format",
            "sarif",
            "--output",
            sarif.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));

    let log = dir.path().join("validation.sarif");
    let out = std::process::Command::new(&tool)
        .args([
            "validate",
            "--rule-kind",
            "Sarif;Gh",
            "--level",
            "Error;Warning;Note",
        ])
        .arg("--output")
        .arg(&log)
        .arg(&sarif)
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{console}");
    let log: serde_json::Value = serde_json::from_str(&fs::read_to_string(&log).unwrap()).unwrap();
    let run = &log["runs"][0];
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], true,
        "{console}"
    );
    let unexpected: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|result| {
            result["level"] != "note"
                || !ACCEPTED_SARIF_NOTES
                    .iter()
                    .any(|(id, _)| result["ruleId"] == *id)
        })
        .map(|result| {
            format!(
                "{} {} {}",
                result["level"], result["ruleId"], result["message"]["arguments"]
            )
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "{}\n\nthe Multitool's report:\n{console}",
        unexpected.join("\n")
    );
}
