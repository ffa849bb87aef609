//! Golden snapshots of every format; `UPDATE_GOLDEN=1` rewrites them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::PathBuf;

use gg_report::{Format, RenderOptions, render};

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from its golden file (run with UPDATE_GOLDEN=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn rendered(format: Format, color: bool) -> String {
    let sample = common::sample();
    let options = RenderOptions {
        color,
        ..RenderOptions::default()
    };
    render(format, &sample.report(), options).unwrap()
}

#[test]
fn human_plain() {
    check("human.txt", &rendered(Format::Human, false));
}

#[test]
fn human_color() {
    check("human-color.txt", &rendered(Format::Human, true));
}

#[test]
fn json() {
    check("report.json", &rendered(Format::Json, false));
}

#[test]
fn sarif() {
    check("report.sarif", &rendered(Format::Sarif, false));
}

#[test]
fn junit() {
    check("junit.xml", &rendered(Format::Junit, false));
}

#[test]
fn junit_deny_warnings() {
    let sample = common::sample();
    let options = RenderOptions {
        deny_warnings: true,
        ..RenderOptions::default()
    };
    let xml = render(Format::Junit, &sample.report(), options).unwrap();
    check("junit-deny-warnings.xml", &xml);
}

#[test]
fn codequality() {
    check("codequality.json", &rendered(Format::CodeQuality, false));
}

#[test]
fn github() {
    check("github.txt", &rendered(Format::Github, false));
}
