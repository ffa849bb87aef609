//! End-to-end tests of `set-image`, `new-service`, `init`, and the integration
//! files (GitLab CI template, GitHub action and workflow, pre-commit hooks,
//! the image they and `deploy/` name).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;

use std::process::Output;

mod support;
use support::{example, gitops_guard, repo};

use gg_yaml::{Limits, Node, load_documents};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn yaml(text: &str) -> Node {
    load_documents(text, "t", &Limits::default())
        .unwrap()
        .remove(0)
        .root
}

const DEV: &str = "services/catalog/.cicd/dev.yaml";

#[test]
fn set_image_changes_only_the_tag_line_and_keeps_digits_a_string() {
    let dir = example();
    let before = fs::read_to_string(dir.path().join(DEV)).unwrap();
    let out = gitops_guard(
        dir.path(),
        &[
            "set-image",
            "--env",
            "dev",
            "--tag",
            "01234567",
            "services/catalog",
            "--platform",
            "gitops-config",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = fs::read_to_string(dir.path().join(DEV)).unwrap();
    assert_eq!(
        after,
        before.replace("tag: \"4e1b9c2d\"", "tag: \"01234567\"")
    );
    assert_eq!(
        yaml(&after).get_path(&["image", "tag"]).unwrap().as_str(),
        Some("01234567")
    );
}

#[test]
fn set_image_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = example();
    let before = fs::read_to_string(dir.path().join(DEV)).unwrap();
    let out = gitops_guard(
        dir.path(),
        &[
            "set-image",
            "--env",
            "dev",
            "--tag",
            "v9.9.9",
            "--repository",
            "registry.gitlab.com/acme-shop/catalog",
            "services/catalog/",
            "--dry-run",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.starts_with(&format!("--- a/{DEV}\n+++ b/{DEV}\n")),
        "{diff}"
    );
    assert!(diff.contains("\n-  tag: \"4e1b9c2d\"\n"), "{diff}");
    assert!(diff.contains("\n+  tag: \"v9.9.9\"\n"), "{diff}");
    assert!(
        diff.contains("+  repository: registry.gitlab.com/acme-shop/catalog\n"),
        "{diff}"
    );
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        2,
        "{diff}"
    );
    assert_eq!(fs::read_to_string(dir.path().join(DEV)).unwrap(), before);
}

#[test]
fn set_image_refuses_invalid_tags_and_missing_overlays() {
    let dir = example();
    for (args, message) in [
        (
            vec!["--env", "dev", "--tag=-bad"],
            "invalid image tag `-bad`",
        ),
        (
            vec![
                "--env",
                "dev",
                "--tag",
                "v1",
                "--repository",
                "Registry/App",
            ],
            "invalid image repository",
        ),
        (
            vec!["--env", "qa", "--tag", "v1"],
            "no overlay for environment `qa`",
        ),
    ] {
        let mut full = vec!["set-image"];
        full.extend(args);
        full.push("services/catalog");
        let out = gitops_guard(dir.path(), &full);
        assert_eq!(out.status.code(), Some(2), "{full:?}");
        assert!(stderr(&out).contains(message), "{full:?}: {}", stderr(&out));
    }
}

#[test]
fn set_image_refuses_a_change_that_introduces_a_lint_error() {
    let dir = example();
    fs::write(
        dir.path().join(".gitops-guard.yaml"),
        "rules:\n  image-tag-mutable: error\n",
    )
    .unwrap();
    let before = fs::read_to_string(dir.path().join(DEV)).unwrap();
    let out = gitops_guard(
        dir.path(),
        &[
            "set-image",
            "--env",
            "dev",
            "--tag",
            "latest",
            "services/catalog",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("image-tag-mutable"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(DEV)).unwrap(),
        before,
        "nothing written"
    );
}

#[test]
fn new_service_writes_files_that_lint_clean_and_registers_them() {
    let dir = example();
    let core_before =
        fs::read_to_string(dir.path().join("gitops-config/platform/core.yaml")).unwrap();
    let out = gitops_guard(
        &dir.path().join("services"),
        &[
            "new-service",
            "basket",
            "--platform",
            "../gitops-config",
            "--secret",
            "DATABASE_PASSWORD",
            "--repo-url",
            "https://gitlab.com/acme-shop/services/basket.git",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let service = dir.path().join("services/basket");
    for file in [
        ".cicd/default.yaml",
        ".cicd/dev.yaml",
        ".cicd/staging.yaml",
        ".cicd/prod.yaml",
        ".cicd/k8app-3.8.0.schema.json",
        ".gitlab-ci.yml",
    ] {
        assert!(service.join(file).is_file(), "{file}");
    }
    let dev = fs::read_to_string(service.join(".cicd/dev.yaml")).unwrap();
    assert!(
        dev.starts_with("# yaml-language-server: $schema=./k8app-3.8.0.schema.json\n"),
        "{dev}"
    );
    assert_eq!(
        yaml(&dev)
            .get_path(&["secrets", "DATABASE_PASSWORD"])
            .unwrap()
            .as_str(),
        Some("/acme-shop/basket/dev/config")
    );
    let core = fs::read_to_string(dir.path().join("gitops-config/platform/core.yaml")).unwrap();
    assert!(
        core.starts_with(&core_before[..core_before.find("  storefront-web:").unwrap()]),
        "comments and order kept"
    );
    assert!(core.contains("  basket:\n    syncWave: \"0\"\n    repoURL: https://gitlab.com/acme-shop/services/basket.git\n    path: .cicd\n"), "{core}");

    // The whole platform (found among the linted paths, so its own findings
    // are reported) still lints clean with the new service in it, but for
    // the ReferenceGrants its chart loses and the search worker and CronJob
    // k8app 3.8.0 renders without the registry secret.
    let lint = gitops_guard(dir.path(), &["lint", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(
        diagnostics.iter().map(|d| &d["rule"]).collect::<Vec<_>>(),
        [
            "platform-documents-lost",
            "workload-pull-secrets-dropped",
            "workload-pull-secrets-dropped"
        ]
        .map(serde_json::Value::from)
        .iter()
        .collect::<Vec<_>>(),
        "{report:#}"
    );

    // A second run refuses to overwrite, and the name is taken in core.yaml.
    let again = gitops_guard(
        &dir.path().join("services"),
        &["new-service", "basket", "--platform", "../gitops-config"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn init_updates_base_yaml_keeping_comments_and_reports_unknown_keys() {
    let dir = example();
    let platform = dir.path().join("gitops-config");
    let before = fs::read_to_string(platform.join("platform/base.yaml")).unwrap();
    fs::write(
        dir.path().join(".env"),
        "GITLAB_GROUP=\"acme-shop\"\nVAULT_PATH_PREFIX=\"acme-vault\"\nENVIRONMENTS=\"dev staging prod qa\"\nSERVICES=\"a b\"\nGITLAB_TOKEN=\"x\"\nFAVOURITE_COLOUR=blue\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["init", "--platform", "gitops-config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "warning: .env:6: FAVOURITE_COLOUR not written: not a key gitops-guard understands"
        ),
        "{err}"
    );
    assert!(err.contains("SERVICES not written"), "{err}");
    assert!(
        err.contains("GITLAB_TOKEN not written: a credential"),
        "{err}"
    );
    let after = fs::read_to_string(platform.join("platform/base.yaml")).unwrap();
    let diff = gg_edit::unified_diff("base.yaml", &before, &after);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed,
        [
            "-  vaultPathPrefix: acme-shop",
            "+  vaultPathPrefix: acme-vault",
            "+  qa:",
            "+    enabled: true"
        ],
        "{after}"
    );
    // Idempotent.
    let again = gitops_guard(dir.path(), &["init", "--platform", "gitops-config"]);
    assert!(stderr(&again).contains("up to date"), "{}", stderr(&again));
}

#[test]
fn init_writes_a_new_base_yaml_the_platform_loads() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(".env"),
        "GITLAB_GROUP=\"shop\"\nNAMESPACE_PREFIX=\"\"\nENVIRONMENTS=\"dev prod\"\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let base = yaml(&fs::read_to_string(dir.path().join("platform/base.yaml")).unwrap());
    assert_eq!(
        base.get_path(&["global", "gitlabGroup"]).unwrap().as_str(),
        Some("shop")
    );
    assert_eq!(
        base.get_path(&["global", "namespacePrefix"])
            .unwrap()
            .as_str(),
        Some("")
    );
    assert!(
        base.get_path(&["environments", "prod", "enabled"])
            .is_some()
    );
}

#[test]
fn the_gitlab_template_parses_and_names_the_reports() {
    let text =
        fs::read_to_string(repo().join("integrations/gitlab/gitops-guard.gitlab-ci.yml")).unwrap();
    let root = yaml(&text);
    let job = root.get_path(&["gitops-guard"]).unwrap();
    let reports = job.get_path(&["artifacts", "reports"]).unwrap();
    let codequality = reports
        .get_path(&["codequality"])
        .unwrap()
        .as_str()
        .unwrap();
    let junit = reports.get_path(&["junit"]).unwrap().as_str().unwrap();
    assert_eq!(
        job.get_path(&["artifacts", "when"]).unwrap().as_str(),
        Some("always")
    );
    let script: Vec<&str> = job
        .get_path(&["script"])
        .unwrap()
        .as_seq()
        .unwrap()
        .iter()
        .filter_map(Node::as_str)
        .collect();
    assert!(
        script.iter().any(|l| l.contains("--format codequality")
            && l.contains(&format!("--output {codequality}"))),
        "{script:?}"
    );
    assert!(
        script
            .iter()
            .any(|l| l.contains("--format junit") && l.contains(&format!("--output {junit}"))),
        "{script:?}"
    );
    assert_eq!(script.last(), Some(&"exit $status"));
}

/// The image `scripts/build-image.sh` builds, `REPOSITORY:VERSION`.
fn built_image() -> String {
    let out = std::process::Command::new("bash")
        .arg(repo().join("scripts/build-image.sh"))
        .arg("--print-name")
        .env_remove("GG_IMAGE")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let name = stdout(&out).trim().to_owned();
    assert!(
        name.ends_with(&format!(":{}", env!("CARGO_PKG_VERSION"))),
        "{name}"
    );
    name
}

#[test]
fn deploy_and_the_ci_templates_name_the_image_the_build_script_makes() {
    let image = built_image();
    let (repository, tag) = image.rsplit_once(':').unwrap();
    for env in ["dev", "staging", "prod"] {
        let text = fs::read_to_string(repo().join(format!("deploy/gitops-guard/.cicd/{env}.yaml")))
            .unwrap();
        let values = yaml(&text);
        assert_eq!(
            values.get_path(&["image", "repository"]).unwrap().as_str(),
            Some(repository),
            "{env}"
        );
        assert_eq!(
            values.get_path(&["image", "tag"]).unwrap().as_str(),
            Some(tag),
            "{env}"
        );
    }
    // GitLab runs `script:` with a shell from the image: the `-ci` variant has one.
    let gitlab = yaml(
        &fs::read_to_string(repo().join("integrations/gitlab/gitops-guard.gitlab-ci.yml")).unwrap(),
    );
    assert_eq!(
        gitlab
            .get_path(&["variables", "GITOPS_GUARD_IMAGE"])
            .unwrap()
            .as_str(),
        Some(format!("{image}-ci").as_str())
    );
    let action = yaml(&fs::read_to_string(repo().join("integrations/github/action.yml")).unwrap());
    assert_eq!(
        action
            .get_path(&["inputs", "image", "default"])
            .unwrap()
            .as_str(),
        Some(image.as_str())
    );
}

#[test]
fn the_github_action_annotates_uploads_sarif_and_fails_on_errors() {
    let action = yaml(&fs::read_to_string(repo().join("integrations/github/action.yml")).unwrap());
    assert_eq!(
        action.get_path(&["runs", "using"]).unwrap().as_str(),
        Some("composite")
    );
    let steps = action
        .get_path(&["runs", "steps"])
        .unwrap()
        .as_seq()
        .unwrap();
    let lint = &steps[0];
    assert_eq!(lint.get_path(&["id"]).unwrap().as_str(), Some("lint"));
    assert_eq!(lint.get_path(&["shell"]).unwrap().as_str(), Some("bash"));
    let script = lint.get_path(&["run"]).unwrap().as_str().unwrap();
    assert!(script.contains("--format github"), "{script}");
    assert!(
        script.contains("--format sarif --output \"$GITOPS_GUARD_SARIF\""),
        "{script}"
    );
    assert!(script.contains("exit \"$status\""), "{script}");
    let sarif_output = action
        .get_path(&["outputs", "sarif-file", "value"])
        .unwrap()
        .as_str()
        .unwrap();
    assert_eq!(sarif_output, "${{ inputs.sarif-file }}");
    // The step's script is valid bash.
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", script])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));

    let workflow =
        yaml(&fs::read_to_string(repo().join("integrations/github/gitops-guard.yml")).unwrap());
    assert_eq!(
        workflow
            .get_path(&["permissions", "security-events"])
            .unwrap()
            .as_str(),
        Some("write")
    );
    let steps = workflow
        .get_path(&["jobs", "lint", "steps"])
        .unwrap()
        .as_seq()
        .unwrap();
    let uses = |step: &Node| {
        step.get_path(&["uses"])
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let lint = steps
        .iter()
        .position(|step| uses(step).contains("/integrations/github@"))
        .unwrap();
    let upload = steps
        .iter()
        .position(|step| uses(step).starts_with("github/codeql-action/upload-sarif@"))
        .unwrap();
    assert!(upload > lint);
    let upload = &steps[upload];
    assert!(
        upload
            .get_path(&["if"])
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with("always()"),
        "the upload runs after a failing lint"
    );
    assert_eq!(
        upload.get_path(&["with", "sarif_file"]).unwrap().as_str(),
        Some("${{ steps.lint.outputs.sarif-file }}")
    );
}

#[test]
fn the_pre_commit_hooks_file_runs_lint() {
    let text = fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let docs = load_documents(&text, "hooks", &Limits::default()).unwrap();
    let hooks = docs[0].root.as_seq().unwrap();
    let lint = hooks
        .iter()
        .find(|h| h.get_path(&["id"]).and_then(Node::as_str) == Some("gitops-guard-lint"))
        .unwrap();
    assert_eq!(
        lint.get_path(&["entry"]).unwrap().as_str(),
        Some("gitops-guard lint")
    );
    assert_eq!(
        lint.get_path(&["pass_filenames"]).unwrap().kind,
        gg_yaml::NodeKind::Bool(false)
    );
    let files = lint.get_path(&["files"]).unwrap().as_str().unwrap();
    assert!(
        files.contains(".cicd") && files.contains("platform/"),
        "{files}"
    );
}

#[test]
fn set_image_says_which_warnings_the_change_introduces() {
    let dir = example();
    let out = gitops_guard(
        dir.path(),
        &[
            "set-image",
            "--env",
            "dev",
            "--tag",
            "latest",
            "services/catalog",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("introduces 1 lint warning"), "{err}");
    assert!(
        err.contains("[image-tag-mutable] image tag `latest`"),
        "{err}"
    );
}

#[test]
fn a_repository_url_is_named_as_such() {
    let dir = example();
    let out = gitops_guard(
        dir.path(),
        &[
            "set-image",
            "--env",
            "dev",
            "--tag",
            "v1",
            "--repository",
            "HTTP://Bad Repo",
            "services/catalog",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("URL scheme (`HTTP://`)"), "{err}");
    assert!(!err.contains("port"), "{err}");
}

#[test]
fn new_service_checks_the_name_first() {
    let dir = example();
    let out = gitops_guard(
        &dir.path().join("services"),
        &["new-service", "", "--platform", "../gitops-config"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("invalid service name ``"), "{err}");
    assert!(!err.contains("image"), "{err}");
}

#[test]
fn new_service_writes_everything_or_nothing() {
    let dir = example();
    use std::os::unix::fs::PermissionsExt;
    let core = dir.path().join("gitops-config/platform/core.yaml");
    let writable = fs::metadata(&core).unwrap().permissions();
    fs::set_permissions(&core, fs::Permissions::from_mode(0o444)).unwrap();
    let args = ["new-service", "basket", "--platform", "../gitops-config"];
    let out = gitops_guard(&dir.path().join("services"), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("core.yaml: it is read-only"),
        "{}",
        stderr(&out)
    );
    assert!(
        !dir.path().join("services/basket").exists(),
        "nothing written when one file cannot be"
    );
    fs::set_permissions(&core, writable).unwrap();
    let again = gitops_guard(&dir.path().join("services"), &args);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(dir.path().join("services/basket/.cicd/dev.yaml").is_file());
}

#[test]
fn new_service_in_a_monorepo_names_its_repository_and_runs_its_pipeline() {
    let dir = example();
    let storefront = dir.path().join("services/storefront");
    let out = gitops_guard(
        &storefront,
        &[
            "new-service",
            "storefront-search",
            "--path",
            "search",
            "--platform",
            "../../gitops-config",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let core = fs::read_to_string(dir.path().join("gitops-config/platform/core.yaml")).unwrap();
    assert!(
        core.contains("  storefront-search:\n    syncWave: \"0\"\n    repoURL: https://gitlab.com/acme-shop/services/storefront.git\n    path: search/.cicd\n"),
        "the siblings' repoURL: {core}"
    );
    let root = fs::read_to_string(storefront.join(".gitlab-ci.yml")).unwrap();
    assert!(
        root.contains("storefront-search:\n  trigger:\n    include: search/.gitlab-ci.yml\n"),
        "{root}"
    );
    assert!(storefront.join("search/.gitlab-ci.yml").is_file());
    let lint = gitops_guard(dir.path(), &["lint", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
}

#[test]
fn new_service_refuses_to_guess_the_platform() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    let out = gitops_guard(dir.path(), &["new-service", "basket"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no platform found"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("basket").exists());
}

#[test]
fn init_guesses_nothing_and_keeps_credentials_out() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("platform-repo")).unwrap();
    fs::write(
        dir.path().join(".env"),
        "GITLAB_GROUP=\"acme\"\nVAULT_TOKEN=\"s.secret\"\nthis is not an entry\nENVIRONMENTS=\"dev prod\"\n",
    )
    .unwrap();
    let out = gitops_guard(dir.path(), &["init", "--platform", "platform-repo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("VAULT_TOKEN not written: a credential"),
        "{err}"
    );
    assert!(
        err.contains(".env:3:1: `this is not an entry` is not KEY=value"),
        "{err}"
    );
    assert!(err.contains("NAMESPACE_PREFIX is not in .env"), "{err}");
    let base = fs::read_to_string(dir.path().join("platform-repo/platform/base.yaml")).unwrap();
    assert!(!base.contains("namespacePrefix: \"poc\""), "{base}");
    assert!(!base.contains("s.secret"), "{base}");
    assert!(
        yaml(&base)
            .get_path(&["global", "namespacePrefix"])
            .is_none(),
        "{base}"
    );
}
