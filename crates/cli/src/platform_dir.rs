//! The platform repository on disk: finding it when the user did not name
//! it, opening it, and printing what its loading found.

use std::path::{Path, PathBuf};

use anyhow::bail;
use gg_diagnostic::{Diagnostic, normalize_path};
use gg_platform::{FsSource, LoadOptions, Platform, load_platform};

/// The file that marks a platform root.
const MARKER: &str = "platform/base.yaml";

/// Loads the platform repository at `dir` with the services below `roots`.
///
/// # Errors
/// `dir` holds no `platform/base.yaml`: a platform without its settings
/// would silently be the built-in defaults.
pub(crate) fn open_platform(dir: &str, roots: &[String]) -> anyhow::Result<Platform> {
    let dir = normalize_path(dir);
    let shown = if dir.is_empty() { "." } else { dir.as_str() };
    if !Path::new(shown).join(MARKER).is_file() {
        bail!("{shown}: no {MARKER} (give the platform repository's root)");
    }
    let options = LoadOptions {
        platform_dir: Some(dir),
        ..LoadOptions::default()
    };
    Ok(load_platform(&FsSource, roots, &options))
}

/// Prints findings of loading (a broken platform file, a `.env` line) as
/// warnings on stderr, for the commands whose output is not a lint report.
pub(crate) fn print_warnings<'a>(findings: impl IntoIterator<Item = &'a Diagnostic>) {
    for finding in findings {
        eprintln!("warning: {}: {}", finding.location, finding.message);
    }
}

/// A platform root near `start`: `start` itself or one of its ancestors, or a
/// direct child of one of those (a `gitops-config/` next to the services).
pub(crate) fn find_near(start: &str) -> Option<String> {
    let start = if start.is_empty() {
        Path::new(".")
    } else {
        Path::new(start)
    };
    let absolute = start.canonicalize().ok()?;
    let mut dir: Option<&Path> = Some(&absolute);
    while let Some(current) = dir {
        if let Some(found) = candidates(current)
            .into_iter()
            .find(|c| c.join(MARKER).is_file())
        {
            return Some(display(&found));
        }
        dir = current.parent();
    }
    None
}

fn candidates(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut children: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        children.sort();
        out.extend(children);
    }
    out
}

/// The path relative to the working directory when it lies below it.
fn display(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative.unwrap_or_else(|| path.to_path_buf());
    let text = shown.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_owned()
    } else {
        text
    }
}
