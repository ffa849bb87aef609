//! `gg-bench generate`: a synthetic but realistic platform of any size that
//! lints clean — `gitops-config/` (settings, registry, shared defaults) and
//! `services/svc-NNNN/.cicd/` with `default.yaml` + one overlay per env.

mod platform_files;
mod service_files;

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};

use platform_files::platform_files;
use service_files::{ServiceSpec, service_name};

/// The files of a platform with `services` services: (path below the output
/// directory, contents), platform files first.
pub(crate) fn platform(services: usize) -> Vec<(String, String)> {
    let specs: Vec<ServiceSpec> = (0..services).map(ServiceSpec::new).collect();
    let mut files: Vec<(String, String)> = platform_files(&specs)
        .into_iter()
        .map(|(path, text)| (format!("gitops-config/{path}"), text))
        .collect();
    for (index, spec) in specs.iter().enumerate() {
        let dir = format!("services/{}/.cicd", service_name(index));
        files.extend(
            spec.files()
                .into_iter()
                .map(|(name, text)| (format!("{dir}/{name}"), text)),
        );
    }
    files
}

/// Writes `files` below `out`, which must be missing or empty (a leftover
/// larger platform would be linted too).
pub(crate) fn write(out: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    if out.exists()
        && fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty: generate into a new directory",
            out.display()
        );
    }
    for (path, text) in files {
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&target, text).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_platform::{LoadOptions, MemoryFiles};
    use gg_rules::config::Config;

    fn lint(services: usize) -> gg_rules::LintOutput {
        lint_files(platform(services))
    }

    fn lint_files(files: Vec<(String, String)>) -> gg_rules::LintOutput {
        let tree = files
            .into_iter()
            .fold(MemoryFiles::new(), |tree, (path, text)| {
                tree.with(format!("bench/{path}"), text)
            });
        gg_rules::lint(
            &tree,
            &["bench".to_owned()],
            &LoadOptions::default(),
            &Config::default(),
        )
    }

    #[test]
    fn a_generated_platform_lints_clean() {
        let output = lint(40);
        let findings: Vec<String> = output
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{} {}",
                    d.rule, d.location.file, d.location.line, d.message
                )
            })
            .collect();
        assert!(findings.is_empty(), "{findings:#?}");
        assert_eq!(output.files(), 3 + 40 * 4, "every file was checked");
    }

    #[test]
    fn a_mistake_in_a_generated_platform_is_found() {
        let mut files = platform(5);
        let (path, text) = files
            .iter_mut()
            .find(|(path, text)| path.ends_with("/dev.yaml") && text.contains("secrets:"))
            .unwrap();
        *text = text.replace("/dev/config", "/prod/config");
        let path = format!("bench/{path}");
        let output = lint_files(files);
        let rules: Vec<(&str, &str)> = output
            .diagnostics
            .iter()
            .map(|d| (d.rule.as_str(), d.location.file.as_str()))
            .collect();
        assert!(
            rules.contains(&("secret-path-wrong-env", path.as_str())),
            "{rules:?}"
        );
    }

    #[test]
    fn services_vary_and_are_registered() {
        let files = platform(40);
        let core = &files
            .iter()
            .find(|(path, _)| path == "gitops-config/platform/core.yaml")
            .unwrap()
            .1;
        assert!(core.contains("  svc-0039:\n"), "{core}");
        let defaults: Vec<&String> = files
            .iter()
            .filter(|(path, _)| path.ends_with("/default.yaml"))
            .map(|(_, text)| text)
            .collect();
        assert_eq!(defaults.len(), 40);
        for marker in [
            "mode: grpc",
            "mode: httpGet",
            "httpRoute:",
            "cache:",
            "serviceMonitor:",
            "-sv:",
        ] {
            assert!(
                defaults.iter().any(|text| text.contains(marker)),
                "some service has {marker}"
            );
            assert!(
                !defaults.iter().all(|text| text.contains(marker)),
                "not every service has {marker}"
            );
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(platform(12), platform(12));
        assert_eq!(platform(12).len(), 3 + 12 * 4);
    }

    #[test]
    fn write_refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().unwrap();
        let files = platform(2);
        write(dir.path(), &files).unwrap();
        assert!(
            dir.path()
                .join("services/svc-0001/.cicd/prod.yaml")
                .is_file()
        );
        let err = write(dir.path(), &files).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
    }
}
