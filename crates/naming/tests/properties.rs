#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Properties of the name rules and the service-reference scanner.

use gg_naming::{
    NameError, NameRule, RefForm, ScanContext, find_namespace_mentions, scan_service_refs,
    validate_label, validate_subdomain,
};
use proptest::prelude::*;

const ENVS: [&str; 3] = ["dev", "staging", "prod"];

fn context() -> ScanContext {
    ENVS.iter()
        .fold(ScanContext::new(), |ctx, env| {
            ctx.with_environment("poc", env, None)
        })
        .with_services(["user-service", "api-gw"])
}

/// Strings rich in the characters the scanner cares about, plus non-ASCII.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9é中_.:/@,;=&?#%\\[\\] \n-]{0,80}",
        prop::collection::vec(
            prop_oneof![
                Just("http://".to_owned()),
                Just("a-sv".to_owned()),
                Just(".poc-dev".to_owned()),
                Just(".svc".to_owned()),
                Just(".cluster.local".to_owned()),
                Just(":8080".to_owned()),
                Just("@".to_owned()),
                Just(",".to_owned()),
                Just("/".to_owned()),
                Just(".".to_owned()),
                Just("é".to_owned()),
                Just(" ".to_owned()),
            ],
            0..16
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// One reference as written, and what the scanner must report for it.
#[derive(Debug, Clone)]
struct Written {
    text: String,
    has_path: bool,
    service: String,
    namespace: Option<String>,
    form: RefForm,
    port: Option<u16>,
}

fn label() -> impl Strategy<Value = String> {
    "[a-z]([a-z0-9-]{0,14}[a-z0-9])?"
}

fn reference() -> impl Strategy<Value = Written> {
    let host = prop_oneof![
        label().prop_map(|l| (format!("{l}-sv"), format!("{l}-sv"), None, RefForm::Short)),
        (label(), prop::sample::select(ENVS.to_vec()), any::<bool>()).prop_map(
            |(l, env, infra)| {
                let ns = if infra {
                    format!("infra-{env}")
                } else {
                    format!("poc-{env}")
                };
                (format!("{l}.{ns}"), l, Some(ns), RefForm::Namespaced)
            }
        ),
        (label(), label()).prop_map(|(l, ns)| (format!("{l}.{ns}.svc"), l, Some(ns), RefForm::Svc)),
        (label(), label(), any::<bool>()).prop_map(|(l, ns, dot)| (
            format!("{l}.{ns}.svc.cluster.local{}", if dot { "." } else { "" }),
            l,
            Some(ns),
            RefForm::ClusterLocal
        )),
    ];
    let scheme = prop::option::of(prop::sample::select(vec![
        "http://",
        "redis://:secret@",
        "mongodb://u:p@",
        "jdbc:postgresql://",
        "amqp://guest:guest@",
    ]));
    (host, scheme, prop::option::of(1u16..), any::<bool>()).prop_map(
        |((host, service, namespace, form), scheme, port, path)| {
            let port_text = port.map(|p| format!(":{p}")).unwrap_or_default();
            let path_text = if path { "/db?x=1" } else { "" };
            Written {
                text: format!("{}{host}{port_text}{path_text}", scheme.unwrap_or_default()),
                has_path: path,
                service,
                namespace,
                form,
                port,
            }
        },
    )
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![" ", ",", ";", "\n", ", ", " ; ", "\t"])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn scanner_never_panics_and_ranges_slice_back(input in tricky_string()) {
        let ctx = context();
        for found in scan_service_refs(&input, &ctx) {
            prop_assert!(
                input.is_char_boundary(found.range.start) && input.is_char_boundary(found.range.end),
                "range {:?} is not on char boundaries of {:?}", found.range, input
            );
            prop_assert_eq!(input.get(found.range.clone()), Some(found.host.as_str()),
                "range does not slice back to the host in {:?}", input);
            prop_assert!(found.host.contains(found.service.as_str()),
                "service {:?} not in host {:?}", found.service, found.host);
        }
        for mention in find_namespace_mentions(&input, &ctx) {
            prop_assert_eq!(input.get(mention.range.clone()), Some(mention.namespace.as_str()),
                "namespace mention range is wrong in {:?}", input);
        }
    }

    #[test]
    fn scanning_is_stable(input in tricky_string()) {
        let ctx = context();
        prop_assert_eq!(scan_service_refs(&input, &ctx), scan_service_refs(&input, &ctx),
            "two scans of {:?} differ", input);
    }

    #[test]
    fn joined_references_are_all_found(
        items in prop::collection::vec((reference(), separator()), 1..6)
    ) {
        let mut input = String::new();
        for (index, (written, sep)) in items.iter().enumerate() {
            if index > 0 {
                let (previous, _) = &items[index - 1];
                // A comma after a path continues that path's query; use a space instead.
                input.push_str(if previous.has_path && sep.contains(',') { " " } else { sep });
            }
            input.push_str(&written.text);
        }
        let found = scan_service_refs(&input, &context());
        let actual: Vec<_> = found
            .iter()
            .map(|r| (r.service.clone(), r.namespace.clone(), r.form, r.port))
            .collect();
        let expected: Vec<_> = items
            .iter()
            .map(|(w, _)| (w.service.clone(), w.namespace.clone(), w.form, w.port))
            .collect();
        prop_assert_eq!(actual, expected, "in {:?}", input);
    }

    #[test]
    fn valid_labels_pass(name in "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?") {
        prop_assert!(validate_label(&name).is_ok(), "{:?} rejected", name);
        prop_assert!(validate_subdomain(&format!("{name}.{name}")).is_ok(), "{:?} rejected", name);
    }

    #[test]
    fn invalid_character_is_located(
        name in "[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?",
        bad in prop::sample::select(vec!['_', '.', ' ', 'é', '/', ':', '中']),
        at in any::<prop::sample::Index>(),
    ) {
        let chars: Vec<char> = name.chars().collect();
        let position = at.index(chars.len() + 1);
        let mut broken: String = chars[..position].iter().collect();
        broken.push(bad);
        broken.extend(&chars[position..]);
        match validate_label(&broken) {
            Err(NameError::InvalidCharacter { character, position: reported, .. }) => {
                prop_assert_eq!(character, bad, "wrong character for {:?}", broken);
                prop_assert_eq!(reported, position + 1, "wrong position for {:?}", broken);
            }
            other => prop_assert!(false, "{:?} gave {:?}", broken, other),
        }
    }

    #[test]
    fn label_values_of_kubernetes_grammar_pass(
        value in "(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?",
    ) {
        prop_assert!(NameRule::LabelValue.check(&value).is_ok(), "{:?} rejected", value);
    }

    #[test]
    fn label_values_over_63_are_too_long(value in "[A-Za-z0-9][-A-Za-z0-9_.]{62,90}[A-Za-z0-9]") {
        match NameRule::LabelValue.check(&value) {
            Err(NameError::TooLong { length, limit: 63, .. }) => prop_assert_eq!(length, value.len()),
            other => prop_assert!(false, "{:?} gave {:?}", value, other),
        }
    }

    #[test]
    fn label_values_start_and_end_with_a_letter_or_digit(
        inner in "[-A-Za-z0-9_.]{0,20}",
        edge in prop::sample::select(vec!['-', '_', '.']),
        at_start in any::<bool>(),
    ) {
        let value = if at_start { format!("{edge}{inner}a") } else { format!("a{inner}{edge}") };
        let result = NameRule::LabelValue.check(&value);
        let located = matches!(
            (&result, at_start),
            (Err(NameError::BadStart { position: 1, .. }), true)
                | (Err(NameError::BadEnd { .. }), false)
        );
        prop_assert!(located, "{:?} gave {:?}", value, result);
    }
}
