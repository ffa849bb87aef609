//! The example platform pinned to every modelled k8app release: every rule
//! that reads what the chart renders runs at every release, and the release
//! bugs fire exactly on the releases that have them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use gg_k8app::ChartVersion;
use gg_platform::{LoadOptions, MemoryFiles};
use gg_rules::config::Config;

/// The files below `dir`, by their path relative to `root`.
fn add_tree(files: &mut MemoryFiles, root: &Path, dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        if path.is_dir() {
            add_tree(files, root, &path);
        } else {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            files.insert(relative.replace('\\', "/"), fs::read(&path).unwrap());
        }
    }
}

/// The rules that fire on the example platform with its k8app pin written
/// as `pin`, and the search service given Vault secrets (for its worker and
/// CronJob) and a PodDisruptionBudget without `apiVersion` in dev.
fn rules_at(pin: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/example");
    let mut files = MemoryFiles::new();
    add_tree(&mut files, &root, &root);
    let base = "gitops-config/platform/base.yaml";
    let text = fs::read_to_string(root.join(base)).unwrap();
    assert!(
        text.contains("version: \"3.8.0\""),
        "the example pins 3.8.0"
    );
    files.insert(
        base.to_owned(),
        text.replace("version: \"3.8.0\"", &format!("version: \"{pin}\""))
            .into_bytes(),
    );
    let dev = "services/search/.cicd/dev.yaml";
    let text = fs::read_to_string(root.join(dev)).unwrap();
    files.insert(
        dev.to_owned(),
        format!(
            "{text}secrets:\n  INDEX_TOKEN: \"/acme-shop/search/dev/config\"\npdb:\n  enabled: true\n"
        ).into_bytes(),
    );
    // The platform is found among the linted paths, so the findings in its
    // own files (the pin's) are reported too.
    let output = gg_rules::lint(
        &files,
        &[String::new()],
        &LoadOptions::default(),
        &Config::default(),
    );
    output
        .diagnostics
        .iter()
        .map(|d| (d.rule.as_str().to_owned(), d.message.clone()))
        .collect()
}

#[test]
fn the_example_platform_at_every_release_fires_each_release_bug_where_it_is() {
    let fixed_workers = ChartVersion::parse("3.9.0").unwrap();
    let fixed_jobs = ChartVersion::parse("3.10.5").unwrap();
    let pdb_v1 = ChartVersion::parse("3.13.0").unwrap();
    let fixed_worker_pulls = ChartVersion::parse("3.10.3").unwrap();
    let fixed_cron_pulls = ChartVersion::parse("3.13.0").unwrap();
    for version in ChartVersion::releases() {
        let fired = rules_at(&version.to_string());
        let rules: BTreeSet<&str> = fired.iter().map(|(rule, _)| rule.as_str()).collect();
        assert!(
            !rules.contains("chart-version-unsupported"),
            "{version}: {fired:?}"
        );
        let secrets_missing: Vec<&str> = fired
            .iter()
            .filter(|(rule, _)| rule == "workload-secrets-missing")
            .map(|(_, message)| message.as_str())
            .collect();
        // Before 3.9.0 the worker and the CronJob mount the CSI volume; from
        // 3.9.0 until 3.10.5 the CronJob also reads a Secret no longer written.
        let expected = if version < fixed_jobs { 2 } else { 0 };
        assert_eq!(secrets_missing.len(), expected, "{version}: {fired:?}");
        assert_eq!(
            secrets_missing.iter().any(|m| m.contains("fixed in 3.9.0")),
            version < fixed_workers,
            "{version}: {fired:?}"
        );
        // Releases before 3.13.0 write the PDB as policy/v1beta1, which the
        // platform's clusters (Kubernetes 1.34) no longer serve.
        assert_eq!(
            rules.contains("removed-api-version"),
            version < pdb_v1,
            "{version}: {fired:?}"
        );
        assert!(rules.contains("hpa-pdb-in-dev"), "{version}: {fired:?}");
        // The search worker's pods get the registry secret from 3.10.3 on,
        // its CronJob's from 3.13.0 on.
        let pulls_without = |kind: &str| {
            fired.iter().any(|(rule, message)| {
                rule == "workload-pull-secrets-dropped" && message.contains(kind)
            })
        };
        assert_eq!(
            pulls_without("worker Deployment `search-indexer`"),
            version < fixed_worker_pulls,
            "{version}: {fired:?}"
        );
        assert_eq!(
            pulls_without("CronJob `search-cron-reindex`"),
            version < fixed_cron_pulls,
            "{version}: {fired:?}"
        );
    }
}

#[test]
fn a_pin_between_releases_is_reported_and_checked_as_the_release_below() {
    let fired = rules_at("3.8.5");
    let unsupported: Vec<_> = fired
        .iter()
        .filter(|(rule, _)| rule == "chart-version-unsupported")
        .collect();
    assert_eq!(unsupported.len(), 1, "{fired:?}");
    assert!(
        unsupported[0].1.contains("k8app 3.8.0"),
        "{}",
        unsupported[0].1
    );
}
