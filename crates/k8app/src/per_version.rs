//! Values worked out once per chart version and shared for the life of the
//! process (schemas, parsed chart defaults): a lint, a webhook review or a
//! keystroke in the browser preview asks for the same version again and again.

use std::sync::{Arc, Mutex, PoisonError};

use crate::version::ChartVersion;

/// How many versions are kept; a process sees one or two, and more than this
/// (hostile input naming many versions) starts the cache over.
const MAX_VERSIONS: usize = 16;

/// A process-wide cache of one `T` per chart version.
#[derive(Debug)]
pub struct PerVersion<T> {
    entries: Mutex<Vec<(ChartVersion, Arc<T>)>>,
}

impl<T> PerVersion<T> {
    /// An empty cache (usable in a `static`).
    pub const fn new() -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
        }
    }

    /// The value of `version`, made by `make` the first time it is asked for.
    pub fn get_or_make(&self, version: ChartVersion, make: impl FnOnce() -> T) -> Arc<T> {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, value)) = entries.iter().find(|(v, _)| *v == version) {
            return Arc::clone(value);
        }
        let value = Arc::new(make());
        if entries.len() >= MAX_VERSIONS {
            entries.clear();
        }
        entries.push((version, Arc::clone(&value)));
        value
    }
}

impl<T> Default for PerVersion<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_version_is_made_once_and_shared() {
        let cache = PerVersion::new();
        let mut made = 0;
        let v38 = ChartVersion::new(3, 8, 0);
        let first = cache.get_or_make(v38, || {
            made += 1;
            "3.8"
        });
        let again = cache.get_or_make(v38, || {
            made += 1;
            "other"
        });
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(made, 1);
        let v34 = cache.get_or_make(ChartVersion::new(3, 4, 0), || "3.4");
        assert_eq!(*v34, "3.4");
    }

    #[test]
    fn too_many_versions_start_the_cache_over() {
        let cache = PerVersion::new();
        let versions = u32::try_from(MAX_VERSIONS).unwrap_or(16) + 1;
        for patch in 0..versions {
            cache.get_or_make(ChartVersion::new(3, 8, patch), || patch);
        }
        let len = cache.entries.lock().map(|e| e.len()).unwrap_or_default();
        assert_eq!(len, 1);
        // The first version is made again.
        assert_eq!(*cache.get_or_make(ChartVersion::new(3, 8, 0), || 99), 99);
    }
}
