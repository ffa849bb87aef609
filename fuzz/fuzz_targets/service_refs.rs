//! Any text scanned for in-cluster Service references, with and without
//! platform knowledge: each reference's range holds its host, ranges come in
//! order without overlapping, the Service and its namespace are labels of the
//! host, only a short name has no namespace, a bare `name.ns` needs a known
//! namespace, and a port is what follows the host after `:` (or `.:`).
#![no_main]

use gg_naming::{RefForm, ScanContext, scan_service_refs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let known = ScanContext::new()
        .with_environment("poc", "dev", None)
        .with_environment("poc", "local", Some("infra"))
        .with_namespace("vault")
        .with_services(["user-service", "api-gw"]);
    for context in [ScanContext::new(), known] {
        let mut last_end = 0;
        for found in scan_service_refs(text, &context) {
            let range = found.range.clone();
            assert!(range.start >= last_end, "{found:?} overlaps the one before");
            assert!(range.start < range.end, "{found:?} is empty");
            last_end = range.end;
            assert_eq!(text.get(range.clone()), Some(found.host.as_str()));
            assert!(
                found.host.split('.').any(|label| label == found.service),
                "{found:?}: the Service is not a label of the host"
            );
            assert_eq!(
                found.form == RefForm::Short,
                found.namespace.is_none(),
                "{found:?}"
            );
            if let Some(namespace) = &found.namespace {
                assert!(
                    found.host.split('.').any(|label| label == namespace),
                    "{found:?}: the namespace is not a label of the host"
                );
                if found.form == RefForm::Namespaced {
                    assert!(context.is_known_namespace(namespace), "{found:?}");
                }
            }
            if let Some(port) = found.port {
                // An absolute short name keeps its dot out of the host.
                let after = &text[range.end..];
                let after = after.strip_prefix('.').unwrap_or(after);
                let digits: String = after
                    .strip_prefix(':')
                    .unwrap_or_else(|| panic!("{found:?}: no `:` after the host"))
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                assert_eq!(digits.parse::<u16>().ok(), Some(port), "{found:?}");
            }
        }
    }
});
