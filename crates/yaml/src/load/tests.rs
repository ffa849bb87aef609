use super::*;
use crate::node::ScalarQuirk;

fn values(text: &str) -> Document {
    load_values(text, "values.yaml", &Limits::default())
        .unwrap_or_else(|e| panic!("{}", e.snippet()))
}

fn error(text: &str) -> YamlError {
    match load_values(text, "values.yaml", &Limits::default()) {
        Ok(doc) => panic!("expected an error, got {:?}", doc.root.to_json()),
        Err(e) => e,
    }
}

fn at(doc: &Document, path: &[&str]) -> Node {
    doc.root
        .get_path(path)
        .cloned()
        .unwrap_or_else(|| panic!("no {path:?}"))
}

fn pos(line: u32, column: u32) -> (u32, u32) {
    (line, column)
}

fn line_col(p: Pos) -> (u32, u32) {
    (p.line, p.column)
}

#[test]
fn spans_of_keys_and_values_are_one_based_characters() {
    let doc = values("appName: svc\nimage:\n  repository: \"ré/x\"\n  tag: é-1\n");
    let map = doc.root.as_map().unwrap_or_else(|| panic!("mapping"));
    let (key, value) = map.entry("appName").unwrap_or_else(|| panic!("appName"));
    assert_eq!(line_col(key.span.start), pos(1, 1));
    assert_eq!(line_col(value.span.start), pos(1, 10));
    assert_eq!(line_col(value.span.end), pos(1, 13));
    let repo = at(&doc, &["image", "repository"]);
    assert_eq!(line_col(repo.span.start), pos(3, 15));
    assert_eq!(repo.style, Some(ScalarStyle::DoubleQuoted));
    let tag = at(&doc, &["image", "tag"]);
    assert_eq!(line_col(tag.span.start), pos(4, 8));
    // Byte offsets stay byte offsets even after multi-byte characters.
    let text = "appName: svc\nimage:\n  repository: \"ré/x\"\n  tag: é-1\n";
    assert_eq!(
        text.get(tag.span.start.offset..tag.span.end.offset),
        Some("é-1")
    );
    let image = at(&doc, &["image"]);
    assert_eq!(line_col(image.span.start), pos(3, 3));
    assert_eq!(line_col(image.span.end), pos(4, 11));
}

#[test]
fn spans_skip_anchors_and_tags() {
    let doc = values("a: &x 5\nb: !!str 7\nc: &m\n  k: v\n");
    assert_eq!(line_col(at(&doc, &["a"]).span.start), pos(1, 7));
    assert_eq!(line_col(at(&doc, &["b"]).span.start), pos(2, 10));
    assert_eq!(at(&doc, &["b"]).kind, NodeKind::String("7".into()));
    assert_eq!(line_col(at(&doc, &["c"]).span.start), pos(4, 3));
}

#[test]
fn flow_collections_end_at_the_closing_bracket() {
    let doc = values("ports: {http: 80, grpc: [1, 2]}\n");
    let ports = at(&doc, &["ports"]);
    assert_eq!(line_col(ports.span.start), pos(1, 8));
    assert_eq!(line_col(ports.span.end), pos(1, 32));
    let grpc = at(&doc, &["ports", "grpc"]);
    assert_eq!(line_col(grpc.span.start), pos(1, 25));
}

#[test]
fn helm_scalar_reading() {
    let doc = values(
        "a: yes\nb: 0755\nc: 0x1F\nd: 2150123\ne: \"2150123\"\nf: ~\ng:\nh: 1.10\ni: 9007199254740993\nj: Off\n",
    );
    assert_eq!(at(&doc, &["a"]).quirk, Some(ScalarQuirk::Yaml11Bool));
    assert_eq!(at(&doc, &["b"]).kind, NodeKind::Int(493));
    assert_eq!(at(&doc, &["c"]).quirk, Some(ScalarQuirk::Hex));
    assert_eq!(
        at(&doc, &["d"]).helm_text().as_deref(),
        Some("2.150123e+06")
    );
    assert_eq!(at(&doc, &["e"]).kind, NodeKind::String("2150123".into()));
    assert!(at(&doc, &["f"]).is_null());
    assert!(at(&doc, &["g"]).is_null());
    assert_eq!(
        at(&doc, &["h"]).quirk,
        Some(ScalarQuirk::NumberFromString {
            rendered: "1.1".into()
        })
    );
    assert_eq!(at(&doc, &["i"]).quirk, Some(ScalarQuirk::PrecisionLoss));
    assert_eq!(at(&doc, &["j"]).kind, NodeKind::Bool(false));
    let json = doc.root.to_json();
    assert_eq!(json.get("b"), Some(&serde_json::json!(493)));
    assert_eq!(json.get("h"), Some(&serde_json::json!(1.1)));
    assert_eq!(
        json.get("i"),
        Some(&serde_json::json!(9_007_199_254_740_992_i64))
    );
}

