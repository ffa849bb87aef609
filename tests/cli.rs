//! End-to-end tests of the `gitops-guard` binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

fn gitops_guard() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gitops-guard"))
}

#[test]
fn version_names_the_tool() {
    let out = gitops_guard().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("gitops-guard "), "{text}");
}

#[test]
fn unknown_subcommand_is_a_usage_error_with_exit_2() {
    let out = gitops_guard().arg("no-such-command").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
