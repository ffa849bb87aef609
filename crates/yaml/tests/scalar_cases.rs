//! Data-driven check of Helm's scalar reading against `tests/cases/scalars.tsv`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use gg_yaml::{Limits, load_values};

#[test]
fn scalar_table() {
    let table = include_str!("cases/scalars.tsv");
    let mut checked = 0;
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: {line:?}", n + 1);
        let (text, json, quirk, printed) = (cols[0], cols[1], cols[2], cols[3]);
        let doc = load_values(&format!("v: {text}\n"), "cases", &Limits::default())
            .unwrap_or_else(|e| panic!("line {}: {}", n + 1, e.snippet()));
        let node = doc.root.get_path(&["v"]).expect("v");
        let expected: serde_json::Value = serde_json::from_str(json).expect("json column");
        assert_eq!(node.to_json(), expected, "value of {text:?}");
        let quirk_name = node.quirk.as_ref().map(|q| {
            serde_json::to_value(q).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        });
        assert_eq!(
            quirk_name.as_deref().unwrap_or("-"),
            quirk,
            "quirk of {text:?}"
        );
        assert_eq!(
            node.helm_text().as_deref(),
            Some(printed),
            "printing of {text:?}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}
