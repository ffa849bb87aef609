//! Where platform and service files come from: a tiny trait so that the crate
//! itself never touches a filesystem (the CLI implements it over `std::fs`, tests
//! and the browser use [`MemoryFiles`]).

use std::collections::BTreeMap;

use crate::PlatformError;

/// Read-only access to a tree of files addressed by `/`-separated paths.
pub trait FileSource {
    /// Every file below `root` (recursively, hidden directories such as `.cicd`
    /// included), each path beginning with `root` exactly as given, then `/`
    /// (an empty `root` lists everything). Order does not matter.
    fn list_files(&self, root: &str) -> Result<Vec<String>, PlatformError>;

    /// The bytes of one file, addressed by a path as [`FileSource::list_files`] returns it.
    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError>;

    /// Where `path` really is: absolute, `/`-separated, with `.`, `..` and
    /// symbolic links resolved (`None` when the source has no such notion,
    /// as in memory). Services are named and matched to the registry by the
    /// directory names of this location, whichever path reached them.
    fn real_path(&self, path: &str) -> Option<String>;
}

/// A [`FileSource`] held in memory: path → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryFiles {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryFiles {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Builder form of [`MemoryFiles::insert`].
    #[must_use]
    pub fn with(mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        self.insert(path, contents);
        self
    }
}

impl FileSource for MemoryFiles {
    fn list_files(&self, root: &str) -> Result<Vec<String>, PlatformError> {
        let root = root.trim_end_matches('/');
        if self.files.contains_key(root) {
            return Ok(vec![root.to_owned()]);
        }
        let listed: Vec<String> = self
            .files
            .keys()
            .filter(|path| is_below(path, root))
            .cloned()
            .collect();
        if listed.is_empty() && !root.is_empty() {
            return Err(PlatformError::NotFound {
                path: root.to_owned(),
            });
        }
        Ok(listed)
    }

    fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| PlatformError::NotFound {
                path: path.to_owned(),
            })
    }

    fn real_path(&self, _path: &str) -> Option<String> {
        None
    }
}

/// True when `path` lies below directory `root` (`""` holds everything).
fn is_below(path: &str, root: &str) -> bool {
    root.is_empty()
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> MemoryFiles {
        MemoryFiles::new()
            .with("repo/a/.cicd/default.yaml", "appName: a\n")
            .with("repo/ab/x.yaml", "x: 1\n")
            .with("other/y.yaml", "")
    }

    #[test]
    fn lists_only_below_the_root_directory() {
        let files = tree().list_files("repo/a").unwrap();
        assert_eq!(files, vec!["repo/a/.cicd/default.yaml".to_owned()]);
        assert_eq!(tree().list_files("repo/").unwrap().len(), 2);
        assert_eq!(tree().list_files("").unwrap().len(), 3);
    }

    #[test]
    fn missing_root_and_file_are_not_found() {
        assert!(matches!(
            tree().list_files("nope"),
            Err(PlatformError::NotFound { .. })
        ));
        assert!(matches!(
            tree().read_file("repo/a"),
            Err(PlatformError::NotFound { .. })
        ));
        assert_eq!(tree().read_file("repo/ab/x.yaml").unwrap(), b"x: 1\n");
    }

    #[test]
    fn a_file_root_lists_itself() {
        assert_eq!(
            tree().list_files("repo/ab/x.yaml").unwrap(),
            vec!["repo/ab/x.yaml".to_owned()]
        );
    }
}
