//! The job that matters most: every command run inside a service repository
//! (and a monorepo) as its CI job and pre-commit hook run it, with `.`, no
//! path, a relative path, a trailing slash, a symlink and an absolute path,
//! with the platform repository checked out next to it and without it. The
//! ways of naming the same directory must give the same findings and exit
//! codes; with the platform the registry names the services, without it no
//! finding rests on a guessed platform fact.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::PathBuf;
use std::process::Output;

mod support;
use support::{copy_dir, gitops_guard, repo};

/// A workspace of checkouts: service repositories (each with `.git`, as CI
/// clones them), and the platform repository beside them when `platform`.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(platform: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let example = repo().join("fixtures/example");
        for (from, to) in [
            ("services/orders", "orders"),
            ("services/storefront", "storefront"),
        ] {
            copy_dir(&example.join(from), &dir.path().join(to));
            fs::create_dir_all(dir.path().join(to).join(".git")).unwrap();
        }
        if platform {
            copy_dir(
                &example.join("gitops-config"),
                &dir.path().join("gitops-config"),
            );
            fs::create_dir_all(dir.path().join("gitops-config/.git")).unwrap();
        }
        std::os::unix::fs::symlink(dir.path().join("orders"), dir.path().join("orders-link"))
            .unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("storefront"),
            dir.path().join("storefront-link"),
        )
        .unwrap();
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// One way of naming the checkout `repo` from inside it: the working
/// directory, the path argument (`None`: no path), and how findings' paths
/// start.
struct Naming {
    what: &'static str,
    cwd: PathBuf,
    path: Option<String>,
    prefix: String,
}

fn namings(ws: &Workspace, repo: &str) -> Vec<Naming> {
    let inside = ws.path(repo);
    let absolute = inside.to_string_lossy().into_owned();
    let naming = |what, cwd: PathBuf, path: Option<&str>, prefix: &str| Naming {
        what,
        cwd,
        path: path.map(str::to_owned),
        prefix: prefix.to_owned(),
    };
    vec![
        naming("`.`", inside.clone(), Some("."), ""),
        naming("no path", inside.clone(), None, ""),
        naming("./ (trailing slash)", inside.clone(), Some("./"), ""),
        naming(
            "a relative path",
            inside.clone(),
            Some(&format!("../{repo}")),
            &format!("../{repo}/"),
        ),
        naming(
            "a relative path with a trailing slash",
            inside.clone(),
            Some(&format!("../{repo}/")),
            &format!("../{repo}/"),
        ),
        naming(
            "a symlink to the checkout",
            inside.clone(),
            Some(&format!("../{repo}-link")),
            &format!("../{repo}-link/"),
        ),
        naming(
            "`.` inside the checkout reached through a symlink",
            ws.path(&format!("{repo}-link")),
            Some("."),
            "",
        ),
        naming(
            "an absolute path",
            inside,
            Some(&absolute),
            &format!("{absolute}/"),
        ),
    ]
}

/// A finding with the naming's prefix taken off its file and message.
type Finding = (String, String, u64, u64, String, String);

fn findings(out: &Output, prefix: &str) -> Vec<Finding> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let strip = |text: &str| text.replace(prefix, "");
    let mut found: Vec<Finding> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            (
                d["rule"].as_str().unwrap().to_owned(),
                file.strip_prefix(prefix).unwrap_or(file).to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["env"].to_string(),
                if prefix.is_empty() {
                    d["message"].as_str().unwrap().to_owned()
                } else {
                    strip(d["message"].as_str().unwrap())
                },
            )
        })
        .collect();
    found.sort();
    found
}

