use proptest::prelude::*;

use super::*;
use crate::{Limits, Pos, load_values};

fn load(text: &str, file: &str) -> Node {
    load_values(text, file, &Limits::default())
        .unwrap_or_else(|e| panic!("{}", e.snippet()))
        .root
}

const CHART: &str = "\
replicas: 1
image:
  repository: nginx
  tag: latest
  pullPolicy: IfNotPresent
hpa:
  enabled: false
  minReplicas: 1
pdb:
  enabled: false
  maxUnavailable: 1
imagePullSecrets: []
";
const PLATFORM: &str = "imagePullSecrets:\n  - name: regsecret\n";
const DEFAULT: &str = "\
image:
  repository: svc
  tag: local
secrets:
  A: /p/svc/dev/config
hpa:
  enabled: true
";
const DEV: &str = "\
image:
  tag: \"2dc1a231\"
hpa: null
pdb:
  maxUnavailable: null
  minAvailable: 1
secrets:
  B: /p/svc/dev/config
extra: ~
";

fn chain() -> (Node, Node, Node, Node) {
    (
        load(CHART, "chart/values.yaml"),
        load(PLATFORM, "shared/k8app-defaults.yaml"),
        load(DEFAULT, ".cicd/default.yaml"),
        load(DEV, ".cicd/dev.yaml"),
    )
}

fn line_col(span: Span) -> (u32, u32) {
    (span.start.line, span.start.column)
}

#[test]
fn helm_chain_merges_with_provenance() {
    let (chart, platform, default, dev) = chain();
    let merged = merge_layers(&[
        Layer::new("chart/values.yaml", LayerKind::ChartDefaults, &chart),
        Layer::new(
            "shared/k8app-defaults.yaml",
            LayerKind::PlatformDefaults,
            &platform,
        ),
        Layer::new(".cicd/default.yaml", LayerKind::ServiceDefault, &default),
        Layer::new(".cicd/dev.yaml", LayerKind::EnvOverlay, &dev),
    ]);
    assert_eq!(
        merged.to_json(),
        serde_json::json!({
            "replicas": 1,
            "image": {"repository": "svc", "tag": "2dc1a231", "pullPolicy": "IfNotPresent"},
            "pdb": {"enabled": false, "minAvailable": 1},
            "imagePullSecrets": [{"name": "regsecret"}],
            "secrets": {"A": "/p/svc/dev/config", "B": "/p/svc/dev/config"},
            "extra": null,
        })
    );

    let tag = merged
        .get_dotted("image.tag")
        .unwrap_or_else(|| panic!("image.tag"));
    assert_eq!(&*tag.provenance.origin.file, ".cicd/dev.yaml");
    assert_eq!(tag.provenance.origin.layer, 3);
    assert_eq!(line_col(tag.provenance.origin.span), (2, 8));
    assert_eq!(tag.provenance.origin.key_span.map(line_col), Some((2, 3)));
    let replaced: Vec<_> = tag.provenance.overridden.iter().map(|o| &*o.file).collect();
    assert_eq!(replaced, vec!["chart/values.yaml", ".cicd/default.yaml"]);

    let repo = merged
        .get_dotted("image.repository")
        .unwrap_or_else(|| panic!("repo"));
    assert_eq!(repo.provenance.origin.kind, LayerKind::ServiceDefault);
    let secret = merged
        .get_dotted("imagePullSecrets[0].name")
        .unwrap_or_else(|| panic!("secret"));
    assert_eq!(
        &*secret.provenance.origin.file,
        "shared/k8app-defaults.yaml"
    );
    assert_eq!(line_col(secret.provenance.origin.span), (2, 11));

    // `hpa: null` deleted the chart default and default.yaml's map.
    let hpa = merged
        .deletions
        .iter()
        .find(|d| d.path.to_string() == "hpa");
    let hpa = hpa.unwrap_or_else(|| panic!("hpa deletion: {:?}", merged.deletions));
    assert_eq!(&*hpa.by.file, ".cicd/dev.yaml");
    assert_eq!(line_col(hpa.by.span), (3, 6));
    let removed: Vec<_> = hpa.removed.iter().map(|o| &*o.file).collect();
    assert_eq!(removed, vec!["chart/values.yaml", ".cicd/default.yaml"]);
    assert!(
        merged
            .deletions
            .iter()
            .any(|d| d.path.to_string() == "pdb.maxUnavailable")
    );
    // A null over a key the chart lacks stays null (Helm keeps it).
    assert!(
        merged
            .get_dotted("extra")
            .and_then(MergedNode::as_scalar)
            .is_some_and(Node::is_null)
    );

    let leaves: Vec<String> = merged
        .leaves()
        .iter()
        .map(|leaf| leaf.path.to_string())
        .collect();
    assert_eq!(
        leaves,
        vec![
            "replicas",
            "image.repository",
            "image.tag",
            "image.pullPolicy",
            "pdb.enabled",
            "pdb.minAvailable",
            "imagePullSecrets[0].name",
            "secrets.A",
            "secrets.B",
            "extra",
        ]
    );
}

