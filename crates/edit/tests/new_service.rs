//! Every generated service lints clean in every environment, through the same
//! engine as `gitops-guard lint`, registered in a real `platform/core.yaml`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use gg_edit::{
    ImageRepository, ImageTag, Registration, ServiceSpec, ValuesPlatform, register_service,
    service_files,
};
use gg_platform::{LoadOptions, MemoryFiles};
use gg_rules::config::Config;
use gg_yaml::{Limits, load_documents};

const PLATFORM: &str = "gitops-config";

fn example(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/example/gitops-config");
    fs::read_to_string(root.join(path)).unwrap()
}

fn platform(envs: &[&str]) -> ValuesPlatform {
    ValuesPlatform {
        environments: envs.iter().map(|e| (*e).to_owned()).collect(),
        namespace_prefix: "shop".into(),
        vault_path_prefix: "acme-shop".into(),
        registry_secret: Some("registry-credentials".into()),
        vault_auth: "vault-auth".into(),
        vault_mount: "secret".into(),
        chart_version: "3.8.0".into(),
        tool_image: "registry.gitlab.com/acme-shop/gitops-guard:0.1.0".into(),
    }
}

fn spec(name: &str, subdir: Option<&str>, secrets: &[&str]) -> ServiceSpec {
    ServiceSpec {
        name: name.into(),
        subdir: subdir.map(str::to_owned),
        repo_url: format!("https://gitlab.com/acme-shop/services/{name}.git"),
        image: ImageRepository::new("registry.gitlab.com/acme-shop/services/app").unwrap(),
        initial_tag: ImageTag::new("0.1.0").unwrap(),
        secret_keys: secrets.iter().map(|s| (*s).to_owned()).collect(),
        schema_url: "../k8app-values.schema.json".into(),
        sync_wave: "0".into(),
    }
}

/// Lints the platform + the new service (registered) and returns the findings.
fn lint_new_service(spec: &ServiceSpec, values: &ValuesPlatform, base: &str) -> Vec<String> {
    // The checkout directory is named after the repository, as the registry expects.
    let repo_name = spec
        .repo_url
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".git");
    let repo = format!("services/{repo_name}");
    let repo = repo.as_str();
    let core = register_service(
        &example("platform/core.yaml"),
        "core.yaml",
        &Registration {
            name: spec.name.clone(),
            sync_wave: spec.sync_wave.clone(),
            repo_url: spec.repo_url.clone(),
            path: spec.cicd_dir(),
        },
    )
    .unwrap();
    let mut files = MemoryFiles::new()
        .with(format!("{PLATFORM}/platform/base.yaml"), base)
        .with(format!("{PLATFORM}/platform/core.yaml"), core)
        .with(
            format!("{PLATFORM}/shared/k8app-defaults.yaml"),
            example("shared/k8app-defaults.yaml"),
        );
    for file in service_files(spec, values).unwrap() {
        files.insert(format!("{repo}/{}", file.path), file.text);
    }
    let options = LoadOptions {
        platform_dir: Some(PLATFORM.into()),
        ..LoadOptions::default()
    };
    let out = gg_rules::lint(&files, &[repo.to_owned()], &options, &Config::default());
    // The platform's own findings (platform-core's chart bug, there with or
    // without the service) are left out: it gives the facts only.
    out.diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{} {:?} {}",
                d.severity, d.rule, d.location.file, d.location.line, d.envs, d.message
            )
        })
        .collect()
}

#[test]
fn generated_services_lint_clean_in_every_env() {
    let base = example("platform/base.yaml");
    let values = platform(&["dev", "staging", "prod"]);
    for spec in [
        spec("basket", None, &[]),
        spec("basket", None, &["DATABASE_PASSWORD", "API_KEY"]),
        spec("storefront-basket", Some("basket"), &["JWT_SECRET"]),
        spec("deep-service", Some("apps/deep"), &[]),
    ] {
        let findings = lint_new_service(&spec, &values, &base);
        assert!(findings.is_empty(), "{spec:?}:\n{}", findings.join("\n"));
    }
}