fn run(naming: &Naming, args: &[&str]) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    if let Some(path) = &naming.path {
        all.insert(1, path);
    }
    gitops_guard(&naming.cwd, &all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Lints `repo` every way and returns the one result they all give.
fn lint_every_way(ws: &Workspace, repo: &str) -> (Option<i32>, Vec<Finding>) {
    let mut seen: Option<(Option<i32>, Vec<Finding>, &'static str)> = None;
    for naming in namings(ws, repo) {
        let out = run(&naming, &["lint", "--format", "json"]);
        let result = (out.status.code(), findings(&out, &naming.prefix));
        match &seen {
            None => seen = Some((result.0, result.1, naming.what)),
            Some((code, found, first)) => assert_eq!(
                (code, found),
                (&result.0, &result.1),
                "{repo}: {} and {first} differ\n{}",
                naming.what,
                text(&out.stderr)
            ),
        }
    }
    let (code, found, _) = seen.unwrap();
    (code, found)
}

fn rules(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

#[test]
fn a_service_repository_lints_the_same_however_it_is_named_with_the_platform_beside_it() {
    let ws = Workspace::new(true);
    fs::remove_file(ws.path("orders/.cicd/prod.yaml")).unwrap();
    let (code, found) = lint_every_way(&ws, "orders");
    assert_eq!(code, Some(1), "{found:?}");
    // The platform's own finding (platform-core's glued ReferenceGrants) is
    // the platform team's: left out, and counted on one line.
    assert_eq!(rules(&found), ["missing-env-file"], "{found:?}");
    assert!(
        found[0]
            .5
            .contains("Application `orders-prod` cannot render")
    );

    let human = gitops_guard(&ws.path("orders"), &["lint"]);
    let first = text(&human.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        first,
        format!(
            "platform: {} (found next to the linted paths; environments dev, staging, prod)",
            ws.path("gitops-config").display()
        )
    );
    let stdout = text(&human.stdout);
    let left_out = format!(
        "info: 1 finding in the platform repository {} left out",
        ws.path("gitops-config").display()
    );
    assert!(stdout.contains(&left_out), "{stdout}");
    assert!(!stdout.contains("platform-documents-lost"), "{stdout}");
    let json = gitops_guard(&ws.path("orders"), &["lint", "--format", "json"]);
    assert!(
        text(&json.stderr).contains(&left_out),
        "{}",
        text(&json.stderr)
    );

    // With --deny-warnings the service's job fails over its own findings only.
    fs::copy(
        repo().join("fixtures/example/services/orders/.cicd/prod.yaml"),
        ws.path("orders/.cicd/prod.yaml"),
    )
    .unwrap();
    let clean = gitops_guard(&ws.path("orders"), &["lint", "--deny-warnings"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stdout));

    // Named among the paths, the platform repository reports its own findings.
    let both = gitops_guard(
        &ws.path("orders"),
        &["lint", ".", "../gitops-config", "--format", "json"],
    );
    let found = findings(&both, "");
    assert_eq!(
        rules(&found),
        ["platform-documents-lost"],
        "{found:?} {}",
        text(&both.stderr)
    );
}

#[test]
fn a_monorepo_names_its_services_by_the_registry_however_it_is_named() {
    let ws = Workspace::new(true);
    fs::write(
        ws.path("storefront/cart/.cicd/default.yaml"),
        fs::read_to_string(ws.path("storefront/cart/.cicd/default.yaml")).unwrap()
            + "replicaCount: 2\n",
    )
    .unwrap();
    let (code, found) = lint_every_way(&ws, "storefront");
    assert_eq!(code, Some(0), "{found:?}");
    assert_eq!(
        rules(&found),
        ["unknown-key"],
        "registered, no unregistered-service, the platform's own finding left out: {found:?}"
    );
    for naming in namings(&ws, "storefront") {
        for (service, name) in [("cart", "storefront-cart"), ("web", "storefront-web")] {
            let dir = match &naming.path {
                Some(path) => format!("{}/{service}", path.trim_end_matches('/')),
                None => service.to_owned(),
            };
            for command in ["values", "render"] {
                let out = gitops_guard(&naming.cwd, &[command, &dir, "--env", "dev"]);
                assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
                let stdout = text(&out.stdout);
                let wanted = if command == "values" {
                    format!("# {name} in dev (Application {name}-dev)")
                } else {
                    format!("release: {name}-dev")
                };
                assert!(
                    stdout.contains(&wanted),
                    "{command} {dir} ({}): {}",
                    naming.what,
                    stdout.lines().take(3).collect::<Vec<_>>().join("\n")
                );
                assert!(
                    !text(&out.stderr).contains("not in the service registry"),
                    "{}",
                    text(&out.stderr)
                );
            }
        }
    }
}

#[test]
fn without_the_platform_nothing_rests_on_guessed_facts_and_one_line_says_so() {
    let ws = Workspace::new(false);
    fs::remove_file(ws.path("orders/.cicd/prod.yaml")).unwrap();
    let (code, found) = lint_every_way(&ws, "orders");
    assert_eq!(code, Some(0), "{found:?}");
    assert!(found.is_empty(), "{found:?}");
    let (code, found) = lint_every_way(&ws, "storefront");
    assert_eq!((code, found.len()), (Some(0), 0), "{found:?}");

    let out = gitops_guard(&ws.path("orders"), &["lint"]);
    let stdout = text(&out.stdout);
    let mut lines = stdout.lines();
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .starts_with("platform: none found (no --platform"),
        "{stdout}"
    );
    let info = lines.next().unwrap_or_default();
    for rule in [
        "image-pull-secrets-missing",
        "secret-path-denied",
        "missing-env-file",
        "hardcoded-namespace",
    ] {
        assert!(info.contains(rule), "{info}");
    }
    assert!(
        info.contains("--platform DIR") && info.contains("`platform:`"),
        "{info}"
    );
    assert_eq!(
        stdout.matches("info: ").count(),
        1,
        "one info line: {stdout}"
    );
    for guess in ["regsecret", "poc-", "gitops-poc-dzha"] {
        assert!(!stdout.contains(guess), "{guess}: {stdout}");
    }
}

#[test]
fn the_platform_checked_out_inside_the_job_gives_the_findings_of_the_one_beside_it() {
    let beside = Workspace::new(true);
    fs::remove_file(beside.path("orders/.cicd/prod.yaml")).unwrap();
    let (_, next_to) = lint_every_way(&beside, "orders");

    // The GitLab template's job: the platform cloned into the service's checkout.
    let inside = Workspace::new(false);
    fs::remove_file(inside.path("orders/.cicd/prod.yaml")).unwrap();
    copy_dir(
        &repo().join("fixtures/example/gitops-config"),
        &inside.path("orders/gitops-config"),
    );
    let out = gitops_guard(
        &inside.path("orders"),
        &[
            "lint",
            ".",
            "--platform",
            "gitops-config",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Named by --platform, the platform gives facts; its own findings are
    // left out as when it is beside the service.
    assert_eq!(findings(&out, ""), next_to);
}

#[test]
fn declared_platform_facts_enable_the_checks_they_need() {
    let ws = Workspace::new(false);
    fs::remove_file(ws.path("orders/.cicd/prod.yaml")).unwrap();
    fs::write(
        ws.path("orders/.gitops-guard.yaml"),
        "platform:\n  global:\n    vaultPathPrefix: acme-shop\n    namespacePrefix: shop\n    k8app:\n      version: \"3.8.0\"\n  environments:\n    dev: {enabled: true, domain: dev.acme-shop.example}\n    staging: {enabled: true, domain: staging.acme-shop.example}\n    prod: {enabled: true, domain: www.acme-shop.example}\n  registry:\n    enabled: true\n    secretName: registry-credentials\n",
    )
    .unwrap();
    let out = gitops_guard(&ws.path("orders"), &["lint"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with(
            "platform: facts declared in .gitops-guard.yaml (no platform repository found)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("error[missing-env-file]"), "{stdout}");
    assert!(
        stdout.contains("info: without the platform's facts, not checked: unregistered-service"),
        "{stdout}"
    );

    fs::write(
        ws.path("orders/.gitops-guard.yaml"),
        "platform:\n  registry:\n    secretNam: x\n",
    )
    .unwrap();
    let out = gitops_guard(&ws.path("orders"), &["lint"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(".gitops-guard.yaml:3:5"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn one_file_is_linted_with_its_service() {
    let ws = Workspace::new(true);
    let dev = ws.path("orders/.cicd/dev.yaml");
    fs::write(
        &dev,
        fs::read_to_string(&dev).unwrap() + "replicaCount: 2\n",
    )
    .unwrap();
    fs::write(
        ws.path("orders/.cicd/staging.yaml"),
        fs::read_to_string(ws.path("orders/.cicd/staging.yaml")).unwrap() + "replicaCount: 3\n",
    )
    .unwrap();
    let out = gitops_guard(
        &ws.path("orders"),
        &["lint", ".cicd/dev.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let found = findings(&out, "");
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str()))
            .collect::<Vec<_>>(),
        [("unknown-key", ".cicd/dev.yaml")],
        "only what concerns dev.yaml, and no missing default.yaml: {found:?}"
    );
}

#[test]
fn nothing_to_lint_is_a_usage_error() {
    let ws = Workspace::new(true);
    fs::create_dir_all(ws.path("docs")).unwrap();
    fs::write(ws.path("docs/notes.txt"), "hello\n").unwrap();
    for (cwd, args, says) in [
        ("docs", vec!["lint"], "nothing to lint"),
        ("docs", vec!["lint", "."], "nothing to lint"),
        (
            "docs",
            vec!["lint", "notes.txt"],
            "not a file gitops-guard lints",
        ),
        (
            "orders",
            vec!["lint", ".", "../docs"],
            "../docs: nothing to lint",
        ),
    ] {
        let out = gitops_guard(&ws.path(cwd), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stdout)
        );
        assert!(
            text(&out.stderr).contains(says),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_path_the_user_names_that_cannot_be_read_stops_every_command() {
    let ws = Workspace::new(true);
    let orders = ws.path("orders");
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["lint", "--platform", "/nope"], 2),
        (vec!["lint", "--env-file", "/nope/.env"], 2),
        (vec!["lint", "--config", "/nope.yaml"], 2),
        (vec!["lint", "--baseline", "/nope.json"], 2),
        (
            vec!["values", ".", "--env", "dev", "--platform", "/nope"],
            2,
        ),
        (
            vec!["render", ".", "--env", "dev", "--platform", "/nope"],
            2,
        ),
        (
            vec!["render", ".", "--env", "dev", "--env-file", "/nope"],
            2,
        ),
        (
            vec![
                "set-image",
                "--env",
                "dev",
                "--tag",
                "v2",
                "--platform",
                "/nope",
            ],
            2,
        ),
        (vec!["new-service", "basket", "--platform", "/nope"], 2),
        (vec!["vault", "check", "--platform", "/nope"], 2),
        (vec!["vault", "policy", "render", "--platform", "/nope"], 2),
        (vec!["vault", "plan", "--platform", "/nope"], 64),
        (vec!["vault", "apply", "--platform", "/nope"], 2),
        (vec!["platform", "render", "--platform", "/nope"], 2),
        (vec!["init", "--env-file", "/nope/.env"], 2),
        (
            vec![
                "serve",
                "--platform",
                "/nope",
                "--tls-cert",
                "a",
                "--tls-key",
                "b",
            ],
            2,
        ),
    ];
    for (args, code) in cases {
        let out = gitops_guard(&orders, &args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("/nope"),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).is_empty(),
            "{args:?}: {}",
            text(&out.stdout)
        );
    }
    assert!(
        !orders.join("basket").exists()
            && !ws.path("gitops-config/platform/core.yaml.bak").exists()
    );
}

#[test]
fn every_command_finds_the_platform_the_same_way() {
    let ws = Workspace::new(true);
    let expected = format!(
        "platform: {} (found next to the linted paths; environments dev, staging, prod)",
        ws.path("gitops-config").display()
    );
    let orders = ws.path("orders");
    for args in [
        vec!["values", ".", "--env", "dev"],
        vec!["render", ".", "--env", "dev"],
        vec!["set-image", "--env", "dev", "--tag", "v9.9.9", "--dry-run"],
        vec!["vault", "check"],
    ] {
        let out = gitops_guard(&orders, &args);
        let stderr = text(&out.stderr);
        assert_eq!(
            stderr.lines().next(),
            Some(expected.as_str()),
            "{args:?}: {stderr}"
        );
    }
    let out = gitops_guard(&orders, &["lint"]);
    assert_eq!(text(&out.stdout).lines().next(), Some(expected.as_str()));
}

#[test]
fn values_of_an_environment_the_platform_does_not_enable_is_refused() {
    let ws = Workspace::new(true);
    let base = ws.path("gitops-config/platform/base.yaml");
    let text_before = fs::read_to_string(&base).unwrap();
    let disabled = text_before.replacen(
        "  prod:\n    enabled: true",
        "  prod:\n    enabled: false",
        1,
    );
    assert_ne!(disabled, text_before);
    fs::write(&base, disabled).unwrap();
    for command in ["values", "render"] {
        let out = gitops_guard(&ws.path("orders"), &[command, ".", "--env", "prod"]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("environment `prod` is not enabled"),
            "{stderr}"
        );
        assert!(text(&out.stdout).is_empty());
    }
}

#[test]
fn app_name_of_another_service_is_an_error() {
    let ws = Workspace::new(true);
    let default = ws.path("orders/.cicd/default.yaml");
    fs::write(
        &default,
        fs::read_to_string(&default)
            .unwrap()
            .replace("appName: orders", "appName: catalog"),
    )
    .unwrap();
    let out = gitops_guard(&ws.path("orders"), &["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&out, "");
    assert!(
        found
            .iter()
            .any(|f| f.0 == "app-name-mismatch" && f.5.contains("the objects of service `catalog`")),
        "{found:?}"
    );
}
