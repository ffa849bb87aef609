//! The filesystem behind the engine's [`FileSource`]: paths are reported as
//! reached from the roots the user gave (relative when they were relative).

use std::fs;
use std::path::Path;

use crate::{FileSource, PlatformError};

/// Directories never worth walking into.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", ".tools", ".venv"];

/// Files of the local filesystem.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsSource;

impl FileSource for FsSource {
    fn list_files(&self, root: &str) -> Result<Vec<String>, PlatformError> {
        let start = if root.is_empty() { "." } else { root };
        let meta = fs::metadata(start).map_err(|err| io_error(start, &err))?;
        if meta.is_file() {
            return Ok(vec![root.to_owned()]);
        }
        let mut out = Vec::new();
        let mut stack = vec![root.trim_end_matches('/').to_owned()];
        while let Some(dir) = stack.pop() {
            let on_disk = if dir.is_empty() { "." } else { dir.as_str() };
            let entries = fs::read_dir(on_disk).map_err(|err| io_error(on_disk, &err))?;
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = if dir.is_empty() {
                    name.clone()
                } else {
                    format!("{dir}/{name}")
                };
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if !SKIPPED_DIRS.contains(&name.as_str()) {
                        stack.push(path);
                    }
                } else if kind.is_file() {
                    out.push(path);
                }
            }
        }
        Ok(out)
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
        fs::read(Path::new(path)).map_err(|err| io_error(path, &err))
    }
}

fn io_error(path: &str, err: &std::io::Error) -> PlatformError {
    if err.kind() == std::io::ErrorKind::NotFound {
        return PlatformError::NotFound {
            path: path.to_owned(),
        };
    }
    PlatformError::Read {
        path: path.to_owned(),
        message: err.to_string(),
    }
}