#[test]
fn empty_and_null_files_are_empty_mappings() {
    for text in ["", "# only a comment\n", "~\n", "---\n", "null"] {
        let doc = values(text);
        assert_eq!(doc.root.to_json(), serde_json::json!({}), "{text:?}");
    }
}

#[test]
fn non_mapping_top_level_is_an_error() {
    for text in ["- a\n- b\n", "just text\n", "5\n"] {
        let e = error(text);
        assert_eq!(e.kind, ErrorKind::NotAMapping, "{text:?}");
        assert!(
            e.message.starts_with("values file must be a mapping"),
            "{}",
            e.message
        );
    }
}

#[test]
fn only_the_first_document_counts() {
    let doc = values("a: 1\n---\nb: 2\n---\nc: [\n");
    assert_eq!(doc.root.to_json(), serde_json::json!({"a": 1}));
    let note = doc.notes.first().unwrap_or_else(|| panic!("a note"));
    assert_eq!(note.kind, NoteKind::IgnoredDocuments);
    assert_eq!(note.span.start.line, 2);
    let all = load_documents("a: 1\n---\n- x\n---\n", "m.yaml", &Limits::default());
    let roots: Vec<_> = all
        .unwrap_or_default()
        .iter()
        .map(|d| d.root.to_json())
        .collect();
    assert_eq!(
        roots,
        vec![
            serde_json::json!({"a": 1}),
            serde_json::json!(["x"]),
            serde_json::Value::Null
        ]
    );
}

#[test]
fn duplicate_keys_name_the_first_line() {
    let e = error("image:\n  tag: a\nappName: x\nimage: {}\n");
    assert_eq!(e.kind, ErrorKind::DuplicateKey);
    assert_eq!((e.line(), e.column()), (4, 1));
    assert_eq!(e.message, "duplicate key `image` (first defined on line 1)");
    // Keys Helm turns into the same string are duplicates too.
    assert_eq!(error("1: a\n\"1\": b\n").kind, ErrorKind::DuplicateKey);
    let snippet = e.snippet();
    assert!(snippet.contains("4 | image: {}\n  | ^"), "{snippet}");
}

