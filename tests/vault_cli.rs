//! End-to-end tests of `gitops-guard vault …`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const SEED_README_POLICY: &str = "# from the platform README\npath \"secret/data/gitops-poc-dzha/*/dev/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n";

#[test]
fn lint_reports_the_seed_readme_mid_path_star_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("readme.hcl"), SEED_README_POLICY).unwrap();
    let out = run(&["vault", "policy", "lint", "readme.hcl"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("error[vault-glob-invalid]: `*` is a glob only as the last character"),
        "{text}"
    );
    assert_eq!(lines.next(), Some(" --> readme.hcl:2:35"), "{text}");
    assert!(
        text.contains(
            "  = help: to match any one segment use `+`: \"secret/data/gitops-poc-dzha/+/dev/*\""
        ),
        "{text}"
    );
    assert!(text.ends_with("1 error, 0 warnings in 1 file\n"), "{text}");
}

#[test]
fn lint_json_follows_the_report_contract() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("readme.hcl"), SEED_README_POLICY).unwrap();
    std::fs::write(
        dir.path().join("ok.hcl"),
        "path \"secret/data/a/*\" { capabilities = [\"read\"] }\n",
    )
    .unwrap();
    let out = run(
        &[
            "vault",
            "policy",
            "lint",
            "--format",
            "json",
            "ok.hcl",
            "readme.hcl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 2, "errors": 1, "warnings": 0})
    );
    let d = &report["diagnostics"][0];
    assert_eq!(
        (
            d["rule"].as_str(),
            d["file"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64()
        ),
        (
            Some("vault-glob-invalid"),
            Some("readme.hcl"),
            Some(2),
            Some(35)
        )
    );
    assert_eq!(d["severity"], "error");
}

#[test]
fn lint_speaks_every_report_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("readme.hcl"), SEED_README_POLICY).unwrap();
    for (format, marker) in [
        ("human", "error[vault-glob-invalid]"),
        ("json", "\"rule\": \"vault-glob-invalid\""),
        ("sarif", "\"ruleId\": \"vault-glob-invalid\""),
        ("junit", "<testsuites"),
        ("codequality", "\"check_name\": \"vault-glob-invalid\""),
    ] {
        let out = run(
            &["vault", "policy", "lint", "--format", format, "readme.hcl"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        assert!(stdout(&out).contains(marker), "{format}: {}", stdout(&out));
    }
}

#[test]
fn rendered_platform_policies_pass_lint() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "vault",
        "policy",
        "render",
        "--prefix",
        "gitops-poc-dzha",
        "--namespace-prefix",
        "poc",
        "--env",
        "dev",
        "--env",
        "staging",
        "--service",
        "api-gw",
    ];
    let out = run(&args, dir.path());
    assert_eq!(out.status.code(), Some(0));
    let hcl = stdout(&out);
    assert!(hcl.contains("# policy \"poc-dev-read\""), "{hcl}");
    assert!(hcl.contains("path \"secret/metadata/gitops-poc-dzha/+/staging/*\" {\n  capabilities = [\"read\", \"list\"]\n}"), "{hcl}");
    assert!(hcl.contains("# role auth/kubernetes/role/api-gw-staging: {\"bound_service_account_names\":[\"api-gw\",\"default\"]"), "{hcl}");
    std::fs::write(dir.path().join("platform.hcl"), &hcl).unwrap();
    let lint = run(
        &[
            "vault",
            "policy",
            "lint",
            "--prefix",
            "gitops-poc-dzha",
            "--env",
            "dev",
            "--env",
            "staging",
            "platform.hcl",
        ],
        dir.path(),
    );
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    assert_eq!(stdout(&lint), "no problems found in 1 file\n");

    let json = run(&[&args[..], &["--format", "json"]].concat(), dir.path());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value["roles"]["poc-dev-default"]["bound_service_account_namespaces"],
        serde_json::json!(["poc-dev"])
    );
    let names: Vec<&str> = value["policies"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        names,
        [
            "poc-dev-read",
            "poc-staging-read",
            "gitops-poc-dzha-api-gw-dev",
            "gitops-poc-dzha-api-gw-staging"
        ]
    );
}

