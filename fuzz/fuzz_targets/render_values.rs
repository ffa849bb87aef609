//! Any values files (a service default and an overlay, split at `0xFF`
//! bytes) rendered with a k8app release picked by the first byte: rendering
//! never panics; every object has a kind and a template; every value
//! source in a values file names a line of it; and each object printed as
//! YAML reads back as the same object.
#![no_main]

use gg_fuzz::{assert_yaml_line_column_in, split_texts};
use gg_k8app::ChartVersion;
use gg_render::{RenderContext, ValuesFile, render_values_files, to_yaml};
use gg_yaml::{Limits, load_documents};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 2] = ["svc/.cicd/default.yaml", "svc/.cicd/dev.yaml"];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let releases: Vec<ChartVersion> = ChartVersion::releases().collect();
    let chart = releases[usize::from(*first) % releases.len()];
    let texts = split_texts(rest, NAMES.len());
    let files: Vec<ValuesFile<'_>> = texts
        .iter()
        .zip(NAMES)
        .map(|(text, name)| ValuesFile { name, text })
        .collect();
    let ctx = RenderContext::new("svc", "dev", "poc-dev", chart);
    let Ok(objects) = render_values_files(&files, &ctx) else {
        return;
    };
    for object in &objects {
        assert!(
            !object.kind.is_empty() && !object.source.is_empty(),
            "{object:?}"
        );
        for source in &object.values {
            if let Some(file) = files.iter().find(|file| file.name == source.file) {
                assert_yaml_line_column_in(file.text, source.line, source.column, &source.path);
            }
        }
        let yaml = to_yaml(&object.object);
        let read = load_documents(&yaml, "object.yaml", &Limits::helm())
            .unwrap_or_else(|e| panic!("printed object does not load: {e}\n{yaml}"));
        let read = read.first().map(|doc| doc.root.to_json());
        assert_eq!(read.as_ref(), Some(&object.object), "{yaml}");
    }
});
