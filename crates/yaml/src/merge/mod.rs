//! Helm's merge of value layers, remembering where every merged value came from.
//!
//! Helm first merges the value files given to it (`-f a.yaml -f b.yaml`, here the
//! platform defaults, `.cicd/default.yaml` and `.cicd/{env}.yaml`): maps merge
//! deeply, anything else replaces what was there, and a `null` replaces too.
//! It then coalesces that result with the chart's own `values.yaml`: a user value
//! wins, maps merge deeply, and a user `null` over a key the chart defines
//! deletes the key. A `null` over a key the chart does not define stays `null`.

mod path;
mod slots;

use std::sync::Arc;

use serde::Serialize;

use crate::node::{Key, Mapping, Node, NodeKind, Span};

pub use path::{PathSegment, ValuePath};
use slots::Slots;

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
    /// A platform values file (`platform/*.yaml`) given to one of the
    /// platform's own charts.
    PlatformFile,
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
    /// The layer's file name (shared by every node of the layer).
    pub file: Arc<str>,
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
    Seq(Vec<Arc<MergedNode>>),
    /// A mapping with unique keys: earlier layers' keys first, then new ones.
    /// Values are shared: a merge takes the chart defaults no values file
    /// touches from the prepared chart as they are, without copying them.
    Map(Vec<(String, Arc<MergedNode>)>),
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
    let chart = fold_layers(None, layers, 0, true);
    let user = fold_layers(None, layers, 0, false);
    finish(user, chart.as_ref())
}

/// The chart side of [`merge_layers`] folded once, for many merges that share
/// it (every service × environment of a platform uses the same chart defaults).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreparedChart {
    /// The folded chart layers; `None` when there were none.
    root: Option<MergedNode>,
    /// How many layers were given (the user layers are numbered after them).
    layers: usize,
}

impl PreparedChart {
    /// Folds the [`LayerKind::ChartDefaults`] layers of `layers` (others are
    /// skipped but keep their index, as in [`merge_layers`]).
    pub fn new(layers: &[Layer<'_>]) -> Self {
        Self {
            root: fold_layers(None, layers, 0, true),
            layers: layers.len(),
        }
    }
}

/// `merge_layers` of the prepared chart's layers followed by `layers`, without
/// folding the chart again: the result equals `merge_layers(&[chart…, layers…])`
/// (origins of `layers` are numbered after the chart's layers).
pub fn merge_layers_with(chart: &PreparedChart, layers: &[Layer<'_>]) -> Merged {
    let user = fold_layers(None, layers, chart.layers, false);
    if layers
        .iter()
        .any(|layer| layer.kind == LayerKind::ChartDefaults)
    {
        // Chart layers among the values files extend the prepared chart side.
        // A shallow copy: the prepared children stay shared.
        let extended = fold_layers(chart.root.clone(), layers, chart.layers, true);
        return finish(user, extended.as_ref());
    }
    finish(user, chart.root.as_ref())
}

/// Folds the chart layers (`chart`) or the values files (`!chart`) of `layers`
/// onto `base` with [`overlay`]; origins are numbered from `first_index`.
fn fold_layers(
    base: Option<MergedNode>,
    layers: &[Layer<'_>],
    first_index: usize,
    chart: bool,
) -> Option<MergedNode> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, layer)| (layer.kind == LayerKind::ChartDefaults) == chart)
        .fold(base, |acc, (index, layer)| {
            let root = fresh_root(first_index + index, layer);
            Some(match acc {
                Some(base) => overlay(base, root),
                None => root,
            })
        })
}

