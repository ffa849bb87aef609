//! Linting single files in their context. Editors and pre-commit hooks name
//! files (`services/orders/.cicd/dev.yaml`); an overlay means nothing without
//! the `default.yaml` beside it, so a named values file is loaded with its
//! whole `.cicd/` directory, and a platform file with its platform root, and
//! the report keeps the findings that concern the named files.
//!
//! A service repository's CI job lints the service with the platform
//! repository checked out beside it (or cloned into it and named by
//! `--platform`): the platform's own findings (in its files) are left out
//! there, as the service's team cannot fix them, and only counted. They are
//! reported when a linted path is the platform repository or a path in it,
//! or when the platform was found among the linted paths (`lint .` of a
//! checkout holding both); `--platform DIR` alone only says where the
//! platform's facts come from.

use gg_diagnostic::{Diagnostic, at_or_below, normalize_path};
use gg_platform::FileSource;

/// The findings in the platform repository's files that a run left out,
/// because the repository is not among the linted paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformLeftOut {
    /// The platform repository's root, as reached from the linted paths.
    pub root: String,
    /// How many findings were left out.
    pub findings: usize,
}

/// The roots to load for the roots a user named, and the named files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Focus {
    /// What to load: directories as named, files widened to their context.
    pub roots: Vec<String>,
    /// The values and platform files named (empty: report everything).
    files: Vec<String>,
    /// The platform root `--platform` names, normalized.
    platform_dir: Option<String>,
}

impl Focus {
    /// Widens every root that names a single values or platform file;
    /// `platform_dir` is the platform root `--platform` names.
    pub(crate) fn new(
        source: &dyn FileSource,
        roots: &[String],
        platform_dir: Option<&str>,
    ) -> Self {
        let mut focus = Self {
            platform_dir: platform_dir.map(normalize_path),
            ..Self::default()
        };
        for root in roots {
            match context_of(source, root) {
                Some(context) => {
                    focus.files.push(root.clone());
                    if !focus.roots.contains(&context) {
                        focus.roots.push(context);
                    }
                }
                None => focus.roots.push(root.clone()),
            }
        }
        focus
    }

    /// True when `file`'s text belongs in the report (for snippets).
    pub(crate) fn shows_file(&self, file: &str, kept: &[Diagnostic]) -> bool {
        self.files.is_empty()
            || self.files.iter().any(|named| named == file)
            || kept.iter().any(|d| d.location.file == file)
    }

    /// The findings that concern the named files: those in them, and for a
    /// named overlay those its environment's merge reports in the rest of
    /// its service (a value of `default.yaml` that breaks it).
    pub(crate) fn keep(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.files.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter(|d| self.files.iter().any(|named| concerns(named, d)))
            .collect()
    }
}