#[test]
fn helm_reads_the_last_of_duplicate_keys() {
    let doc = load_values(
        "image:\n  tag: a\nappName: x\nimage: {b: 1}\n",
        "v",
        &Limits::helm(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        doc.root.to_json(),
        serde_json::json!({"image": {"b": 1}, "appName": "x"})
    );
}

#[test]
fn unrendered_placeholders_point_at_the_braces() {
    let e = error("appName: {{SERVICE_NAME}}\nversion: 1\n");
    assert_eq!(e.kind, ErrorKind::Placeholder);
    assert_eq!((e.line(), e.column()), (1, 10));
    assert!(
        e.message
            .starts_with("unrendered template placeholder `{{SERVICE_NAME}}`"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("render it first or quote the value"),
        "{}",
        e.message
    );
    let e = error("image:\n  tag: {{TAG}}-x\n");
    assert_eq!(
        (e.kind, e.line(), e.column()),
        (ErrorKind::Placeholder, 2, 8)
    );
    let e = error("{{KEY}}: x\n");
    assert_eq!(
        (e.kind, e.line(), e.column()),
        (ErrorKind::Placeholder, 1, 1)
    );
    // Quoted placeholders are ordinary strings.
    let doc = values("appName: \"{{SERVICE_NAME}}\"\n");
    assert_eq!(at(&doc, &["appName"]).as_str(), Some("{{SERVICE_NAME}}"));
}

#[test]
fn collection_keys_without_placeholder() {
    let e = error("? [a, b]\n: x\n");
    assert_eq!(e.kind, ErrorKind::InvalidKey);
    assert_eq!(error("~: x\n").kind, ErrorKind::InvalidKey);
}

#[test]
fn scalar_keys_become_strings_like_helm() {
    let doc = values("1: a\nyes: b\n1.5: c\n0755: d\n");
    let keys: Vec<_> = doc
        .root
        .as_map()
        .map(|m| m.entries.iter().map(|(k, _)| k.name.clone()).collect())
        .unwrap_or_default();
    assert_eq!(keys, vec!["1", "true", "1.5", "493"]);
    let converted: Vec<_> = doc
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::ConvertedKey)
        .collect();
    assert_eq!(converted.len(), 2, "{converted:?}");
    // `y` is a YAML 1.1 boolean too: Helm sees the key `true`.
    assert_eq!(
        values("y: 1\n").root.to_json(),
        serde_json::json!({"true": 1})
    );
}

#[test]
fn anchors_aliases_and_merge_keys_like_go_yaml_v2() {
    let doc = values(
        "base: &b {a: 1, b: 2}\np:\n  <<: *b\n  b: 3\nq:\n  b: 3\n  <<: *b\nr:\n  <<: [{a: 9}, *b]\nlist: [*b]\n",
    );
    assert_eq!(
        at(&doc, &["p"]).to_json(),
        serde_json::json!({"a": 1, "b": 3})
    );
    // go-yaml v2 applies the merge where it stands: it overwrites `b` written before.
    assert_eq!(
        at(&doc, &["q"]).to_json(),
        serde_json::json!({"b": 2, "a": 1})
    );
    // In a sequence of merges the earlier mapping wins.
    assert_eq!(at(&doc, &["r", "a"]).kind, NodeKind::Int(9));
    assert_eq!(
        at(&doc, &["list"]).to_json(),
        serde_json::json!([{"a": 1, "b": 2}])
    );
    // Aliased nodes keep the spans of their anchor.
    assert_eq!(at(&doc, &["p", "a"]).span.start.line, 1);
    assert_eq!(error("a: 1\nb:\n  <<: 5\n").kind, ErrorKind::InvalidMerge);
    assert_eq!(
        values("a:\n  \"<<\": 5\n").root.to_json(),
        serde_json::json!({"a": {"<<": 5}})
    );
}

#[test]
fn tag_mismatch_and_non_json_numbers() {
    let e = error("a: !!int abc\n");
    assert_eq!(
        (e.kind, e.line(), e.column()),
        (ErrorKind::TagMismatch, 1, 10)
    );
    assert_eq!(error("a: .inf\n").kind, ErrorKind::NotJson);
}

#[test]
fn syntax_errors_carry_position_and_snippet() {
    let e = error("a: [1, 2\nb: 3\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.message.starts_with("YAML syntax error"), "{}", e.message);
    let e = error("a: 1\n b: 2\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(e.line(), 2);
}

#[test]
fn bytes_are_checked_before_parsing() {
    let e = load_bytes(b"a: 1\nb: \xff\xfe\n", "v.yaml", &Limits::default());
    let e = e.err().unwrap_or_else(|| panic!("error"));
    assert_eq!(
        (e.kind, e.line(), e.column()),
        (ErrorKind::InvalidUtf8, 2, 4)
    );
    let e = load_bytes(b"a: 1\nb: x\x00y\n", "v.yaml", &Limits::default());
    let e = e.err().unwrap_or_else(|| panic!("error"));
    assert_eq!(
        (e.kind, e.line(), e.column()),
        (ErrorKind::ControlCharacter, 2, 5)
    );
    let tiny = Limits {
        max_bytes: 4,
        ..Limits::default()
    };
    let e = load_bytes(b"a: 12\n", "v.yaml", &tiny)
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::TooLarge));
    let doc = load_bytes(
        "\u{feff}a: é\r\nb: 2\r\n".as_bytes(),
        "v.yaml",
        &Limits::default(),
    );
    let doc = doc.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(at(&doc, &["b"]).span.start.line, 2);
}

#[test]
fn limits_stop_deep_nesting_and_alias_bombs() {
    let deep = format!("a: {}{}\n", "[".repeat(100), "]".repeat(100));
    assert_eq!(error(&deep).kind, ErrorKind::TooDeep);
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
    }
    assert_eq!(error(&bomb).kind, ErrorKind::AliasLimit);
    let few = Limits {
        max_aliases: 2,
        ..Limits::default()
    };
    let e = load_values("a: &a 1\nb: [*a, *a, *a]\n", "v", &few)
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::AliasLimit));
    let small = Limits {
        max_nodes: 10,
        ..Limits::default()
    };
    let e = load_values("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", "v", &small)
        .err()
        .map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::TooManyNodes));
}

#[test]
fn a_tab_is_reported_where_it_is_not_where_the_scalar_before_it_started() {
    let err = error(
        "environment: dev\n\nimage:\n  repository: registry.example/shop/orders\n \ttag: \"b7d2f0a9\"\n",
    );
    assert_eq!((err.pos.line, err.pos.column), (5, 2), "{err}");
    assert!(err.message.contains("a tab character"), "{err}");
}

#[test]
fn a_syntax_error_at_the_end_of_the_text_is_on_its_last_line() {
    // Found by fuzzing: the parser put this error on line 4, column 1 of a
    // three-line text, at byte offset 22 (line 3, column 6).
    let err = error("image:\n  repoa:\r\nsitor");
    assert_eq!(err.kind, ErrorKind::Syntax, "{err}");
    assert_eq!(
        (err.pos.line, err.pos.column, err.pos.offset),
        (3, 6, 22),
        "{err}"
    );
    assert!(err.snippet().contains("sitor"), "{}", err.snippet());
}

#[test]
fn a_node_ending_the_text_ends_on_its_last_line() {
    // Found by fuzzing: the span of the null value of an explicit key at the
    // end of the text ended on line 2, column 1 of a one-line text.
    let doc = values("?  im\"\"");
    let (key, value) = doc
        .root
        .as_map()
        .and_then(|map| map.entries.first())
        .expect("one entry");
    assert_eq!(key.name, "im\"\"");
    assert_eq!(
        (
            value.span.end.line,
            value.span.end.column,
            value.span.end.offset
        ),
        (1, 8, 7)
    );
}