/// The user side coalesced with the chart side.
fn finish(user: Option<MergedNode>, chart: Option<&MergedNode>) -> Merged {
    let mut deletions = Vec::new();
    let root = match (user, chart) {
        (Some(user), Some(chart)) => coalesce(user, chart, &mut Vec::new(), &mut deletions),
        (Some(only), None) => only,
        (None, Some(only)) => only.clone(),
        (None, None) => MergedNode {
            value: MergedValue::Map(Vec::new()),
            provenance: Provenance {
                origin: Origin {
                    layer: 0,
                    file: Arc::from(""),
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
    let source = LayerSource {
        index,
        file: Arc::from(layer.file),
        kind: layer.kind,
    };
    let at = source.origin(layer.root.span, None);
    if matches!(layer.root.kind, NodeKind::Map(_)) {
        return fresh(layer.root, at, &source);
    }
    MergedNode {
        value: MergedValue::Map(Vec::new()),
        provenance: Provenance {
            origin: at,
            overridden: Vec::new(),
        },
    }
}

/// What every origin in one layer shares.
struct LayerSource {
    index: usize,
    file: Arc<str>,
    kind: LayerKind,
}

impl LayerSource {
    fn origin(&self, span: Span, key_span: Option<Span>) -> Origin {
        Origin {
            layer: self.index,
            file: Arc::clone(&self.file),
            kind: self.kind,
            span,
            key_span,
        }
    }
}

/// Wraps a layer's node (and its children) with provenance pointing into the layer.
fn fresh(node: &Node, at: Origin, source: &LayerSource) -> MergedNode {
    let value = match &node.kind {
        NodeKind::Seq(items) => MergedValue::Seq(
            items
                .iter()
                .map(|item| Arc::new(fresh(item, source.origin(item.span, None), source)))
                .collect(),
        ),
        NodeKind::Map(map) => MergedValue::Map(
            map.entries
                .iter()
                .map(|(key, value)| {
                    let at = source.origin(value.span, Some(key.span));
                    (key.name.clone(), Arc::new(fresh(value, at, source)))
                })
                .collect(),
        ),
        _ => MergedValue::Scalar(node.clone()),
    };
    MergedNode {
        value,
        provenance: Provenance {
            origin: at,
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
                match slots.take(&key) {
                    Some((at, old)) => {
                        let merged =
                            overlay(Arc::unwrap_or_clone(old), Arc::unwrap_or_clone(value));
                        slots.put_at(at, Arc::new(merged));
                    }
                    None => slots.push(key, value),
                }
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
/// `path` holds the keys from the root to here (for deletions).
fn coalesce<'c>(
    user: MergedNode,
    chart: &'c MergedNode,
    path: &mut Vec<&'c str>,
    deletions: &mut Vec<Deletion>,
) -> MergedNode {
    let chart_history = history_of(chart.provenance.clone());
    let provenance = prepend_history(user.provenance, chart_history);
    let (user_entries, chart_entries) = match (user.value, &chart.value) {
        (MergedValue::Map(user_entries), MergedValue::Map(chart_entries)) => {
            (user_entries, chart_entries)
        }
        // A scalar, a sequence or a type mismatch: the user's value wins as it is.
        (value, _) => return MergedNode { value, provenance },
    };
    let mut user_slots = Slots::new(user_entries);
    // Chart keys first; then the user's keys the chart lacks (never a chart key,
    // so the entries stay unique without an index).
    let mut merged = Vec::with_capacity(chart_entries.len() + user_slots.len());
    for (key, chart_value) in chart_entries {
        let Some((_, user_value)) = user_slots.take(key) else {
            merged.push((key.clone(), Arc::clone(chart_value)));
            continue;
        };
        let user_value = Arc::unwrap_or_clone(user_value);
        path.push(key);
        if is_null(&user_value) {
            let mut removed = history_of(chart_value.provenance.clone());
            removed.extend(user_value.provenance.overridden);
            deletions.push(Deletion {
                path: ValuePath(
                    path.iter()
                        .map(|key| PathSegment::Key((*key).to_owned()))
                        .collect(),
                ),
                by: user_value.provenance.origin,
                removed,
            });
        } else {
            merged.push((
                key.clone(),
                Arc::new(coalesce(user_value, chart_value, path, deletions)),
            ));
        }
        path.pop();
    }
    merged.extend(user_slots.into_entries());
    MergedNode {
        value: MergedValue::Map(merged),
        provenance,
    }
}

fn is_null(node: &MergedNode) -> bool {
    matches!(&node.value, MergedValue::Scalar(n) if n.is_null())
}

/// All origins of a provenance, oldest first.
fn history_of(provenance: Provenance) -> Vec<Origin> {
    let mut history = provenance.overridden;
    // Usually the first entry: room for one, not the four a push would take.
    history.reserve_exact(1);
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
            MergedValue::Map(entries) => {
                // Length and first byte first: most keys differ there, and a
                // full comparison is a call.
                let first = key.as_bytes().first();
                entries
                    .iter()
                    .find(|(k, _)| {
                        k.len() == key.len() && k.as_bytes().first() == first && k == key
                    })
                    .map(|(_, v)| &**v)
            }
            _ => None,
        }
    }

    /// The node at `path` below this one.
    pub fn get(&self, path: &ValuePath) -> Option<&MergedNode> {
        path.0
            .iter()
            .try_fold(self, |node, segment| match (segment, &node.value) {
                (PathSegment::Key(key), _) => node.child(key),
                (PathSegment::Index(i), MergedValue::Seq(items)) => items.get(*i).map(|n| &**n),
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
                serde_json::Value::Array(items.iter().map(|item| item.to_json()).collect())
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
                NodeKind::Seq(items.iter().map(|item| item.to_node()).collect())
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
        if !path.is_empty() && !path.contains(['[', ']', '"']) {
            // The common `image.tag` form, walked without building a path.
            return path.split('.').try_fold(&self.root, |node, key| {
                if key.is_empty() {
                    None
                } else {
                    node.child(key)
                }
            });
        }
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
