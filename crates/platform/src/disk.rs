//! The filesystem behind the engine's [`FileSource`]: paths are reported as
//! reached from the roots the user gave (relative when they were relative).

use std::fs;
use std::path::Path;

use rayon::prelude::*;

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
        // One directory level at a time, the directories of a level listed in
        // parallel: a platform of a thousand services has two thousand of them.
        let mut files = Vec::new();
        let mut level = vec![root.trim_end_matches('/').to_owned()];
        while !level.is_empty() {
            let listed = level
                .par_iter()
                .map(|dir| list_dir(dir))
                .collect::<Result<Vec<_>, _>>()?;
            level = Vec::new();
            for (dir_files, subdirs) in listed {
                files.extend(dir_files);
                level.extend(subdirs);
            }
        }
        // Unsorted: the trait leaves the order open and the platform loader
        // sorts the whole listing once.
        Ok(files)
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
        fs::read(Path::new(path)).map_err(|err| io_error(path, &err))
    }

    fn real_path(&self, path: &str) -> Option<String> {
        let on_disk = if path.is_empty() { "." } else { path };
        let real = fs::canonicalize(on_disk).ok()?;
        Some(real.to_string_lossy().replace('\\', "/"))
    }
}

/// The files and the subdirectories worth walking into of one directory.
fn list_dir(dir: &str) -> Result<(Vec<String>, Vec<String>), PlatformError> {
    let on_disk = if dir.is_empty() { "." } else { dir };
    let entries = fs::read_dir(on_disk).map_err(|err| io_error(on_disk, &err))?;
    let (mut files, mut subdirs) = (Vec::new(), Vec::new());
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
                subdirs.push(path);
            }
        } else if kind.is_file() {
            files.push(path);
        }
    }
    Ok((files, subdirs))
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