#[test]
fn values_files_alone_keep_nulls_and_replace_lists() {
    let (_, platform, default, dev) = chain();
    let merged = merge_layers(&[
        Layer::new("p", LayerKind::PlatformDefaults, &platform),
        Layer::new("d", LayerKind::ServiceDefault, &default),
        Layer::new("e", LayerKind::EnvOverlay, &dev),
    ]);
    let hpa = merged.get_dotted("hpa").unwrap_or_else(|| panic!("hpa"));
    assert!(hpa.as_scalar().is_some_and(Node::is_null));
    assert_eq!(
        hpa.provenance.overridden.first().map(|o| &*o.file),
        Some("d")
    );
    assert!(merged.deletions.is_empty());
    let lists = [load("l: [1, 2, 3]\n", "a"), load("l: [9]\n", "b")];
    let merged = merge_layers(&[
        Layer::new("a", LayerKind::ServiceDefault, &lists[0]),
        Layer::new("b", LayerKind::EnvOverlay, &lists[1]),
    ]);
    assert_eq!(merged.to_json(), serde_json::json!({"l": [9]}));
}

#[test]
fn user_values_win_over_chart_types() {
    let chart = load("a: {x: 1}\nb: 5\n", "chart");
    let user = load("a: 7\nb: {z: 2}\n", "user");
    let merged = merge_layers(&[
        Layer::new("chart", LayerKind::ChartDefaults, &chart),
        Layer::new("user", LayerKind::EnvOverlay, &user),
    ]);
    assert_eq!(merged.to_json(), serde_json::json!({"a": 7, "b": {"z": 2}}));
}

#[test]
fn merged_tree_converts_back_to_nodes() {
    let (chart, platform, default, dev) = chain();
    let merged = merge_layers(&[
        Layer::new("c", LayerKind::ChartDefaults, &chart),
        Layer::new("p", LayerKind::PlatformDefaults, &platform),
        Layer::new("d", LayerKind::ServiceDefault, &default),
        Layer::new("e", LayerKind::EnvOverlay, &dev),
    ]);
    let node = merged.to_node();
    assert_eq!(node.to_json(), merged.to_json());
    let tag = node.get_path(&["image", "tag"]).map(|n| n.span.start.line);
    assert_eq!(tag, Some(2));
    assert_eq!(merge_layers(&[]).to_json(), serde_json::json!({}));
}

#[test]
fn large_mappings_merge_in_place_and_keep_their_order() {
    let base: String = (0..40).map(|i| format!("k{i:02}: {i}\n")).collect();
    let top: String = (20..60).rev().map(|i| format!("k{i:02}: x{i}\n")).collect();
    let (base, top) = (load(&base, "base.yaml"), load(&top, "top.yaml"));
    let merged = merge_layers(&[
        Layer::new("base.yaml", LayerKind::ServiceDefault, &base),
        Layer::new("top.yaml", LayerKind::EnvOverlay, &top),
    ]);
    let MergedValue::Map(entries) = &merged.root.value else {
        panic!("not a map: {:?}", merged.root.value);
    };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
    let expected: Vec<String> = (0..40)
        .map(|i| format!("k{i:02}"))
        .chain((40..60).rev().map(|i| format!("k{i:02}")))
        .collect();
    assert_eq!(keys, expected);
    assert_eq!(
        merged
            .get_dotted("k05")
            .and_then(MergedNode::as_scalar)
            .map(|n| n.to_json()),
        Some(serde_json::json!(5))
    );
    let k25 = merged.get_dotted("k25").unwrap_or_else(|| panic!("k25"));
    assert_eq!(k25.as_str(), Some("x25"));
    assert_eq!(
        k25.provenance.overridden.len(),
        1,
        "base's k25 was replaced"
    );
}

