//! Looking values up across Helm value files the way ArgoCD combines them
//! (`platform/base.yaml` ← `platform/<chart>.yaml`): the last file that sets a
//! path wins, an explicit `null` deletes.

use std::collections::HashMap;

use gg_yaml::{Key, Node, NodeKind};

use crate::origin::{Origin, Sourced};

/// Value files of one chart, lowest priority first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layered<'a> {
    layers: Vec<(&'a str, &'a Node)>,
}

impl<'a> Layered<'a> {
    /// The given `(file, document)` layers, lowest priority first.
    pub(crate) fn new(layers: Vec<(&'a str, &'a Node)>) -> Self {
        Self { layers }
    }

    /// The winning node at `path` and its file; `None` when unset or deleted by `null`.
    pub(crate) fn node(&self, path: &[&str]) -> Option<(&'a str, &'a Node)> {
        let (file, node) = self
            .layers
            .iter()
            .rev()
            .find_map(|(file, doc)| doc.get_path(path).map(|node| (*file, node)))?;
        (!node.is_null()).then_some((file, node))
    }

    /// The winning scalar at `path` as text (numbers and booleans printed).
    pub(crate) fn text(&self, path: &[&str]) -> Option<Sourced<String>> {
        let (file, node) = self.node(path)?;
        scalar_text(node).map(|text| Sourced::new(text, Origin::file(file, node.span)))
    }

    /// The winning boolean at `path`.
    pub(crate) fn boolean(&self, path: &[&str]) -> Option<Sourced<bool>> {
        let (file, node) = self.node(path)?;
        match node.kind {
            NodeKind::Bool(value) => Some(Sourced::new(value, Origin::file(file, node.span))),
            _ => None,
        }
    }

    /// The winning list of strings at `path` (non-string items skipped).
    pub(crate) fn strings(&self, path: &[&str]) -> Option<Sourced<Vec<String>>> {
        let (file, node) = self.node(path)?;
        let items = node
            .as_seq()?
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned));
        Some(Sourced::new(items.collect(), Origin::file(file, node.span)))
    }

    /// The entries of the mappings at `path` across all layers, first
    /// appearance first: each key with its file and the layers of the values
    /// written under it (so that looking into one entry does not search the
    /// whole mapping again). Keys whose winning value is `null` are left out.
    pub(crate) fn entries(&self, path: &[&str]) -> Vec<Entry<'a>> {
        let mut entries: Vec<Entry<'a>> = Vec::new();
        let mut position: HashMap<&'a str, usize> = HashMap::new();
        for (file, doc) in &self.layers {
            let Some(mapping) = doc.get_path(path).and_then(Node::as_map) else {
                continue;
            };
            for (key, value) in &mapping.entries {
                let at = *position.entry(key.name.as_str()).or_insert_with(|| {
                    entries.push(Entry {
                        file,
                        key,
                        values: Layered::default(),
                    });
                    entries.len() - 1
                });
                if let Some(entry) = entries.get_mut(at) {
                    entry.values.layers.push((file, value));
                }
            }
        }
        entries.retain(|entry| entry.values.node(&[]).is_some());
        entries
    }
}

/// One key of a mapping looked up across layers (see [`Layered::entries`]).
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    /// The file where the key first appears.
    pub(crate) file: &'a str,
    /// The key as written there.
    pub(crate) key: &'a Key,
    /// The values under the key, lowest priority first.
    pub(crate) values: Layered<'a>,
}

/// A scalar as text: strings as they are, numbers and booleans printed.
pub(crate) fn scalar_text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::String(text) => Some(text.clone()),
        NodeKind::Int(value) => Some(value.to_string()),
        NodeKind::Float(value) => Some(value.to_string()),
        NodeKind::Bool(value) => Some(value.to_string()),
        NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
    }
}
