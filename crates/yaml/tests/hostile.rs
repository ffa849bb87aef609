//! Hostile inputs end in a clear error, fast, and never panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![allow(clippy::print_stdout)]

use std::time::{Duration, Instant};

use gg_yaml::{ErrorKind, Limits, load_bytes, load_documents, load_values};
use proptest::prelude::*;

/// Generous bound so a loaded CI machine does not flake; the figures printed
/// are what matters.
const BOUND: Duration = Duration::from_secs(5);

fn expect_error(name: &str, bytes: &[u8], kind: ErrorKind) {
    let started = Instant::now();
    let result = load_bytes(bytes, "hostile.yaml", &Limits::default());
    let took = started.elapsed();
    println!(
        "{name}: {} bytes -> {:?} in {took:?}",
        bytes.len(),
        result.as_ref().err().map(|e| e.kind)
    );
    let error = result.expect_err(name);
    assert_eq!(error.kind, kind, "{name}: {}", error.snippet());
    assert!(took < BOUND, "{name} took {took:?}");
}

#[test]
fn billion_laughs() {
    let mut text = String::from("lol0: &lol0 \"lol\"\n");
    for i in 1..=9 {
        let refs = vec![format!("*lol{}", i - 1); 10].join(", ");
        text.push_str(&format!("lol{i}: &lol{i} [{refs}]\n"));
    }
    expect_error("billion laughs", text.as_bytes(), ErrorKind::AliasLimit);
}

#[test]
fn merge_key_bomb() {
    let mut text = String::from("m0: &m0 {a: 1, b: 2, c: 3, d: 4}\n");
    for i in 1..=12 {
        let p = i - 1;
        text.push_str(&format!(
            "m{i}: &m{i} {{x: *m{p}, y: *m{p}, z: *m{p}, <<: *m{p}}}\n"
        ));
    }
    expect_error("merge bomb", text.as_bytes(), ErrorKind::AliasLimit);
}

#[test]
fn hundred_levels_of_nesting() {
    let flow = format!("a: {}1{}\n", "[".repeat(100), "]".repeat(100));
    expect_error("100 flow levels", flow.as_bytes(), ErrorKind::TooDeep);
    let mut block = String::new();
    for level in 0..100 {
        block.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
    }
    expect_error("100 block levels", block.as_bytes(), ErrorKind::TooDeep);
    let unclosed = "[".repeat(1_000_000);
    expect_error(
        "a million open brackets",
        unclosed.as_bytes(),
        ErrorKind::TooDeep,
    );
}

#[test]
fn fifty_megabytes_are_rejected_before_parsing() {
    let big = vec![b'a'; 50 * 1024 * 1024];
    let started = Instant::now();
    let error = load_bytes(&big, "big.yaml", &Limits::default()).expect_err("too large");
    let took = started.elapsed();
    println!("50 MB: {:?} in {took:?}", error.kind);
    assert_eq!(error.kind, ErrorKind::TooLarge);
    assert!(took < Duration::from_millis(50), "size check took {took:?}");
}

#[test]
fn a_full_size_ordinary_file_loads_in_time() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 3 * 1024 * 1024 {
        text.push_str(&format!("key{i}:\n  name: \"value {i}\"\n  port: {i}\n"));
        i += 1;
    }
    let started = Instant::now();
    let doc = load_values(&text, "big.yaml", &Limits::default()).expect("loads");
    let took = started.elapsed();
    println!("{} bytes, {i} entries loaded in {took:?}", text.len());
    assert_eq!(doc.root.as_map().map(|m| m.entries.len()), Some(i));
    assert!(took < BOUND * 4, "took {took:?}");
}

#[test]
fn binary_garbage() {
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let started = Instant::now();
    let error = load_bytes(&garbage, "garbage.bin", &Limits::default()).expect_err("garbage");
    println!(
        "garbage: {:?} at {}:{} in {:?}",
        error.kind,
        error.line(),
        error.column(),
        started.elapsed()
    );
    assert!(matches!(
        error.kind,
        ErrorKind::InvalidUtf8 | ErrorKind::ControlCharacter
    ));
    expect_error("NUL byte", b"a: 1\nb: \0\n", ErrorKind::ControlCharacter);
    expect_error("escape char", b"a: \x1b[31m\n", ErrorKind::ControlCharacter);
    expect_error("latin-1", b"name: caf\xe9\n", ErrorKind::InvalidUtf8);
}

/// Text built from YAML's structural characters, to reach deep parser paths.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "b",
        ":",
        ": ",
        " ",
        "  ",
        "\n",
        "- ",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "?",
        "&x ",
        "*x",
        "&y ",
        "*y",
        "<<: ",
        "!!str ",
        "!!int ",
        "\"",
        "'",
        "|",
        ">",
        "#",
        "---\n",
        "...\n",
        "{{",
        "}}",
        "0755",
        "yes",
        "~",
        "\t",
        "é",
        "%YAML 1.2\n",
        "!",
        "@",
        "`",
        "\\",
        "1e3",
        ".5",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let started = Instant::now();
        let result = load_bytes(&bytes, "fuzz", &Limits::default());
        prop_assert!(started.elapsed() < BOUND, "slow on {:?}", bytes);
        if let Err(error) = result {
            prop_assert!(error.line() >= 1 && error.column() >= 1, "position {:?}", error.pos);
            prop_assert!(!error.snippet().is_empty(), "empty snippet");
        }
    }

    #[test]
    fn yamlish_text_never_panics(text in yamlish()) {
        let started = Instant::now();
        let values = load_values(&text, "fuzz", &Limits::default());
        let documents = load_documents(&text, "fuzz", &Limits::default());
        prop_assert!(started.elapsed() < BOUND, "slow on {:?}", text);
        if let Ok(doc) = values {
            prop_assert!(doc.root.as_map().is_some(), "values root must be a mapping: {:?}", text);
            let _ = doc.root.to_json();
        }
        if let Err(error) = documents {
            prop_assert!(error.pos.offset <= text.len(), "offset past the end: {:?}", error.pos);
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let _ = load_values(&text, "fuzz", &Limits::default());
        let _ = gg_yaml::find_placeholders(&text);
    }
}
