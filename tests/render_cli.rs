//! `gitops-guard render` / `platform render`: golden files for every fixture
//! service × environment and the platform (rewrite them with `UPDATE_GOLDEN=1`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use gg_k8app::ChartVersion;

const SERVICES: [(&str, &str); 6] = [
    ("services/catalog", "catalog"),
    ("services/orders", "orders"),
    ("services/payments", "payments"),
    ("services/search", "search"),
    ("services/storefront/cart", "storefront-cart"),
    ("services/storefront/web", "storefront-web"),
];
const ENVS: [&str; 3] = ["dev", "staging", "prod"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    repo().join("fixtures/example")
}

fn gitops_guard(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args(args)
        // The platform's bootstrap Job is named after the time of the render.
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .current_dir(example())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN=1`.
fn golden(relative: &str, actual: &str) -> Option<String> {
    let path = repo().join("fixtures/render").join(relative);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    (expected != actual).then(|| {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        let at = |text: &str| text.lines().nth(line).unwrap_or("<end>").to_owned();
        format!(
            "{relative} differs at line {} (UPDATE_GOLDEN=1 rewrites it):\n  expected: {}\n  actual:   {}",
            line + 1,
            at(&expected),
            at(actual)
        )
    })
}

#[test]
fn every_fixture_service_and_env_matches_its_golden_render() {
    let started = Instant::now();
    let mut failures = Vec::new();
    for (dir, name) in SERVICES {
        for env in ENVS {
            let (code, stdout, stderr) = gitops_guard(&["render", dir, "--env", env]);
            assert!(matches!(code, Some(0 | 1)), "{dir} {env}: {stderr}");
            failures.extend(golden(&format!("example/{name}/{env}.yaml"), &stdout));
        }
    }
    eprintln!(
        "rendered 18 fixture renders through the binary in {:?}",
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn platform_render_matches_its_golden_file() {
    let (code, stdout, stderr) = gitops_guard(&[
        "platform",
        "render",
        "--platform",
        "gitops-config",
        "--expand",
    ]);
    assert_eq!(code, Some(0), "{stderr}\n{stdout}");
    assert!(
        stdout.contains("name: platform-bootstrap-20260101-000000"),
        "{stdout}"
    );
    assert!(
        stderr.contains("reference-grant.yaml: 5 more document(s)"),
        "{stderr}"
    );
    if let Some(diff) = golden("example/platform.yaml", &stdout) {
        panic!("{diff}");
    }
}

#[test]
fn json_output_is_a_list_of_objects_with_sources() {
    let (code, stdout, stderr) = gitops_guard(&[
        "render",
        "services/orders",
        "--env",
        "prod",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let objects: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = objects
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"Deployment") && kinds.contains(&"VaultStaticSecret"),
        "{kinds:?}"
    );
    let deployment = objects
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "Deployment")
        .unwrap();
    assert_eq!(deployment["source"], "app/templates/deployment.yaml");
    assert!(deployment["values"].as_array().unwrap().iter().any(|v| {
        v["path"] == "image.tag"
            && v["file"]
                .as_str()
                .unwrap()
                .ends_with("orders/.cicd/prod.yaml")
    }));
}

/// A copy of the example platform in a temp dir, with `edit` applied to
/// each file's text (path relative to the example).
fn example_copy(edit: impl Fn(&str, String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut stack = vec![example()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(example()).unwrap().to_path_buf();
            if path.is_dir() {
                std::fs::create_dir_all(dir.path().join(&relative)).unwrap();
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                let text = edit(&relative.display().to_string(), text);
                std::fs::write(dir.path().join(&relative), text).unwrap();
            }
        }
    }
    dir
}

fn gitops_guard_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn api_versions_decide_the_service_monitors() {
    let count = |args: &[&str]| {
        let (code, stdout, stderr) = gitops_guard(args);
        assert_eq!(code, Some(0), "{stderr}");
        stdout.matches("kind: ServiceMonitor").count()
    };
    let base = ["render", "services/catalog", "--env", "prod"];
    assert!(
        count(&base) > 0,
        "the platform's clusters serve monitoring.coreos.com/v1"
    );
    let without = [&base[..], &["--api-versions", "v1"]].concat();
    assert_eq!(count(&without), 0, "Helm's built-in versions only");
    let kind_form = [
        &base[..],
        &["--api-versions", "monitoring.coreos.com/v1/ServiceMonitor"],
    ]
    .concat();
    assert_eq!(count(&kind_form), 0, "Has matches the text as written");
    let given = [&base[..], &["--api-versions", "monitoring.coreos.com/v1"]].concat();
    assert_eq!(count(&given), count(&base));
}

#[test]
fn unsupported_chart_versions_name_the_supported_range() {
    let dir = example_copy(|path, text| {
        if path.ends_with("platform/base.yaml") {
            text.replace("version: \"3.8.0\"", "version: \"3.14.0\"")
        } else {
            text
        }
    });
    for command in ["render", "values"] {
        let (code, _, stderr) =
            gitops_guard_in(dir.path(), &[command, "services/orders", "--env", "prod"]);
        assert_eq!(code, Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("3.14.0") && stderr.contains(&ChartVersion::supported_range()),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn a_values_file_helm_cannot_read_fails_the_render() {
    let dir = example_copy(|path, text| {
        if path.ends_with("orders/.cicd/prod.yaml") {
            format!("{text}\nbroken: [unclosed\n")
        } else if path.ends_with("orders/.cicd/staging.yaml") {
            format!("{text}\nreplicas: 2\nreplicas: 4\n")
        } else {
            text
        }
    });
    let (code, stdout, stderr) =
        gitops_guard_in(dir.path(), &["render", "services/orders", "--env", "prod"]);
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stderr.contains("prod.yaml"), "{stderr}");
    // A key written twice is fine for Helm: the last one wins.
    let (code, stdout, stderr) = gitops_guard_in(
        dir.path(),
        &["render", "services/orders", "--env", "staging"],
    );
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    assert!(stdout.contains("replicas: 4"), "{stdout}");
}

#[test]
fn a_missing_overlay_is_a_usage_error() {
    let (code, _, stderr) = gitops_guard(&["render", "services/orders", "--env", "qa"]);
    assert_eq!(code, Some(2), "{stderr}");
}
