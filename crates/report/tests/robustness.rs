//! No input makes a format panic or emit unparsable output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use gg_diagnostic::{Diagnostic, Location, Severity, Summary};
use gg_report::{Format, RenderOptions, Report, render};
use proptest::prelude::*;

fn arb_location() -> impl Strategy<Value = Location> {
    let number = prop_oneof![0u32..8, Just(u32::MAX), any::<u32>()];
    (
        prop_oneof![Just("a.yaml"), Just("./dir\\b c.yaml"), Just("/abs/ü.yaml")],
        number.clone(),
        number.clone(),
        number.clone(),
        number,
    )
        .prop_map(|(file, line, column, end_line, end_column)| {
            Location::span(file, line, column, end_line, end_column)
        })
}

fn arb_diagnostic() -> impl Strategy<Value = Diagnostic> {
    (
        arb_location(),
        "\\PC{0,40}",
        "[\\t\\n\\u{0}-\\u{1f}a-z名é]{0,20}",
        prop::collection::vec("[a-z]{1,5}", 0..3),
    )
        .prop_map(|(location, message, help, envs)| {
            Diagnostic::new("unknown-key", Severity::Warning, location.clone(), message)
                .with_help(help)
                .with_envs(envs)
                .with_related(location, "here")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn every_format_renders_any_finding(
        diagnostics in prop::collection::vec(arb_diagnostic(), 0..4),
        text in "[\\t\\r\\n\\u{0}-\\u{1f}a-z 名é\\u{301}\\u{200b}]{0,400}",
    ) {
        let sources: BTreeMap<String, String> = ["a.yaml", "./dir\\b c.yaml", "/abs/ü.yaml"]
            .into_iter()
            .map(|file| (file.to_owned(), text.clone()))
            .collect();
        let report = Report {
            diagnostics: &diagnostics,
            summary: Summary::new(&diagnostics, sources.len()),
            sources: &sources,
            rules: &[],
            tool_version: "0",
        };
        for format in Format::ALL {
            for (color, deny_warnings) in [(false, false), (true, false), (false, true)] {
                let out = render(format, &report, RenderOptions { color, deny_warnings });
                prop_assert!(out.is_ok(), "{} failed: {:?}", format, out);
            }
        }
        for format in [Format::Json, Format::Sarif, Format::CodeQuality] {
            let out = render(format, &report, RenderOptions::default()).unwrap();
            prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{} is valid JSON", format);
        }
        let xml = render(Format::Junit, &report, RenderOptions::default()).unwrap();
        prop_assert!(roxmltree::Document::parse(&xml).is_ok(), "junit is well-formed: {}", xml);
    }
}
