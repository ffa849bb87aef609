//! `set-image` on any values text (tag and repository after `0xFF` bytes):
//! the edit is either refused, or its result loads, holds the new tag (and
//! repository), and reads exactly as the input everywhere else — in every
//! document of the file.
#![no_main]

use gg_edit::{ImageRepository, ImageTag, ImageUpdate, set_image};
use gg_fuzz::split_texts;
use gg_yaml::{Limits, load_documents};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The document as JSON without the `edited` keys under `image` (and without
/// `image` when nothing else is under it); an empty document as `{}`.
fn without_image(document: Option<Value>, edited: &[&str]) -> Value {
    let mut value = match document {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(value) => value,
    };
    if let Some(root) = value.as_object_mut() {
        if let Some(Value::Object(image)) = root.get_mut("image") {
            edited.iter().for_each(|key| {
                image.remove(*key);
            });
        }
        if matches!(root.get("image"), Some(Value::Null))
            || root
                .get("image")
                .and_then(Value::as_object)
                .is_some_and(|image| image.is_empty())
        {
            root.remove("image");
        }
    }
    value
}

fuzz_target!(|data: &[u8]| {
    let parts = split_texts(data, 3);
    let Some(text) = parts.first().copied() else {
        return;
    };
    let tag = parts
        .get(1)
        .and_then(|tag| ImageTag::new(tag).ok())
        .unwrap_or_else(|| ImageTag::new("1.2.3").expect("a valid tag"));
    let repository = parts
        .get(2)
        .and_then(|repo| ImageRepository::new(repo).ok());
    let update = ImageUpdate {
        tag: tag.clone(),
        repository: repository.clone(),
    };
    let Ok(edited) = set_image(text, "dev.yaml", &update) else {
        return;
    };
    let limits = Limits::default();
    let before = load_documents(text, "dev.yaml", &limits).expect("an edited input loads");
    let after = load_documents(&edited, "dev.yaml", &limits)
        .unwrap_or_else(|e| panic!("the edit does not load: {e}\n{edited}"));
    assert_eq!(
        before.len().max(1),
        after.len().max(1),
        "documents:\n{edited}"
    );
    let first = after.first().expect("an edited file has a document");
    let image = |key: &str| {
        first
            .root
            .get_path(&["image", key])
            .and_then(|n| n.as_str())
    };
    assert_eq!(image("tag"), Some(tag.as_str()), "{edited}");
    if let Some(repository) = &repository {
        assert_eq!(image("repository"), Some(repository.as_str()), "{edited}");
    }
    let json = |docs: &[gg_yaml::Document], i: usize| docs.get(i).map(|d| d.root.to_json());
    let edited_keys: &[&str] = if repository.is_some() {
        &["tag", "repository"]
    } else {
        &["tag"]
    };
    assert_eq!(
        without_image(json(&before, 0), edited_keys),
        without_image(json(&after, 0), edited_keys),
        "the edit changed more than the image:\n{edited}"
    );
    for i in 1..after.len() {
        assert_eq!(json(&before, i), json(&after, i), "document {i} changed");
    }
});
