//! Where the linted roots really are. A path such as `.`, `..`, `services/`
//! or a symbolic link hides the directory names that name a service and match
//! it to the registry (`storefront/cart/.cicd`); the loader asks the
//! [`FileSource`] for each root's real location once and reads the names there,
//! while findings keep the paths the user gave.

use crate::source::FileSource;

/// The real location of every root, longest root first.
#[derive(Debug, Clone, Default)]
pub(crate) struct RootLocations {
    /// `(root as given, its real location)`.
    roots: Vec<(String, String)>,
}

impl RootLocations {
    /// Asks `source` where each root really is (roots it cannot place keep
    /// their own path).
    pub(crate) fn new(source: &dyn FileSource, roots: &[&str]) -> Self {
        let mut located: Vec<(String, String)> = roots
            .iter()
            .filter_map(|root| {
                let root = root.trim_end_matches('/');
                Some((root.to_owned(), source.real_path(root)?))
            })
            .collect();
        gg_sort::sort_by(&mut located, |a, b| {
            b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0))
        });
        located.dedup();
        Self { roots: located }
    }

    /// The real location of `path`, a path listed below one of the roots (the
    /// path itself when no root holds it or the source could not place it).
    pub(crate) fn real(&self, path: &str) -> String {
        self.roots
            .iter()
            .find_map(|(root, real)| {
                if root.is_empty() {
                    return Some(join(real, path));
                }
                let rest = path.strip_prefix(root.as_str())?;
                if rest.is_empty() {
                    Some(real.clone())
                } else {
                    rest.strip_prefix('/').map(|rest| join(real, rest))
                }
            })
            .unwrap_or_else(|| path.to_owned())
    }
}

fn join(dir: &str, rest: &str) -> String {
    if rest.is_empty() {
        dir.to_owned()
    } else {
        format!("{}/{rest}", dir.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PlatformError;

    /// A source whose roots live below `/checkout/shop`, the working directory.
    struct Placed;

    impl FileSource for Placed {
        fn list_files(&self, _root: &str) -> Result<Vec<String>, PlatformError> {
            Ok(Vec::new())
        }

        fn read_file(&self, path: &str) -> Result<Vec<u8>, PlatformError> {
            Err(PlatformError::NotFound {
                path: path.to_owned(),
            })
        }

        fn real_path(&self, path: &str) -> Option<String> {
            match path {
                "" => Some("/checkout/shop".to_owned()),
                "link" => Some("/elsewhere/storefront".to_owned()),
                "unplaced" => None,
                other => Some(format!("/checkout/shop/{other}")),
            }
        }
    }

    #[test]
    fn paths_below_a_root_get_its_real_location() {
        let roots = RootLocations::new(&Placed, &["", "link/", "unplaced"]);
        assert_eq!(roots.real(".cicd"), "/checkout/shop/.cicd");
        assert_eq!(
            roots.real("link/cart/.cicd"),
            "/elsewhere/storefront/cart/.cicd"
        );
        assert_eq!(roots.real("link"), "/elsewhere/storefront");
        assert_eq!(
            roots.real("linked/.cicd"),
            "/checkout/shop/linked/.cicd",
            "a sibling whose name starts like a root is not below it"
        );
        assert_eq!(
            roots.real("unplaced/.cicd"),
            "/checkout/shop/unplaced/.cicd"
        );
    }

    #[test]
    fn without_real_locations_paths_stay() {
        let roots = RootLocations::new(&crate::MemoryFiles::new(), &["svc", ""]);
        assert_eq!(roots.real("svc/a/.cicd"), "svc/a/.cicd");
    }
}
