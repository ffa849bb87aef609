//! End-to-end tests of `gitops-guard completions` and `gitops-guard man`: the
//! generated scripts parse in their shells and complete, the manual pages
//! pass groff's and mandoc's checks. Shells and checkers that are missing are
//! skipped with a message, unless `GG_REQUIRE_SHELL_TOOLS=1` demands them
//! (the test command installs them).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::{gitops_guard, repo};

/// Whether `program` can be run; when it cannot, the test is skipped unless
/// `GG_REQUIRE_SHELL_TOOLS` is set.
fn available(program: &str) -> bool {
    // Started at all: some (mandoc) answer `--version` with a usage error.
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var("GG_REQUIRE_SHELL_TOOLS").as_deref() != Ok("1"),
            "`{program}` is required (GG_REQUIRE_SHELL_TOOLS is set) but cannot be run"
        );
        eprintln!("skipped: `{program}` is not installed");
    }
    found
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// The completion script for `shell`, written to a file in `dir` and parsed
/// without running it (`shell PARSE_FLAG FILE`); `None` when `shell` is missing.
fn parsed_completion(dir: &Path, shell: &str, parse_flag: &str) -> Option<PathBuf> {
    if !available(shell) {
        return None;
    }
    let out = gitops_guard(&repo(), &["completions", shell]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(out.stdout.len() > 1000, "{shell}: {}", text(&out));
    let path = dir.join(format!("gitops-guard.{shell}"));
    fs::write(&path, &out.stdout).unwrap();
    let check = Command::new(shell)
        .arg(parse_flag)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{shell} {parse_flag}: {}",
        text(&check)
    );
    Some(path)
}

#[test]
fn bash_completion_parses_and_completes_formats_and_commands() {
    let dir = tempfile::tempdir().unwrap();
    let Some(script) = parsed_completion(dir.path(), "bash", "-n") else {
        return;
    };
    // Calls the function the script registers with `complete -F` as bash would
    // for the words given, the last one being completed.
    const DRIVER: &str = r#"source "$1"; shift
function=$(complete -p gitops-guard | sed 's/.*-F \([^ ]*\) .*/\1/')
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
"$function" gitops-guard "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#;
    let complete = |words: &[&str]| {
        let out = Command::new("bash")
            .args(["-c", DRIVER, "bash"])
            .arg(&script)
            .args(words)
            .output()
            .unwrap();
        assert!(out.status.success(), "{words:?}: {}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let formats = complete(&["gitops-guard", "lint", "--format", ""]);
    for format in ["human", "json", "sarif", "junit", "codequality", "github"] {
        assert!(formats.lines().any(|l| l == format), "{format}: {formats}");
    }
    let commands = complete(&["gitops-guard", ""]);
    for command in ["lint", "vault", "completions", "man", "set-image"] {
        assert!(
            commands.lines().any(|l| l == command),
            "{command}: {commands}"
        );
    }
}

#[test]
fn zsh_completion_parses() {
    let dir = tempfile::tempdir().unwrap();
    parsed_completion(dir.path(), "zsh", "-n");
}

#[test]
fn fish_completion_parses_and_completes_formats() {
    let dir = tempfile::tempdir().unwrap();
    let Some(script) = parsed_completion(dir.path(), "fish", "--no-execute") else {
        return;
    };
    let out = Command::new("fish")
        .arg("--no-config")
        .arg("-c")
        .arg(format!(
            "source {}; complete --do-complete 'gitops-guard lint --format '",
            script.display()
        ))
        .output()
        .unwrap();
    let candidates = String::from_utf8(out.stdout).unwrap();
    assert!(
        candidates.lines().any(|l| l.starts_with("github")),
        "{candidates}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn powershell_and_elvish_completions_are_generated() {
    // No PowerShell or Elvish in the package registries this is tested with:
    // the scripts are only checked to be produced and to name the commands.
    for (shell, marker) in [
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer"),
    ] {
        let out = gitops_guard(&repo(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("set-image"), "{shell}: {script}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = gitops_guard(&repo(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("possible values"), "{}", text(&out));
}

/// Every command path of the binary (`lint`, `vault policy lint`, …), read
/// from its `--help` listings.
fn manual_page_names() -> Vec<String> {
    fn walk(path: &[String], names: &mut Vec<String>) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = gitops_guard(&repo(), &args);
        let help = String::from_utf8(out.stdout).unwrap();
        names.push(
            std::iter::once("gitops-guard")
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("-"),
        );
        let commands = help
            .split("Commands:\n")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or_default().to_owned())
            .unwrap_or_default();
        for line in commands.lines() {
            let Some(name) = line.split_whitespace().next() else {
                continue;
            };
            if line.starts_with("  ") && !line.starts_with("   ") && name != "help" {
                let mut sub = path.to_vec();
                sub.push(name.to_owned());
                walk(&sub, names);
            }
        }
    }
    let mut names = Vec::new();
    walk(&[], &mut names);
    names.sort();
    names
}

#[test]
fn man_writes_one_page_per_command_and_every_page_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = gitops_guard(&repo(), &["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = manual_page_names()
        .into_iter()
        .map(|name| name + ".1")
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), expected.len(), "{listed}");

    let groff = available("groff");
    let mandoc = available("mandoc");
    for page in &written {
        let path = dir.path().join(page);
        if groff {
            // `-k` runs preconv for the UTF-8 text, as man(1) does.
            let out = Command::new("groff")
                .args(["-k", "-man", "-ww", "-z", "-Tutf8"])
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "groff warns about {page}: {}",
                text(&out)
            );
        }
        if mandoc {
            let out = Command::new("mandoc")
                .args(["-T", "lint", "-W", "warning"])
                .arg(&path)
                .output()
                .unwrap();
            // clap_mangen puts a blank line between two `.br` around the list of
            // possible values; mandoc drops the redundant break and says so.
            let said = text(&out);
            let warnings: Vec<&str> = said
                .lines()
                .filter(|line| !line.contains("WARNING: skipping paragraph macro: br"))
                .collect();
            assert!(warnings.is_empty(), "mandoc warns about {page}: {said}");
        }
    }
}

#[test]
fn man_without_a_directory_prints_the_main_page() {
    let out = gitops_guard(&repo(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH gitops-guard"),
        "{page}"
    );
    assert!(page.contains("completions"), "{page}");
}