impl Focus {
    /// Splits off the findings in the files of the platform repository at
    /// `platform_root` unless it, or a path in it, is among the linted
    /// paths; `None` when nothing was left out.
    pub(crate) fn leave_out_platform(
        &self,
        platform_root: Option<&str>,
        diagnostics: Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, Option<PlatformLeftOut>) {
        let Some(root) = platform_root.filter(|root| !self.lints(root)) else {
            return (diagnostics, None);
        };
        let (left_out, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
            .into_iter()
            .partition(|d| at_or_below(&d.location.file, root));
        let left_out = (!left_out.is_empty()).then(|| PlatformLeftOut {
            root: root.to_owned(),
            findings: left_out.len(),
        });
        (kept, left_out)
    }

    /// True when a root is the platform root `dir` or lies in it, or when
    /// `dir` lies below a root and was found there, not named by `--platform`.
    fn lints(&self, dir: &str) -> bool {
        let found = self.platform_dir.as_deref() != Some(normalize_path(dir).as_str());
        self.roots
            .iter()
            .any(|root| at_or_below(root, dir) || (found && at_or_below(dir, root)))
    }
}

/// Whether a finding concerns the named file.
fn concerns(named: &str, diagnostic: &Diagnostic) -> bool {
    let file = diagnostic.location.file.as_str();
    if file == named {
        return true;
    }
    let Some((dir, name)) = named.rsplit_once('/') else {
        return false;
    };
    let env = name
        .strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .filter(|stem| *stem != "default");
    let same_service = file
        .strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'));
    same_service && env.is_some_and(|env| diagnostic.envs.iter().any(|e| e == env))
}

/// The directory to load for a named file: the `.cicd/` holding a values
/// file, the platform root of a platform file; `None` for directories and
/// other files (policy files are linted on their own).
fn context_of(source: &dyn FileSource, root: &str) -> Option<String> {
    let listed = source.list_files(root).ok()?;
    if listed.as_slice() != [root] {
        return None;
    }
    let (dir, name) = root.rsplit_once('/').unwrap_or(("", root));
    let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    if !yaml {
        return None;
    }
    if dir == ".cicd" || dir.ends_with("/.cicd") {
        return Some(dir.to_owned());
    }
    let platform_root = parent_named(dir, "platform").or_else(|| {
        name.starts_with("k8app-defaults.")
            .then(|| parent_named(dir, "shared"))
            .flatten()
    })?;
    let base = if platform_root.is_empty() {
        "platform/base.yaml".to_owned()
    } else {
        format!("{platform_root}/platform/base.yaml")
    };
    source
        .read_file(&base)
        .is_ok()
        .then(|| platform_root.to_owned())
}

/// The parent of `dir` when `dir`'s last segment is `last` (`""` for `last` itself).
fn parent_named<'a>(dir: &'a str, last: &str) -> Option<&'a str> {
    if dir == last {
        return Some("");
    }
    dir.strip_suffix(last)?.strip_suffix('/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use gg_diagnostic::{Location, Severity};
    use gg_platform::MemoryFiles;

    fn tree() -> MemoryFiles {
        MemoryFiles::new()
            .with("svc/orders/.cicd/default.yaml", "appName: orders\n")
            .with("svc/orders/.cicd/dev.yaml", "environment: dev\n")
            .with("cfg/platform/base.yaml", "global: {}\n")
            .with("cfg/platform/core.yaml", "services: {}\n")
            .with("cfg/shared/k8app-defaults.yaml", "{}\n")
            .with("policies/read.hcl", "")
            .with("notes.yaml", "")
    }

    fn roots(named: &[&str]) -> Focus {
        focus(named, None)
    }

    fn focus(named: &[&str], platform_dir: Option<&str>) -> Focus {
        let named: Vec<String> = named.iter().map(|s| (*s).to_owned()).collect();
        Focus::new(&tree(), &named, platform_dir)
    }

    #[test]
    fn named_files_widen_to_their_context() {
        assert_eq!(
            roots(&["svc/orders/.cicd/dev.yaml"]).roots,
            ["svc/orders/.cicd"]
        );
        assert_eq!(roots(&["cfg/platform/core.yaml"]).roots, ["cfg"]);
        assert_eq!(roots(&["cfg/shared/k8app-defaults.yaml"]).roots, ["cfg"]);
        assert_eq!(roots(&["policies/read.hcl"]).roots, ["policies/read.hcl"]);
        assert_eq!(roots(&["notes.yaml"]).roots, ["notes.yaml"]);
        assert_eq!(roots(&["svc"]).roots, ["svc"]);
        assert_eq!(
            roots(&["svc/orders/.cicd/dev.yaml", "svc/orders/.cicd/default.yaml"]).roots,
            ["svc/orders/.cicd"]
        );
    }

    fn finding_in(file: &str) -> Diagnostic {
        Diagnostic::new("x", Severity::Warning, Location::file_start(file), "m")
    }

    fn left_out(named: &[&str], platform: &str) -> (Vec<String>, Option<PlatformLeftOut>) {
        left_out_given(named, platform, None)
    }

    fn left_out_given(
        named: &[&str],
        platform: &str,
        platform_dir: Option<&str>,
    ) -> (Vec<String>, Option<PlatformLeftOut>) {
        let file = |rest: &str| {
            if platform.is_empty() {
                rest.to_owned()
            } else {
                format!("{platform}/{rest}")
            }
        };
        let found = vec![
            finding_in(&file("platform/core.yaml")),
            finding_in("orders/.cicd/dev.yaml"),
            finding_in(&file("shared/k8app-defaults.yaml")),
        ];
        let (kept, left) = focus(named, platform_dir).leave_out_platform(Some(platform), found);
        (kept.into_iter().map(|d| d.location.file).collect(), left)
    }

    #[test]
    fn a_service_job_leaves_out_the_findings_of_the_platform_beside_it() {
        let (kept, left) = left_out(&[""], "../gitops-config");
        assert_eq!(kept, ["orders/.cicd/dev.yaml"]);
        assert_eq!(
            left,
            Some(PlatformLeftOut {
                root: "../gitops-config".to_owned(),
                findings: 2
            })
        );
        let (kept, left) = left_out(&["svc/orders"], "cfg");
        assert_eq!(kept, ["orders/.cicd/dev.yaml"]);
        assert_eq!(left.map(|l| l.findings), Some(2));
        let (_, left) = left_out(&["/ci/orders"], "/ci/gitops-config");
        assert_eq!(left.map(|l| l.findings), Some(2));
    }

    #[test]
    fn a_platform_cloned_into_the_service_and_named_by_flag_is_left_out() {
        let (kept, left) = left_out_given(&[""], "gitops-config", Some("gitops-config/"));
        assert_eq!(kept, ["orders/.cicd/dev.yaml"]);
        assert_eq!(left.map(|l| l.findings), Some(2));
        let (kept, left) =
            left_out_given(&["gitops-config"], "gitops-config", Some("gitops-config"));
        assert_eq!(
            (kept.len(), left),
            (3, None),
            "the platform named as a path"
        );
        let (kept, left) = left_out(&[""], "gitops-config");
        assert_eq!((kept.len(), left), (3, None), "found among the paths");
    }

    #[test]
    fn the_platform_among_the_linted_paths_keeps_its_findings() {
        for named in [
            &[""][..],
            &["cfg"],
            &["cfg/platform/core.yaml"],
            &["svc/orders", "cfg/platform"],
        ] {
            let (kept, left) = left_out(named, "cfg");
            assert_eq!(kept.len(), 3, "{named:?}");
            assert_eq!(left, None, "{named:?}");
        }
        let (kept, left) = left_out(&["svc/orders"], "");
        assert_eq!(
            (kept.len(), left),
            (3, None),
            "the platform holds the service"
        );
    }

    #[test]
    fn a_named_overlay_keeps_its_findings_and_its_merge() {
        let finding = |file: &str, envs: &[&str]| {
            let mut d = Diagnostic::new("x", Severity::Error, Location::file_start(file), "m");
            d.envs = envs.iter().map(|e| (*e).to_owned()).collect();
            d
        };
        let focus = roots(&["svc/orders/.cicd/dev.yaml"]);
        let kept = focus.keep(vec![
            finding("svc/orders/.cicd/dev.yaml", &[]),
            finding("svc/orders/.cicd/default.yaml", &["dev", "prod"]),
            finding("svc/orders/.cicd/default.yaml", &["prod"]),
            finding("svc/orders/.cicd/default.yaml", &[]),
            finding("svc/payments/.cicd/default.yaml", &["dev"]),
        ]);
        let kept: Vec<(&str, usize)> = kept
            .iter()
            .map(|d| (d.location.file.as_str(), d.envs.len()))
            .collect();
        assert_eq!(
            kept,
            [
                ("svc/orders/.cicd/dev.yaml", 0),
                ("svc/orders/.cicd/default.yaml", 2)
            ]
        );
    }
}
