//! Helm's merge of value layers, remembering where every merged value came from.
//!
//! Helm first merges the value files given to it (`-f a.yaml -f b.yaml`, here the
//! platform defaults, `.cicd/default.yaml` and `.cicd/{env}.yaml`): maps merge
//! deeply, anything else replaces what was there, and a `null` replaces too.
//! It then coalesces that result with the chart's own `values.yaml`: a user value
//! wins, maps merge deeply, and a user `null` over a key the chart defines
//! deletes the key. A `null` over a key the chart does not define stays `null`.

mod path;

use std::collections::HashMap;

use serde::Serialize;

use crate::node::{Key, Mapping, Node, NodeKind, Span};

pub use path::{PathSegment, ValuePath};

/// Which file of Helm's value chain a layer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayerKind {
    /// The chart's own `values.yaml` (k8app defaults).
    ChartDefaults,
    /// The platform's `shared/k8app-defaults.yaml`.
    PlatformDefaults,
    /// A service's `.cicd/default.yaml`.
    ServiceDefault,
    /// A service's `.cicd/{env}.yaml`.
    EnvOverlay,
}

/// One input of [`merge_layers`]: a loaded values file and its place in the chain.
#[derive(Debug, Clone, Copy)]
pub struct Layer<'a> {
    /// Display name of the file (used in findings).
    pub file: &'a str,
    /// Its role in the chain.
    pub kind: LayerKind,
    /// Its root node (a mapping; anything else counts as an empty mapping).
    pub root: &'a Node,
}

impl<'a> Layer<'a> {
    /// A layer of `kind` read from `file`.
    pub fn new(file: &'a str, kind: LayerKind, root: &'a Node) -> Self {
        Self { file, kind, root }
    }
}

/// A place in one layer where a value was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Index of the layer in the slice given to [`merge_layers`].
    pub layer: usize,
    /// The layer's file name.
    pub file: String,
    /// The layer's role.
    pub kind: LayerKind,
    /// Span of the value node in that file.
    pub span: Span,
    /// Span of its key in that file (`None` for sequence items and the root).
    pub key_span: Option<Span>,
}

/// Where a merged value came from and what it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The layer and position whose value is in the result. For a mapping merged
    /// from several layers: the last layer that wrote it.
    pub origin: Origin,
    /// Earlier layers that wrote this path, oldest first: values replaced by
    /// `origin` (for scalars and sequences) or mappings merged into it.
    pub overridden: Vec<Origin>,
}

/// The value of a merged node.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum MergedValue {
    /// A scalar, as written in its origin (style, quirk and span included).
    Scalar(Node),
    /// A sequence; sequences are replaced whole, so all items share one layer.
    Seq(Vec<MergedNode>),
    /// A mapping with unique keys: earlier layers' keys first, then new ones.
    Map(Vec<(String, MergedNode)>),
}

/// A node of the merged values with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedNode {
    /// The value.
    pub value: MergedValue,
    /// Where it came from.
    pub provenance: Provenance,
}

/// A key that a `null` removed (Helm deletes a chart default that a values
/// file sets to `null`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deletion {
    /// Path of the removed key.
    pub path: ValuePath,
    /// The `null` that removed it.
    pub by: Origin,
    /// What it removed: the chart default(s) and values files that set the key
    /// before the `null`, oldest first.
    pub removed: Vec<Origin>,
}

/// The result of [`merge_layers`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merged {
    /// The merged values (always a mapping).
    pub root: MergedNode,
    /// Keys deleted by a `null`, in the order they were found.
    pub deletions: Vec<Deletion>,
}

/// A leaf of the merged values: a scalar, an empty mapping or an empty sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf<'a> {
    /// Its path from the root.
    pub path: ValuePath,
    /// The node.
    pub node: &'a MergedNode,
}

