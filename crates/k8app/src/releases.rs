//! Every k8app release gitops-guard models, in one table.
//!
//! Adding a release is one line in [`RELEASES`] (with a new defaults file
//! when its `values.yaml` changed) plus its template deltas, each gated by a
//! [`crate::Feature`] whose `since` is the new release. The newest release is
//! the default everywhere a version is not given.

use crate::version::ChartVersion;

/// One k8app release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Release {
    /// Its version.
    pub(crate) version: ChartVersion,
    /// Its `values.yaml` as data (our own file, see `defaults/`).
    pub(crate) defaults: &'static str,
}

const DEFAULTS_3_4_0: &str = include_str!("../defaults/3.4.0.yaml");
const DEFAULTS_3_5_0: &str = include_str!("../defaults/3.5.0.yaml");
const DEFAULTS_3_6_0: &str = include_str!("../defaults/3.6.0.yaml");
const DEFAULTS_3_7_0: &str = include_str!("../defaults/3.7.0.yaml");
const DEFAULTS_3_8_0: &str = include_str!("../defaults/3.8.0.yaml");
const DEFAULTS_3_11_0: &str = include_str!("../defaults/3.11.0.yaml");

const fn release(major: u32, minor: u32, patch: u32, defaults: &'static str) -> Release {
    Release {
        version: ChartVersion::new(major, minor, patch),
        defaults,
    }
}

/// Every modelled release, oldest first (the chart repository's `app-X.Y.Z`
/// tags from 3.4.0 on).
pub(crate) const RELEASES: [Release; 26] = [
    release(3, 4, 0, DEFAULTS_3_4_0),
    release(3, 5, 0, DEFAULTS_3_5_0),
    release(3, 5, 1, DEFAULTS_3_5_0),
    release(3, 5, 2, DEFAULTS_3_5_0),
    release(3, 6, 0, DEFAULTS_3_6_0),
    release(3, 7, 0, DEFAULTS_3_7_0),
    release(3, 8, 0, DEFAULTS_3_8_0),
    release(3, 9, 0, DEFAULTS_3_8_0),
    release(3, 9, 1, DEFAULTS_3_8_0),
    release(3, 9, 2, DEFAULTS_3_8_0),
    release(3, 10, 0, DEFAULTS_3_8_0),
    release(3, 10, 1, DEFAULTS_3_8_0),
    release(3, 10, 2, DEFAULTS_3_8_0),
    release(3, 10, 3, DEFAULTS_3_8_0),
    release(3, 10, 4, DEFAULTS_3_8_0),
    release(3, 10, 5, DEFAULTS_3_8_0),
    release(3, 10, 6, DEFAULTS_3_8_0),
    release(3, 10, 7, DEFAULTS_3_8_0),
    release(3, 10, 8, DEFAULTS_3_8_0),
    release(3, 10, 9, DEFAULTS_3_8_0),
    release(3, 11, 0, DEFAULTS_3_11_0),
    release(3, 11, 1, DEFAULTS_3_11_0),
    release(3, 11, 2, DEFAULTS_3_11_0),
    release(3, 12, 0, DEFAULTS_3_11_0),
    release(3, 12, 1, DEFAULTS_3_11_0),
    release(3, 13, 0, DEFAULTS_3_11_0),
];

/// The oldest modelled release.
pub(crate) const OLDEST: Release = match RELEASES.first() {
    Some(first) => *first,
    None => release(0, 0, 0, ""),
};

/// The newest modelled release.
pub(crate) const NEWEST: Release = match RELEASES.last() {
    Some(last) => *last,
    None => release(0, 0, 0, ""),
};

/// The release of exactly this version.
pub(crate) fn find(version: ChartVersion) -> Option<&'static Release> {
    RELEASES.iter().find(|release| release.version == version)
}

/// The release whose data stands in for `version`: the release itself, else
/// the newest release older than it, else the oldest release.
pub(crate) fn nearest(version: ChartVersion) -> &'static Release {
    RELEASES
        .iter()
        .rev()
        .find(|release| release.version <= version)
        .unwrap_or(&OLDEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn releases_are_sorted_and_unique() {
        for pair in RELEASES.windows(2) {
            if let [older, newer] = pair {
                assert!(older.version < newer.version, "{older:?} / {newer:?}");
            }
        }
        assert_eq!(OLDEST.version, ChartVersion::new(3, 4, 0));
        assert_eq!(NEWEST.version, ChartVersion::new(3, 13, 0));
    }

    #[test]
    fn nearest_release_stands_in_for_a_version() {
        let v = ChartVersion::new;
        assert_eq!(nearest(v(3, 8, 5)).version, v(3, 8, 0));
        assert_eq!(nearest(v(3, 1, 0)).version, v(3, 4, 0));
        assert_eq!(nearest(v(9, 0, 0)).version, v(3, 13, 0));
        assert_eq!(find(v(3, 10, 4)).map(|r| r.version), Some(v(3, 10, 4)));
        assert_eq!(find(v(3, 10, 10)), None);
    }
}
