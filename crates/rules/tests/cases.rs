//! The data-driven rule cases: every `fixtures/rules/<rule>/<case>.yaml` is linted on
//! top of the shared platform and must produce exactly its `expect` list.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use gg_platform::{FileSource, LoadOptions, MemoryFiles};
use gg_rules::config::Config;
use gg_yaml::{Limits, load_values};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    description: String,
    /// `--env-file`: a `.env` file among `files`.
    #[serde(default)]
    env_file: Option<String>,
    /// `false`: the case runs without the shared platform (a service
    /// repository's CI job without the platform repository checked out).
    #[serde(default = "with_platform")]
    platform: bool,
    /// The text of `.gitops-guard.yaml` (rule levels, declared platform facts).
    #[serde(default)]
    config: Option<String>,
    files: std::collections::BTreeMap<String, String>,
    expect: Vec<Expected>,
    /// Words the message of an expected finding must contain, in the order
    /// of `expect` (optional; the position alone is checked without it).
    #[serde(default)]
    messages: Vec<MessageCheck>,
}

/// A finding (by rule, file and line) whose message must contain `contains`
/// and must not contain `lacks`.
#[derive(Debug, Deserialize)]
struct MessageCheck {
    rule: String,
    line: u32,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    lacks: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Expected {
    rule: String,
    file: String,
    line: u32,
    column: u32,
    #[serde(default)]
    envs: Vec<String>,
}

fn with_platform() -> bool {
    true
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/rules")
}

fn shared_platform() -> MemoryFiles {
    let root = fixtures().join("_platform");
    let mut files = MemoryFiles::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn case_files() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for dir in fs::read_dir(fixtures()).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() || dir.file_name().unwrap() == "_platform" {
            continue;
        }
        for file in fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "yaml") {
                cases.push(file);
            }
        }
    }
    cases.sort();
    cases
}

/// A case ready to lint: its files (with the shared platform unless it
/// opts out), options and configuration.
struct Loaded {
    case: Case,
    files: MemoryFiles,
    options: LoadOptions,
    config: Config,
}

impl Loaded {
    fn lint(&self) -> gg_rules::LintOutput {
        self.lint_files(&self.files)
    }

    /// Lints other files (the case's, changed) with the case's options.
    fn lint_files(&self, files: &MemoryFiles) -> gg_rules::LintOutput {
        gg_rules::lint(files, &[String::new()], &self.options, &self.config)
    }
}

fn load_case(path: &Path) -> Result<Loaded, String> {
    let text = fs::read_to_string(path).unwrap();
    let doc = load_values(&text, &path.display().to_string(), &Limits::default())
        .map_err(|e| format!("case file does not load: {e}"))?;
    let case: Case =
        serde_json::from_value(doc.root.to_json()).map_err(|e| format!("bad case: {e}"))?;
    let mut files = if case.platform {
        shared_platform()
    } else {
        MemoryFiles::new()
    };
    for (file, content) in &case.files {
        files.insert(file.clone(), content.clone().into_bytes());
    }
    let options = LoadOptions {
        env_file: case.env_file.clone(),
        ..LoadOptions::default()
    };
    let config = match &case.config {
        Some(text) => Config::parse(text, ".gitops-guard.yaml")
            .map_err(|e| format!("bad configuration: {e}"))?,
        None => Config::default(),
    };
    Ok(Loaded {
        case,
        files,
        options,
        config,
    })
}

