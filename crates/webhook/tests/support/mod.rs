//! Shared by the webhook tests: the example platform and AdmissionReview fixtures.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use gg_platform::{LoadOptions, MemoryFiles, Platform, load_platform};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Acme Shop example platform (namespaces `shop-{dev,staging,prod}`).
pub(crate) fn platform() -> Platform {
    let dir = root().join("fixtures/example/gitops-config");
    let mut files = MemoryFiles::new();
    for file in [
        "platform/base.yaml",
        "platform/core.yaml",
        "shared/k8app-defaults.yaml",
    ] {
        files.insert(format!("p/{file}"), std::fs::read(dir.join(file)).unwrap());
    }
    let options = LoadOptions {
        platform_dir: Some("p".to_owned()),
        ..LoadOptions::default()
    };
    load_platform(&files, &[], &options)
}

/// Every AdmissionReview fixture: (name, body, parsed JSON).
pub(crate) fn fixtures() -> Vec<(String, Vec<u8>, serde_json::Value)> {
    let dir = root().join("fixtures/admission");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let json = serde_json::from_slice(&bytes).unwrap();
            (
                path.file_stem().unwrap().to_string_lossy().into_owned(),
                bytes,
                json,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// One fixture's body.
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join(format!("fixtures/admission/{name}.json"))).unwrap()
}

/// A review of a ConfigMap of about `bytes` bytes (plain settings, no
/// finding), for the tests of large reviews.
pub(crate) fn large_review(bytes: usize) -> Vec<u8> {
    let mut review: serde_json::Value =
        serde_json::from_slice(&fixture("denied-configmap")).unwrap();
    let entries = bytes / 512 + 1;
    let data: serde_json::Map<String, serde_json::Value> = (0..entries)
        .map(|i| (format!("SETTING_{i}"), "x".repeat(500).into()))
        .collect();
    review["request"]["object"]["data"] = data.into();
    serde_json::to_vec(&review).unwrap()
}
