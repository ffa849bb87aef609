//! Mapping entries being merged, looked up by key: a linear scan for the small
//! mappings values files are made of, a hash index for large ones.

use std::collections::HashMap;
use std::sync::Arc;

use super::MergedNode;

/// Up to this many entries, a scan beats hashing every key.
const SCAN_LIMIT: usize = 24;

/// Mapping entries whose values can be taken out and put back in place. The
/// entries stay in the mapping's own vector (no copy of the keys).
pub(super) struct Slots {
    entries: Vec<(String, Option<Arc<MergedNode>>)>,
    /// Key → position, built only for mappings larger than [`SCAN_LIMIT`].
    index: Option<HashMap<String, usize>>,
}

impl Slots {
    pub(super) fn new(entries: Vec<(String, Arc<MergedNode>)>) -> Self {
        let entries: Vec<(String, Option<Arc<MergedNode>>)> = entries
            .into_iter()
            .map(|(key, value)| (key, Some(value)))
            .collect();
        let index = (entries.len() > SCAN_LIMIT).then(|| {
            entries
                .iter()
                .enumerate()
                .map(|(i, (key, _))| (key.clone(), i))
                .collect()
        });
        Self { entries, index }
    }

    /// How many entries there are (taken ones included).
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| k == key),
        }
    }

    /// Removes the value under `key`, keeping its place for [`Slots::put_at`].
    pub(super) fn take(&mut self, key: &str) -> Option<(usize, Arc<MergedNode>)> {
        let at = self.position(key)?;
        let value = self.entries.get_mut(at)?.1.take()?;
        Some((at, value))
    }

    /// Puts a value back in the place [`Slots::take`] returned.
    pub(super) fn put_at(&mut self, at: usize, value: Arc<MergedNode>) {
        if let Some((_, slot)) = self.entries.get_mut(at) {
            *slot = Some(value);
        }
    }

    /// Adds a key the entries do not have yet, at the end.
    pub(super) fn push(&mut self, key: String, value: Arc<MergedNode>) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, Some(value)));
    }

    /// The entries still present, in order.
    pub(super) fn into_entries(self) -> Vec<(String, Arc<MergedNode>)> {
        self.entries
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }
}
