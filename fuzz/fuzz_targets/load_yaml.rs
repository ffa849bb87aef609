//! Any bytes as a values file, under the default limits and under tight ones:
//! loading never panics; a loaded tree keeps within the limits and every span
//! (nodes, keys, notes) points into the text with line and column matching
//! its offset; an error's position does too, and its message says where.
#![no_main]

use gg_fuzz::{assert_document_in, assert_pos_in, assert_span_in};
use gg_yaml::{Limits, Node, NodeKind, load_bytes, load_documents};
use libfuzzer_sys::fuzz_target;

/// Limits small enough for the fuzzer to reach each of them.
const TIGHT: Limits = Limits {
    max_bytes: 4096,
    max_depth: 6,
    max_nodes: 200,
    max_alias_nodes: 50,
    max_aliases: 10,
    last_duplicate_wins: false,
};

fn depth_and_count(node: &Node) -> (usize, usize) {
    let children: Vec<&Node> = match &node.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        NodeKind::Map(map) => map.entries.iter().map(|(_, value)| value).collect(),
        _ => return (0, 1),
    };
    children
        .into_iter()
        .map(depth_and_count)
        .fold((1, 1), |(depth, count), (d, c)| {
            (depth.max(d + 1), count + c)
        })
}

fuzz_target!(|data: &[u8]| {
    let helm = Limits {
        last_duplicate_wins: true,
        ..TIGHT
    };
    for limits in [Limits::default(), TIGHT, helm] {
        let text = std::str::from_utf8(data).ok();
        match load_bytes(data, "dev.yaml", &limits) {
            Ok(document) => {
                let text = text.expect("loaded bytes are UTF-8");
                assert!(data.len() <= limits.max_bytes);
                assert!(matches!(document.root.kind, NodeKind::Map(_)));
                assert_document_in(text, &document.root);
                for note in &document.notes {
                    assert_span_in(text, note.span, "note");
                }
                let (depth, count) = depth_and_count(&document.root);
                // Nesting counts collections; the root mapping is one level.
                assert!(depth <= limits.max_depth + 1, "depth {depth}");
                assert!(count <= limits.max_nodes + 1, "{count} nodes");
            }
            Err(error) => {
                assert!(error.to_string().starts_with("dev.yaml:"), "{error}");
                if let Some(text) = text {
                    if data.len() <= limits.max_bytes {
                        assert_pos_in(text, error.pos, "error");
                    }
                }
            }
        }
        if let Some(text) = text {
            if let Ok(documents) = load_documents(text, "all.yaml", &limits) {
                for document in &documents {
                    assert_document_in(text, &document.root);
                }
            }
        }
    }
});