/// Merges value layers as Helm does (see the module docs). Layers of kind
/// [`LayerKind::ChartDefaults`] form the chart side wherever they appear (in
/// order among themselves); all others are values files in the given order.
pub fn merge_layers(layers: &[Layer<'_>]) -> Merged {
    let fold = |chart: bool| {
        layers
            .iter()
            .enumerate()
            .filter(|(_, layer)| (layer.kind == LayerKind::ChartDefaults) == chart)
            .fold(None, |acc, (index, layer)| {
                let root = fresh_root(index, layer);
                Some(match acc {
                    Some(base) => overlay(base, root),
                    None => root,
                })
            })
    };
    let mut deletions = Vec::new();
    let root = match (fold(false), fold(true)) {
        (Some(user), Some(chart)) => coalesce(user, chart, &ValuePath::root(), &mut deletions),
        (Some(only), None) | (None, Some(only)) => only,
        (None, None) => MergedNode {
            value: MergedValue::Map(Vec::new()),
            provenance: Provenance {
                origin: Origin {
                    layer: 0,
                    file: String::new(),
                    kind: LayerKind::ChartDefaults,
                    span: Span::default(),
                    key_span: None,
                },
                overridden: Vec::new(),
            },
        },
    };
    Merged { root, deletions }
}

/// A layer's root with provenance; a root that is not a mapping counts as an
/// empty mapping (keeping its span).
fn fresh_root(index: usize, layer: &Layer<'_>) -> MergedNode {
    let at = origin(index, layer, layer.root.span, None);
    if matches!(layer.root.kind, NodeKind::Map(_)) {
        return fresh(layer.root, &at, index, layer);
    }
    MergedNode {
        value: MergedValue::Map(Vec::new()),
        provenance: Provenance {
            origin: at,
            overridden: Vec::new(),
        },
    }
}

fn origin(index: usize, layer: &Layer<'_>, span: Span, key_span: Option<Span>) -> Origin {
    Origin {
        layer: index,
        file: layer.file.to_owned(),
        kind: layer.kind,
        span,
        key_span,
    }
}

/// Wraps a layer's node (and its children) with provenance pointing into the layer.
fn fresh(node: &Node, at: &Origin, index: usize, layer: &Layer<'_>) -> MergedNode {
    let value = match &node.kind {
        NodeKind::Seq(items) => MergedValue::Seq(
            items
                .iter()
                .map(|item| fresh(item, &origin(index, layer, item.span, None), index, layer))
                .collect(),
        ),
        NodeKind::Map(map) => MergedValue::Map(
            map.entries
                .iter()
                .map(|(key, value)| {
                    let at = origin(index, layer, value.span, Some(key.span));
                    (key.name.clone(), fresh(value, &at, index, layer))
                })
                .collect(),
        ),
        _ => MergedValue::Scalar(node.clone()),
    };
    MergedNode {
        value,
        provenance: Provenance {
            origin: at.clone(),
            overridden: Vec::new(),
        },
    }
}

/// `top` written over `base` by a later values file (Helm's `mergeMaps`).
fn overlay(base: MergedNode, top: MergedNode) -> MergedNode {
    let history = history_of(base.provenance);
    match (base.value, top.value) {
        (MergedValue::Map(entries), MergedValue::Map(top_entries)) => {
            let mut slots = Slots::new(entries);
            for (key, value) in top_entries {
                let merged = match slots.take(&key) {
                    Some(old) => overlay(old, value),
                    None => value,
                };
                slots.put(key, merged);
            }
            with_history(
                MergedValue::Map(slots.into_entries()),
                top.provenance,
                history,
            )
        }
        (_, value) => with_history(value, top.provenance, history),
    }
}

/// The user's values coalesced with the chart defaults (Helm's `coalesceValues`).
fn coalesce(
    user: MergedNode,
    chart: MergedNode,
    path: &ValuePath,
    deletions: &mut Vec<Deletion>,
) -> MergedNode {
    let chart_history = history_of(chart.provenance);
    let provenance = prepend_history(user.provenance, chart_history);
    let (user_entries, chart_entries) = match (user.value, chart.value) {
        (MergedValue::Map(user_entries), MergedValue::Map(chart_entries)) => {
            (user_entries, chart_entries)
        }
        // A scalar, a sequence or a type mismatch: the user's value wins as it is.
        (value, _) => return MergedNode { value, provenance },
    };
    let mut user_slots = Slots::new(user_entries);
    let mut merged = Slots::new(Vec::new());
    for (key, chart_value) in chart_entries {
        let Some(user_value) = user_slots.take(&key) else {
            merged.put(key, chart_value);
            continue;
        };
        let key_path = path.key(&key);
        if is_null(&user_value) {
            let mut removed = history_of(chart_value.provenance);
            removed.extend(user_value.provenance.overridden);
            deletions.push(Deletion {
                path: key_path,
                by: user_value.provenance.origin,
                removed,
            });
        } else {
            merged.put(key, coalesce(user_value, chart_value, &key_path, deletions));
        }
    }
    for (key, value) in user_slots.into_entries() {
        merged.put(key, value);
    }
    MergedNode {
        value: MergedValue::Map(merged.into_entries()),
        provenance,
    }
}

/// Mapping entries with a key index, so merging stays linear in the map size.
struct Slots {
    index: HashMap<String, usize>,
    slots: Vec<(String, Option<MergedNode>)>,
}

impl Slots {
    fn new(entries: Vec<(String, MergedNode)>) -> Self {
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, (key, _))| (key.clone(), i))
            .collect();
        let slots = entries
            .into_iter()
            .map(|(key, value)| (key, Some(value)))
            .collect();
        Self { index, slots }
    }

    /// Removes the value under `key`, keeping its place for a later `put`.
    fn take(&mut self, key: &str) -> Option<MergedNode> {
        let i = *self.index.get(key)?;
        self.slots.get_mut(i).and_then(|(_, slot)| slot.take())
    }

    /// Sets `key`: in its old place if it had one, else at the end.
    fn put(&mut self, key: String, value: MergedNode) {
        if let Some((_, slot)) = self.index.get(&key).and_then(|&i| self.slots.get_mut(i)) {
            *slot = Some(value);
            return;
        }
        self.index.insert(key.clone(), self.slots.len());
        self.slots.push((key, Some(value)));
    }

    fn into_entries(self) -> Vec<(String, MergedNode)> {
        self.slots
            .into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }
}

