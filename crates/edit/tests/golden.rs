//! Golden cases of format-preserving `set-image` edits (`fixtures/edit/set-image/`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};

use gg_edit::{EditError, ImageRepository, ImageTag, ImageUpdate, set_image, unified_diff};
use gg_yaml::{Limits, load_documents};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/edit/set-image")
}

fn update_from_args(args: &str) -> Result<ImageUpdate, EditError> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let mut tag = None;
    let mut repository = None;
    for pair in words.chunks(2) {
        match pair {
            ["--tag", value] => tag = Some(ImageTag::new(value)?),
            ["--repository", value] => repository = Some(ImageRepository::new(value)?),
            other => panic!("bad args {other:?}"),
        }
    }
    Ok(ImageUpdate {
        tag: tag.expect("--tag"),
        repository,
    })
}

/// The first document as JSON with `image` removed (what must not change).
fn meaning_without_image(text: &str) -> serde_json::Value {
    let docs = load_documents(text, "t", &Limits::default()).unwrap();
    let mut all: Vec<serde_json::Value> = docs.iter().map(|d| d.root.to_json()).collect();
    if all.is_empty() {
        all.push(serde_json::json!({}));
    }
    if let Some(serde_json::Value::Object(first)) = all.first_mut() {
        first.remove("image");
    }
    serde_json::Value::Array(all)
}

#[test]
fn every_golden_case_holds() {
    let mut names: Vec<_> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "cases: {names:?}");
    for dir in names {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let before = fs::read_to_string(dir.join("before.yaml")).unwrap();
        let args = fs::read_to_string(dir.join("args")).unwrap();
        let result = update_from_args(&args).and_then(|u| set_image(&before, "before.yaml", &u));
        if let Ok(expected_error) = fs::read_to_string(dir.join("error.txt")) {
            let err = result.expect_err(&name).to_string();
            assert!(
                err.contains(expected_error.trim()),
                "{name}: error `{err}` lacks `{expected_error}`"
            );
            continue;
        }
        let after = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = fs::read_to_string(dir.join("after.yaml")).unwrap();
        assert_eq!(
            after,
            expected,
            "{name}:\n{}",
            unified_diff(&name, &expected, &after)
        );
        assert_eq!(
            meaning_without_image(&before),
            meaning_without_image(&after),
            "{name}: other values changed"
        );
        let docs = load_documents(&after, "after", &Limits::default()).unwrap();
        let tag = docs[0].root.get_path(&["image", "tag"]).unwrap();
        let want = args.split_whitespace().nth(1).unwrap();
        assert_eq!(
            tag.as_str(),
            Some(want),
            "{name}: the tag must read back as a string"
        );
        let diff = unified_diff(&name, &before, &after);
        for line in diff.lines().filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        }) {
            assert!(
                line.contains("tag") || line.contains("repository") || line.contains("image"),
                "{name}: unexpected changed line {line:?}"
            );
        }
    }
}

#[test]
fn editing_twice_is_stable() {
    let text = "image:\n  tag: v1\n";
    let update = ImageUpdate {
        tag: ImageTag::new("0042").unwrap(),
        repository: None,
    };
    let once = set_image(text, "t", &update).unwrap();
    assert_eq!(set_image(&once, "t", &update).unwrap(), once);
}