#[test]
fn capabilities_prints_path_tab_sorted_capabilities() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("read.hcl"), "path \"secret/metadata/p/+/dev/*\" { capabilities = [\"read\", \"list\"] }\npath \"secret/data/p/+/dev/*\" { capabilities = [\"read\"] }\n").unwrap();
    std::fs::write(
        dir.path().join("deny.hcl"),
        "path \"secret/data/p/+/dev/*\" { capabilities = [\"deny\"] }\n",
    )
    .unwrap();
    let out = run(
        &[
            "vault",
            "capabilities",
            "--policy",
            "read.hcl",
            "secret/metadata/p/api/dev/",
            "secret/data/p/api/staging/config",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "secret/metadata/p/api/dev/\tlist,read\nsecret/data/p/api/staging/config\tdeny\n"
    );
    let out = run(
        &[
            "vault",
            "capabilities",
            "-p",
            "read.hcl",
            "-p",
            "deny.hcl",
            "--format",
            "json",
            "secret/data/p/api/dev/config",
        ],
        dir.path(),
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        value["paths"][0],
        serde_json::json!({"path": "secret/data/p/api/dev/config", "capabilities": ["deny"], "rule": "secret/data/p/+/dev/*"})
    );
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.hcl"),
        "path \"secret/data/a/*\" { capabilities = [\"read\"] }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("warn.hcl"), "path \"secret/data/*\" { capabilities = [\"read\"] }\npath \"secret/data/+/*\" { capabilities = [\"list\"] }\n").unwrap();
    std::fs::write(
        dir.path().join("broken.hcl"),
        "path \"a\" {\n  capabilities = [\"read\"\n",
    )
    .unwrap();
    assert_eq!(
        run(&["vault", "policy", "lint", "ok.hcl"], dir.path())
            .status
            .code(),
        Some(0)
    );
    let warn = run(&["vault", "policy", "lint", "warn.hcl"], dir.path());
    assert_eq!(warn.status.code(), Some(0), "warnings alone exit 0");
    assert!(
        stdout(&warn).starts_with("warning[vault-rule-shadowed]")
            && stdout(&warn).contains(" --> warn.hcl:2:6\n"),
        "{}",
        stdout(&warn)
    );
    let broken = run(&["vault", "policy", "lint", "broken.hcl"], dir.path());
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).starts_with("error[vault-policy-syntax]")
            && stdout(&broken).contains(" --> broken.hcl:3:1\n"),
        "{}",
        stdout(&broken)
    );
    let missing = run(
        &["vault", "policy", "lint", "ok.hcl", "missing.hcl"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read missing.hcl"));
    assert_eq!(
        run(
            &["vault", "capabilities", "-p", "broken.hcl", "a"],
            dir.path()
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(&["vault", "policy", "lint"], dir.path()).status.code(),
        Some(2),
        "usage error"
    );
}

#[test]
fn render_reads_the_settings_from_a_platform_directory() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = run(
        &[
            "vault",
            "policy",
            "render",
            "--platform",
            "fixtures/example/gitops-config",
            "--format",
            "json",
        ],
        &repo,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rendered: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for env in ["dev", "staging", "prod"] {
        let policy = rendered["policies"][format!("shop-{env}-read")]
            .as_str()
            .unwrap();
        assert!(
            policy.contains(&format!("secret/data/acme-shop/+/{env}/*")),
            "{policy}"
        );
        let role = &rendered["roles"][format!("shop-{env}-default")];
        assert_eq!(
            role["bound_service_account_namespaces"],
            serde_json::json!([format!("shop-{env}")])
        );
    }
    assert!(rendered["policies"]["acme-shop-orders-prod"].is_string());
    let missing = run(
        &["vault", "policy", "render", "--platform", "fixtures"],
        &repo,
    );
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn a_server_that_is_not_vault_is_named_with_its_http_status() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0_u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot here\n",
            );
        }
    });
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
        .args([
            "vault",
            "plan",
            "--platform",
            "fixtures/example/gitops-config",
            "--address",
            &address,
        ])
        .env("VAULT_TOKEN", "not-a-real-token")
        .env_remove("VAULT_TOKEN_FILE")
        .current_dir(&repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("does not answer as Vault does: HTTP 404"),
        "{stderr}"
    );
    drop(server);
}
