//! Bounds that keep hostile input from costing time or memory, and how
//! strictly a key written twice is taken.

use serde::Serialize;

/// Limits applied while loading one file. [`Limits::default`] suits values files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Largest accepted input, in bytes (checked before anything else).
    pub max_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes a file may produce, counting those copied by aliases and merges.
    pub max_nodes: usize,
    /// Most nodes aliases and `<<` merges may copy in total (billion-laughs guard).
    pub max_alias_nodes: usize,
    /// Most aliases (`*name`) a file may use.
    pub max_aliases: usize,
    /// Whether a key written twice in one mapping is an error (the default)
    /// or read as go-yaml v2, and so Helm, reads it: the last one wins.
    pub last_duplicate_wins: bool,
}

impl Limits {
    /// The default limits, reading duplicate keys as Helm does (the last
    /// one wins): for rendering what Helm renders.
    pub fn helm() -> Self {
        Self {
            last_duplicate_wins: true,
            ..Self::default()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 1_000_000,
            max_alias_nodes: 200_000,
            max_aliases: 10_000,
            last_duplicate_wins: false,
        }
    }
}
