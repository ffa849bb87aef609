//! Mapping entries being merged, looked up by key: a linear scan for the small
//! mappings values files are made of, a hash index for large ones.

use std::collections::HashMap;
use std::sync::Arc;

use super::MergedNode;

/// Up to this many entries, a scan beats hashing every key.
const SCAN_LIMIT: usize = 24;

/// Mapping entries whose values can be taken out and put back in place.
pub(super) struct Slots {
    keys: Vec<String>,
    values: Vec<Option<Arc<MergedNode>>>,
    /// Key → position, built only for mappings larger than [`SCAN_LIMIT`].
    index: Option<HashMap<String, usize>>,
}

impl Slots {
    pub(super) fn new(entries: Vec<(String, Arc<MergedNode>)>) -> Self {
        let (keys, values): (Vec<String>, Vec<Option<Arc<MergedNode>>>) = entries
            .into_iter()
            .map(|(key, value)| (key, Some(value)))
            .unzip();
        let index = (keys.len() > SCAN_LIMIT).then(|| {
            keys.iter()
                .enumerate()
                .map(|(i, key)| (key.clone(), i))
                .collect()
        });
        Self {
            keys,
            values,
            index,
        }
    }

    /// How many entries there are (taken ones included).
    pub(super) fn len(&self) -> usize {
        self.keys.len()
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.keys.iter().position(|k| k == key),
        }
    }

    /// Removes the value under `key`, keeping its place for [`Slots::put_at`].
    pub(super) fn take(&mut self, key: &str) -> Option<(usize, Arc<MergedNode>)> {
        let at = self.position(key)?;
        let value = self.values.get_mut(at)?.take()?;
        Some((at, value))
    }

    /// Puts a value back in the place [`Slots::take`] returned.
    pub(super) fn put_at(&mut self, at: usize, value: Arc<MergedNode>) {
        if let Some(slot) = self.values.get_mut(at) {
            *slot = Some(value);
        }
    }

    /// Adds a key the entries do not have yet, at the end.
    pub(super) fn push(&mut self, key: String, value: Arc<MergedNode>) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.keys.len());
        }
        self.keys.push(key);
        self.values.push(Some(value));
    }

    /// The entries still present, in order.
    pub(super) fn into_entries(self) -> Vec<(String, Arc<MergedNode>)> {
        self.keys
            .into_iter()
            .zip(self.values)
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }
}
