//! Finding the platform repository when the user did not name it.

use std::path::{Path, PathBuf};

/// The file that marks a platform root.
const MARKER: &str = "platform/base.yaml";

/// A platform root near `start`: `start` itself or one of its ancestors, or a
/// direct child of one of those (a `gitops-config/` next to the services).
pub fn find_near(start: &str) -> Option<String> {
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
