//! Golden tests of `gitops-guard values`: for every service × environment of the
//! example platform, the merged values with provenance must equal the checked-in
//! file under `fixtures/values/`. `UPDATE_GOLDEN=1` rewrites the files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SERVICES: &[&str] = &[
    "catalog",
    "orders",
    "payments",
    "search",
    "storefront/cart",
    "storefront/web",
];
const ENVS: &[&str] = &["dev", "staging", "prod"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn merged_values_of_every_example_service_and_env_match_the_goldens() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for service in SERVICES {
        for env in ENVS {
            let out = Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
                .args([
                    "values",
                    &format!("fixtures/example/services/{service}"),
                    "--env",
                    env,
                ])
                .current_dir(repo())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{service} {env}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let got = String::from_utf8(out.stdout).unwrap();
            let golden = repo().join(format!("fixtures/values/example/{service}/{env}.yaml"));
            if update {
                fs::create_dir_all(golden.parent().unwrap()).unwrap();
                fs::write(&golden, &got).unwrap();
                continue;
            }
            let want = fs::read_to_string(&golden).unwrap_or_default();
            if want != got {
                failures.push(format!(
                    "{} differs (UPDATE_GOLDEN=1 rewrites it)",
                    golden.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