#[test]
fn every_generated_yaml_file_parses_and_carries_the_modeline() {
    let values = platform(&["dev", "qa", "staging", "prod"]);
    let files = service_files(&spec("basket", None, &["X"]), &values).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            ".cicd/default.yaml",
            ".cicd/dev.yaml",
            ".cicd/qa.yaml",
            ".cicd/staging.yaml",
            ".cicd/prod.yaml",
            ".gitlab-ci.yml"
        ]
    );
    for file in &files {
        let docs = load_documents(&file.text, &file.path, &Limits::default()).unwrap();
        assert_eq!(docs.len(), 1, "{}", file.path);
        if file.path.starts_with(".cicd/") {
            assert!(
                file.text
                    .starts_with("# yaml-language-server: $schema=../k8app-values.schema.json\n"),
                "{}",
                file.path
            );
        }
    }
    let overlay = |env: &str| {
        let text = &files
            .iter()
            .find(|f| f.path == format!(".cicd/{env}.yaml"))
            .unwrap()
            .text;
        load_documents(text, env, &Limits::default())
            .unwrap()
            .remove(0)
            .root
    };
    for env in ["dev", "qa"] {
        assert!(
            overlay(env).get_path(&["hpa"]).is_none() && overlay(env).get_path(&["pdb"]).is_none(),
            "{env}"
        );
    }
    assert!(overlay("staging").get_path(&["pdb", "enabled"]).is_some());
    assert!(overlay("prod").get_path(&["hpa", "enabled"]).is_some());
    assert_eq!(
        overlay("qa")
            .get_path(&["secrets", "X"])
            .and_then(|n| n.as_str()),
        Some("/acme-shop/basket/qa/config")
    );
    assert_eq!(
        overlay("dev")
            .get_path(&["image", "tag"])
            .and_then(|n| n.as_str()),
        Some("0.1.0")
    );
    let default = load_documents(&files[0].text, "d", &Limits::default())
        .unwrap()
        .remove(0)
        .root;
    assert!(
        default.get_path(&["image"]).is_none(),
        "the image belongs in overlays only"
    );
}

#[test]
fn the_pipeline_updates_with_set_image_in_env_order() {
    let values = platform(&["dev", "staging", "prod"]);
    let files = service_files(&spec("storefront-cart", Some("cart"), &[]), &values).unwrap();
    let ci = files
        .iter()
        .find(|f| f.path == "cart/.gitlab-ci.yml")
        .unwrap();
    let root = load_documents(&ci.text, "ci", &Limits::default())
        .unwrap()
        .remove(0)
        .root;
    let stages: Vec<&str> = root
        .get_path(&["stages"])
        .unwrap()
        .as_seq()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(stages, ["build", "update-manifests", "release"]);
    let script: Vec<&str> = root
        .get_path(&[".update", "script"])
        .unwrap()
        .as_seq()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        script
            .iter()
            .any(|l| l.starts_with("gitops-guard set-image --env \"$DEPLOY_ENV\"")),
        "{script:?}"
    );
    assert_eq!(
        root.get_path(&["variables", "SERVICE_DIR"])
            .and_then(|n| n.as_str()),
        Some("cart")
    );
    let needs = |job: &str| -> Vec<String> {
        root.get_path(&[job, "needs"])
            .unwrap()
            .as_seq()
            .unwrap()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(needs("update:staging"), ["build", "update:dev"]);
    assert_eq!(needs("update:prod"), ["build", "update:staging"]);
    assert_eq!(needs("release:prod"), ["update:prod"]);
    let when = |job: &str| {
        root.get_path(&[job, "rules"]).unwrap().as_seq().unwrap()[0]
            .get_path(&["when"])
            .and_then(|n| n.as_str())
            .map(str::to_owned)
    };
    assert_eq!(when("update:dev").as_deref(), Some("on_success"));
    assert_eq!(when("update:prod").as_deref(), Some("manual"));
}

#[test]
fn names_are_validated() {
    let values = platform(&["dev"]);
    for bad in ["Basket", "basket_x", "", &"a".repeat(50)] {
        assert!(
            service_files(&spec(bad, None, &[]), &values).is_err(),
            "{bad}"
        );
    }
    assert!(service_files(&spec("ok", Some("../x"), &[]), &values).is_err());
    assert!(service_files(&spec("ok", None, &["lower"]), &values).is_err());
}

#[test]
fn registering_keeps_core_yaml_comments_and_refuses_duplicates() {
    let core = example("platform/core.yaml");
    let entry = Registration {
        name: "basket".into(),
        sync_wave: "0".into(),
        repo_url: "https://gitlab.com/acme-shop/services/basket.git".into(),
        path: ".cicd".into(),
    };
    let out = register_service(&core, "core.yaml", &entry).unwrap();
    let diff = gg_edit::unified_diff("core.yaml", &core, &out);
    let added: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(
        added,
        [
            "+  basket:",
            "+    syncWave: \"0\"",
            "+    repoURL: https://gitlab.com/acme-shop/services/basket.git",
            "+    path: .cicd"
        ]
    );
    assert!(
        !diff
            .lines()
            .any(|l| l.starts_with('-') && !l.starts_with("---")),
        "{diff}"
    );
    let again = register_service(&out, "core.yaml", &entry).unwrap_err();
    assert!(again.to_string().contains("already registered"), "{again}");
    let fresh = register_service("# empty platform-core values\n", "core.yaml", &entry).unwrap();
    assert_eq!(
        fresh,
        "# empty platform-core values\nservices:\n  basket:\n    syncWave: \"0\"\n    repoURL: https://gitlab.com/acme-shop/services/basket.git\n    path: .cicd\n"
    );
}
