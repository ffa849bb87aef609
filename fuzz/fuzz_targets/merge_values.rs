//! Up to four values files (split at `0xFF` bytes) merged as Helm merges them,
//! the first as the chart's defaults: every origin of the result (values,
//! what they overrode, deletions) names an input layer by index, file and
//! kind, with spans inside that layer's text; every merged scalar is a node of
//! its origin layer at its origin's span; and merging with a prepared chart
//! gives the same result as merging all layers at once.
#![no_main]

use std::collections::HashMap;

use gg_fuzz::{assert_span_in, split_texts};
use gg_yaml::{
    Layer, LayerKind, Limits, Merged, MergedNode, MergedValue, Node, NodeKind, Origin,
    PreparedChart, Span, load_values, merge_layers, merge_layers_with,
};
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 4] = ["chart.yaml", "platform.yaml", "default.yaml", "dev.yaml"];
const KINDS: [LayerKind; 4] = [
    LayerKind::ChartDefaults,
    LayerKind::PlatformDefaults,
    LayerKind::ServiceDefault,
    LayerKind::EnvOverlay,
];

/// One input layer: its text and every node of it by span.
struct Input<'a> {
    text: &'a str,
    nodes: HashMap<Span, Vec<&'a Node>>,
}

fn index<'a>(node: &'a Node, nodes: &mut HashMap<Span, Vec<&'a Node>>) {
    nodes.entry(node.span).or_default().push(node);
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|item| index(item, nodes)),
        NodeKind::Map(map) => map
            .entries
            .iter()
            .for_each(|(_, value)| index(value, nodes)),
        _ => {}
    }
}

fn check_origin(origin: &Origin, inputs: &[Input<'_>]) {
    let input = inputs
        .get(origin.layer)
        .unwrap_or_else(|| panic!("origin names layer {} of {}", origin.layer, inputs.len()));
    assert_eq!(&*origin.file, FILES[origin.layer]);
    assert_eq!(origin.kind, KINDS[origin.layer]);
    if origin.span != Span::default() {
        assert_span_in(input.text, origin.span, "origin");
    }
    if let Some(key_span) = origin.key_span {
        assert_span_in(input.text, key_span, "origin key");
    }
}

fn check_node(node: &MergedNode, inputs: &[Input<'_>]) {
    let provenance = &node.provenance;
    check_origin(&provenance.origin, inputs);
    for overridden in &provenance.overridden {
        check_origin(overridden, inputs);
        assert!(
            overridden.layer <= provenance.origin.layer,
            "{provenance:?}"
        );
    }
    match &node.value {
        MergedValue::Scalar(scalar) => {
            let origin = &provenance.origin;
            assert_eq!(scalar.span, origin.span);
            let written = inputs[origin.layer].nodes.get(&origin.span);
            assert!(
                written.is_some_and(|nodes| nodes.iter().any(|n| n.kind == scalar.kind)),
                "{scalar:?} is not in {} at {:?}",
                origin.file,
                origin.span
            );
        }
        MergedValue::Seq(items) => items.iter().for_each(|item| check_node(item, inputs)),
        MergedValue::Map(entries) => entries
            .iter()
            .for_each(|(_, value)| check_node(value, inputs)),
    }
}

fn check(merged: &Merged, inputs: &[Input<'_>]) {
    check_node(&merged.root, inputs);
    assert!(matches!(merged.root.value, MergedValue::Map(_)));
    for deletion in &merged.deletions {
        check_origin(&deletion.by, inputs);
        deletion
            .removed
            .iter()
            .for_each(|origin| check_origin(origin, inputs));
    }
}

fuzz_target!(|data: &[u8]| {
    let texts = split_texts(data, FILES.len());
    let limits = Limits::helm();
    if texts.is_empty() {
        return;
    }
    let Ok(documents) = texts
        .iter()
        .zip(FILES)
        .map(|(text, file)| load_values(text, file, &limits))
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .zip(&documents)
        .map(|(text, document)| {
            let mut nodes = HashMap::new();
            index(&document.root, &mut nodes);
            Input { text, nodes }
        })
        .collect();
    let layers: Vec<Layer<'_>> = documents
        .iter()
        .enumerate()
        .map(|(i, document)| Layer::new(FILES[i], KINDS[i], &document.root))
        .collect();
    let merged = merge_layers(&layers);
    check(&merged, &inputs);
    let (chart, values) = layers.split_at(layers.len().min(1));
    let prepared = merge_layers_with(&PreparedChart::new(chart), values);
    assert_eq!(prepared, merged, "a prepared chart merges differently");
});