// ----- properties ----------------------------------------------------------------

/// A small value tree; keys come from a tiny alphabet so layers collide.
#[derive(Debug, Clone)]
enum Tree {
    Null,
    Int(i64),
    Text(String),
    Seq(Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        Just(Tree::Null),
        (-3i64..3).prop_map(Tree::Int),
        "[xy]{0,2}".prop_map(Tree::Text),
    ];
    leaf.prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Tree::Seq),
            prop::collection::btree_map("[abcd]", inner, 0..4)
                .prop_map(|m| Tree::Map(m.into_iter().collect())),
        ]
    })
}

fn root_tree() -> impl Strategy<Value = Tree> {
    prop::collection::btree_map("[abcd]", tree(), 0..4)
        .prop_map(|m| Tree::Map(m.into_iter().collect()))
}

/// Builds a node whose every value and key has a distinct span.
fn build(tree: &Tree, next: &mut u32) -> Node {
    *next += 1;
    let pos = Pos {
        line: *next,
        column: 1,
        offset: 0,
    };
    let span = Span {
        start: pos,
        end: pos,
    };
    let (kind, style) = match tree {
        Tree::Null => (NodeKind::Null, Some(crate::ScalarStyle::Plain)),
        Tree::Int(i) => (NodeKind::Int(*i), Some(crate::ScalarStyle::Plain)),
        Tree::Text(s) => (NodeKind::String(s.clone()), Some(crate::ScalarStyle::Plain)),
        Tree::Seq(items) => (
            NodeKind::Seq(items.iter().map(|t| build(t, next)).collect()),
            None,
        ),
        Tree::Map(entries) => (
            NodeKind::Map(Mapping {
                entries: entries
                    .iter()
                    .map(|(name, t)| {
                        *next += 1;
                        let at = Pos {
                            line: *next,
                            column: 2,
                            offset: 0,
                        };
                        let key = Key {
                            name: name.clone(),
                            span: Span { start: at, end: at },
                        };
                        (key, build(t, next))
                    })
                    .collect(),
            }),
            None,
        ),
    };
    Node {
        kind,
        span,
        style,
        quirk: None,
    }
}

fn spans_of(node: &Node, values: &mut Vec<Span>, keys: &mut Vec<Span>) {
    values.push(node.span);
    match &node.kind {
        NodeKind::Seq(items) => items.iter().for_each(|n| spans_of(n, values, keys)),
        NodeKind::Map(map) => map.entries.iter().for_each(|(k, v)| {
            keys.push(k.span);
            spans_of(v, values, keys);
        }),
        _ => {}
    }
}

fn all_merged<'a>(node: &'a MergedNode, out: &mut Vec<&'a MergedNode>) {
    out.push(node);
    match &node.value {
        MergedValue::Seq(items) => items.iter().for_each(|n| all_merged(n, out)),
        MergedValue::Map(entries) => entries.iter().for_each(|(_, n)| all_merged(n, out)),
        MergedValue::Scalar(_) => {}
    }
}

fn kind_strategy() -> impl Strategy<Value = LayerKind> {
    prop::sample::select(vec![
        LayerKind::ChartDefaults,
        LayerKind::PlatformDefaults,
        LayerKind::ServiceDefault,
        LayerKind::EnvOverlay,
    ])
}

fn user_layers(nodes: &[Node]) -> Vec<Layer<'_>> {
    nodes
        .iter()
        .map(|n| Layer::new("f", LayerKind::ServiceDefault, n))
        .collect()
}

