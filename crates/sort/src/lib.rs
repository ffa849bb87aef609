//! One stable sort for the whole program.
//!
//! The standard `sort_by` is generic over the element and the comparison, so
//! every call site compiles its own copy of the standard library's sort, several
//! kilobytes each: two dozen call sites made a tenth of the browser module's
//! code. These functions sort the elements' positions with the comparison
//! behind `dyn` — one sort in the program — and then move the elements into
//! that order. The results are those of the standard stable sorts.
//!
//! For the same reason [`btree_map`] and [`btree_set`] build ordered
//! collections by inserting: `collect` into a `BTreeMap` or `BTreeSet` sorts
//! the items first, with a copy of the standard sort for each item type.
//!
//! No IO, no dependencies: it builds for `wasm32-unknown-unknown`.
#![forbid(unsafe_code)]

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The map of `entries`, inserted one by one: what `collect` gives (a later
/// entry of a key replaces an earlier one) without its sort.
pub fn btree_map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// The set of `items`, inserted one by one: what `collect` gives without its sort.
pub fn btree_set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// Sorts `items` by `compare`, keeping equal elements in their order
/// (as `slice::sort_by`).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(
        items.len(),
        &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(a), Some(b)) => compare(a, b),
            _ => Ordering::Equal,
        },
    );
    permute(items, order);
}

/// Sorts `items` by the key `key` gives each, keeping elements with equal
/// keys in their order (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by a key computed once per element, keeping elements with
/// equal keys in their order (as `slice::sort_by_cached_key`).
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = sorted_positions(keys.len(), &mut |a, b| match (keys.get(a), keys.get(b)) {
        (Some(a), Some(b)) => a.cmp(b),
        _ => Ordering::Equal,
    });
    permute(items, order);
}

/// Sorts `items` in ascending order, keeping equal elements in their order
/// (as `slice::sort`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the stable order `compare` gives them: the one
/// instance of the standard sort.
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Moves the element at `order[i]` to `i`, for every `i`, by following each
/// cycle of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while let Some(&from) = order.get(at) {
            // A position is done once it names itself.
            if let Some(done) = order.get_mut(at) {
                *done = at;
            }
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Orders pairs by their first element only, so equal ones keep their order.
    fn by_first(a: &(u8, u16), b: &(u8, u16)) -> Ordering {
        a.0.cmp(&b.0)
    }

    proptest! {
        #[test]
        fn sort_by_is_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort_by(&mut ours, by_first);
            standard.sort_by(by_first);
            prop_assert_eq!(ours, standard);
        }

        #[test]
        fn sort_by_key_is_the_standard_one(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort_by_key(&mut ours, |item| std::cmp::Reverse(item.0));
            standard.sort_by_key(|item| std::cmp::Reverse(item.0));
            prop_assert_eq!(ours, standard);
        }

        #[test]
        fn sort_by_cached_key_is_the_standard_one(items in proptest::collection::vec(any::<(u8, String)>(), 0..100)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort_by_cached_key(&mut ours, |item| item.1.len());
            standard.sort_by_cached_key(|item| item.1.len());
            prop_assert_eq!(ours, standard);
        }

        #[test]
        fn btree_map_is_what_collect_gives(entries in proptest::collection::vec((0u8..20, any::<u16>()), 0..100)) {
            let collected: BTreeMap<u8, u16> = entries.iter().copied().collect();
            prop_assert_eq!(btree_map(entries), collected);
        }

        #[test]
        fn btree_set_is_what_collect_gives(items in proptest::collection::vec(0u8..20, 0..100)) {
            let collected: BTreeSet<u8> = items.iter().copied().collect();
            prop_assert_eq!(btree_set(items), collected);
        }

        #[test]
        fn sort_is_the_standard_one(items in proptest::collection::vec(any::<String>(), 0..100)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort(&mut ours);
            standard.sort();
            prop_assert_eq!(ours, standard);
        }
    }
}