fn is_null(node: &MergedNode) -> bool {
    matches!(&node.value, MergedValue::Scalar(n) if n.is_null())
}

/// All origins of a provenance, oldest first.
fn history_of(provenance: Provenance) -> Vec<Origin> {
    let mut history = provenance.overridden;
    history.push(provenance.origin);
    history
}

fn with_history(
    value: MergedValue,
    provenance: Provenance,
    mut history: Vec<Origin>,
) -> MergedNode {
    history.extend(provenance.overridden);
    MergedNode {
        value,
        provenance: Provenance {
            origin: provenance.origin,
            overridden: history,
        },
    }
}

fn prepend_history(provenance: Provenance, mut history: Vec<Origin>) -> Provenance {
    history.extend(provenance.overridden);
    Provenance {
        origin: provenance.origin,
        overridden: history,
    }
}

impl MergedNode {
    /// The child under a mapping key.
    pub fn child(&self, key: &str) -> Option<&MergedNode> {
        match &self.value {
            MergedValue::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at `path` below this one.
    pub fn get(&self, path: &ValuePath) -> Option<&MergedNode> {
        path.0
            .iter()
            .try_fold(self, |node, segment| match (segment, &node.value) {
                (PathSegment::Key(key), _) => node.child(key),
                (PathSegment::Index(i), MergedValue::Seq(items)) => items.get(*i),
                (PathSegment::Index(_), _) => None,
            })
    }

    /// The scalar node, when this is a scalar.
    pub fn as_scalar(&self) -> Option<&Node> {
        match &self.value {
            MergedValue::Scalar(node) => Some(node),
            _ => None,
        }
    }

    /// The string, when this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().and_then(Node::as_str)
    }

    /// The merged value as Helm computes it (see [`Node::to_json`]).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            MergedValue::Scalar(node) => node.to_json(),
            MergedValue::Seq(items) => {
                serde_json::Value::Array(items.iter().map(MergedNode::to_json).collect())
            }
            MergedValue::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_json()))
                    .collect(),
            ),
        }
    }

    /// The merged value as a plain [`Node`] tree; spans are those of the
    /// winning nodes (a merged mapping takes the span of its last writer).
    pub fn to_node(&self) -> Node {
        let span = self.provenance.origin.span;
        let kind = match &self.value {
            MergedValue::Scalar(node) => return node.clone(),
            MergedValue::Seq(items) => {
                NodeKind::Seq(items.iter().map(MergedNode::to_node).collect())
            }
            MergedValue::Map(entries) => NodeKind::Map(Mapping {
                entries: entries
                    .iter()
                    .map(|(name, value)| {
                        let origin = &value.provenance.origin;
                        let key = Key {
                            name: name.clone(),
                            span: origin.key_span.unwrap_or(origin.span),
                        };
                        (key, value.to_node())
                    })
                    .collect(),
            }),
        };
        Node {
            kind,
            span,
            style: None,
            quirk: None,
        }
    }

    fn collect_leaves<'a>(&'a self, path: ValuePath, out: &mut Vec<Leaf<'a>>) {
        match &self.value {
            MergedValue::Seq(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    item.collect_leaves(path.index(i), out);
                }
            }
            MergedValue::Map(entries) if !entries.is_empty() => {
                for (key, value) in entries {
                    value.collect_leaves(path.key(key), out);
                }
            }
            _ => out.push(Leaf { path, node: self }),
        }
    }
}

impl Merged {
    /// The node at `path`.
    pub fn get(&self, path: &ValuePath) -> Option<&MergedNode> {
        self.root.get(path)
    }

    /// The node at a displayed path (`image.tag`, `imagePullSecrets[0].name`);
    /// `None` when the path is malformed or absent.
    pub fn get_dotted(&self, path: &str) -> Option<&MergedNode> {
        self.get(&ValuePath::parse(path)?)
    }

    /// Every leaf (scalar, empty mapping, empty sequence) with its path, in
    /// document order.
    pub fn leaves(&self) -> Vec<Leaf<'_>> {
        let mut out = Vec::new();
        self.root.collect_leaves(ValuePath::root(), &mut out);
        out
    }

    /// The merged values as JSON, as Helm computes them.
    pub fn to_json(&self) -> serde_json::Value {
        self.root.to_json()
    }

    /// The merged values as a plain [`Node`] tree (see [`MergedNode::to_node`]).
    pub fn to_node(&self) -> Node {
        self.root.to_node()
    }
}

#[cfg(test)]
mod tests;