proptest! {
    #[test]
    fn merging_a_layer_with_itself_changes_nothing(a in root_tree()) {
        let node = build(&a, &mut 0);
        let once = merge_layers(&user_layers(std::slice::from_ref(&node))).to_json();
        let twice = merge_layers(&user_layers(&[node.clone(), node.clone()])).to_json();
        prop_assert_eq!(once, twice, "self-merge of {:?}", a);
    }

    #[test]
    fn merging_three_equals_merging_pairwise(a in root_tree(), b in root_tree(), c in root_tree()) {
        let mut next = 0;
        let nodes = [build(&a, &mut next), build(&b, &mut next), build(&c, &mut next)];
        let all = merge_layers(&user_layers(&nodes)).to_json();
        let ab = merge_layers(&user_layers(nodes.get(..2).unwrap_or_default())).to_node();
        let pairwise = merge_layers(&user_layers(&[ab, nodes[2].clone()])).to_json();
        prop_assert_eq!(all, pairwise, "({:?} + {:?}) + {:?}", a, b, c);
    }

    #[test]
    fn every_provenance_points_into_its_layer(
        layers in prop::collection::vec((kind_strategy(), root_tree()), 0..5)
    ) {
        let mut next = 0;
        let nodes: Vec<Node> = layers.iter().map(|(_, t)| build(t, &mut next)).collect();
        let inputs: Vec<Layer<'_>> = layers
            .iter()
            .zip(&nodes)
            .map(|((kind, _), node)| Layer::new("f", *kind, node))
            .collect();
        let merged = merge_layers(&inputs);
        let spans: Vec<(Vec<Span>, Vec<Span>)> = nodes
            .iter()
            .map(|n| {
                let (mut values, mut keys) = (Vec::new(), Vec::new());
                spans_of(n, &mut values, &mut keys);
                (values, keys)
            })
            .collect();
        let check = |origin: &Origin| -> Result<(), TestCaseError> {
            let Some((values, keys)) = spans.get(origin.layer) else {
                return Err(TestCaseError::fail(format!("layer {} out of range", origin.layer)));
            };
            prop_assert!(values.contains(&origin.span), "span {:?} not in layer {}", origin.span, origin.layer);
            if let Some(key) = origin.key_span {
                prop_assert!(keys.contains(&key), "key span {:?} not in layer {}", key, origin.layer);
            }
            prop_assert_eq!(origin.kind, inputs.get(origin.layer).map(|l| l.kind).unwrap_or(origin.kind), "kind");
            Ok(())
        };
        let mut nodes_out = Vec::new();
        all_merged(&merged.root, &mut nodes_out);
        if !inputs.is_empty() {
            for node in nodes_out {
                check(&node.provenance.origin)?;
                for origin in &node.provenance.overridden {
                    check(origin)?;
                }
            }
        }
        for deletion in &merged.deletions {
            check(&deletion.by)?;
            for origin in &deletion.removed {
                check(origin)?;
            }
        }
        for leaf in merged.leaves() {
            prop_assert!(merged.get(&leaf.path).is_some(), "leaf {} not found by path", leaf.path);
        }
    }
}

proptest! {
    #[test]
    fn a_prepared_chart_merges_like_the_whole_chain(
        chart in prop::collection::vec(root_tree(), 0..3),
        user in prop::collection::vec((kind_strategy(), root_tree()), 0..4),
    ) {
        let mut next = 0;
        let chart_nodes: Vec<Node> = chart.iter().map(|t| build(t, &mut next)).collect();
        let user_nodes: Vec<Node> = user.iter().map(|(_, t)| build(t, &mut next)).collect();
        let chart_layers: Vec<Layer<'_>> = chart_nodes
            .iter()
            .map(|n| Layer::new("chart", LayerKind::ChartDefaults, n))
            .collect();
        let user_layers: Vec<Layer<'_>> = user
            .iter()
            .zip(&user_nodes)
            .map(|((kind, _), n)| Layer::new("user", *kind, n))
            .collect();
        let all: Vec<Layer<'_>> = chart_layers.iter().chain(&user_layers).copied().collect();
        let prepared = PreparedChart::new(&chart_layers);
        prop_assert_eq!(
            merge_layers_with(&prepared, &user_layers),
            merge_layers(&all),
            "chart {:?}, values {:?}", chart, user
        );
    }
}

proptest! {
    #[test]
    fn dotted_lookups_find_what_parsed_paths_find(
        tree in root_tree(),
        path in "([abcd.]|\\[0\\]|\\[\"a\\.b\"\\]){0,6}",
    ) {
        let mut next = 0;
        let node = build(&tree, &mut next);
        let merged = merge_layers(&[Layer::new("values", LayerKind::ServiceDefault, &node)]);
        let parsed = ValuePath::parse(&path).and_then(|parsed| merged.get(&parsed));
        prop_assert_eq!(merged.get_dotted(&path), parsed, "path {:?}", path);
    }
}