fn run_case(path: &Path) -> Result<(), String> {
    let loaded = load_case(path)?;
    let case = &loaded.case;
    let output = loaded.lint();
    let got: BTreeSet<Expected> = output
        .diagnostics
        .iter()
        .map(|d| Expected {
            rule: d.rule.as_str().to_owned(),
            file: d.location.file.clone(),
            line: d.location.line,
            column: d.location.column,
            envs: d.envs.clone(),
        })
        .collect();
    let want: BTreeSet<Expected> = case.expect.iter().cloned().collect();
    if got == want {
        return check_messages(case, &output.diagnostics);
    }
    let show = |set: &BTreeSet<Expected>| {
        set.iter()
            .map(|e| {
                format!(
                    "      {} {}:{}:{} {:?}",
                    e.rule, e.file, e.line, e.column, e.envs
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let missing: BTreeSet<_> = want.difference(&got).cloned().collect();
    let unexpected: BTreeSet<_> = got.difference(&want).cloned().collect();
    let messages = output
        .diagnostics
        .iter()
        .filter(|d| {
            unexpected.iter().any(|u| {
                u.rule == d.rule.as_str() && u.line == d.location.line && u.file == d.location.file
            })
        })
        .map(|d| format!("      {}: {}", d.rule, d.message))
        .collect::<Vec<_>>()
        .join("\n");
    Err(format!(
        "{}\n    missing:\n{}\n    unexpected:\n{}\n    messages of unexpected:\n{}",
        case.description,
        show(&missing),
        show(&unexpected),
        messages
    ))
}

/// The `messages` checks of a case, against its findings.
fn check_messages(case: &Case, found: &[gg_diagnostic::Diagnostic]) -> Result<(), String> {
    for check in &case.messages {
        let texts: Vec<String> = found
            .iter()
            .filter(|d| d.rule.as_str() == check.rule && d.location.line == check.line)
            .map(|d| format!("{} (help: {})", d.message, d.help))
            .collect();
        let ok = !texts.is_empty()
            && texts.iter().all(|text| {
                check.contains.iter().all(|w| text.contains(w.as_str()))
                    && !check.lacks.iter().any(|w| text.contains(w.as_str()))
            });
        if !ok {
            return Err(format!(
                "{}\n    {} at line {}: want {:?}, not {:?}; got {texts:?}",
                case.description, check.rule, check.line, check.contains, check.lacks
            ));
        }
    }
    Ok(())
}

#[test]
fn every_rule_case_produces_exactly_its_expected_findings() {
    let cases = case_files();
    assert!(
        cases.len() >= 56,
        "expected a fires and a quiet case per rule, found {}",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|path| {
            run_case(path)
                .err()
                .map(|e| format!("  {}: {e}", path.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rule cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every registered rule has a firing and a quiet case. Rules of a live
/// Vault (`vault check`) have theirs in `tests/vault_bootstrap.rs`, which
/// runs them against an OpenBao server and fails for one it never sees fire.
#[test]
fn every_registered_rule_has_a_firing_and_a_quiet_case() {
    let runnable = gg_diagnostic::catalog()
        .iter()
        .filter(|rule| rule.scope != gg_diagnostic::Scope::LiveVault);
    for rule in runnable {
        let id = rule.id.as_str();
        let dir = fixtures().join(id);
        let names: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no cases for {id} in {}", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("fires")),
            "{id} has no fires case"
        );
        assert!(
            names.iter().any(|n| n.starts_with("quiet")),
            "{id} has no quiet case"
        );
    }
}

/// Applying any machine-applicable fix of the case corpus, alone, fixes its
/// finding and raises no finding of another rule: two rules never advise
/// each other's violation.
#[test]
fn every_machine_applicable_fix_raises_no_finding_of_another_rule() {
    let mut applied = 0;
    let mut failures = Vec::new();
    for path in case_files() {
        let Ok(loaded) = load_case(&path) else {
            continue;
        };
        let before = loaded.lint().diagnostics;
        let seen: BTreeSet<(String, String, String)> = before
            .iter()
            .map(|d| {
                (
                    d.rule.as_str().to_owned(),
                    d.location.file.clone(),
                    d.message.clone(),
                )
            })
            .collect();
        for finding in &before {
            let Some(fix) = finding.fix.as_ref().filter(|f| !f.edits.is_empty()) else {
                continue;
            };
            let mut fixed = loaded.files.clone();
            for edit in &fix.edits {
                let source = String::from_utf8(fixed.read_file(&edit.file).unwrap()).unwrap();
                let Some(changed) = edit.apply(&source) else {
                    failures.push(format!("{}: {edit:?} does not apply", path.display()));
                    continue;
                };
                fixed.insert(edit.file.clone(), changed.into_bytes());
            }
            applied += 1;
            let after = loaded.lint_files(&fixed).diagnostics;
            let still = after.iter().any(|d| {
                d.rule == finding.rule
                    && d.location.file == finding.location.file
                    && d.message == finding.message
            });
            if still {
                failures.push(format!(
                    "{}: applying the fix of `{}` ({}) leaves it",
                    path.display(),
                    finding.rule,
                    finding.message
                ));
            }
            for new in after.iter().filter(|d| {
                d.rule != finding.rule
                    && !seen.contains(&(
                        d.rule.as_str().to_owned(),
                        d.location.file.clone(),
                        d.message.clone(),
                    ))
            }) {
                failures.push(format!(
                    "{}: applying the fix of `{}` ({}) raises `{}` at {}:{}: {}",
                    path.display(),
                    finding.rule,
                    finding.message,
                    new.rule,
                    new.location.file,
                    new.location.line,
                    new.message
                ));
            }
        }
    }
    assert!(applied > 0, "no case has a machine-applicable fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
