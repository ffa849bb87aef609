//! Canonical, stable printing of a [`Policy`] as HCL.

use std::fmt::Write as _;

use crate::policy::model::{ObjectItem, PathRule, Policy, Value};

/// Prints `policy` canonically: `name` first, then one `path` block per rule in
/// order, `capabilities` first, `policy` next, other keys as written; two-space
/// indentation, one blank line between blocks, a final newline.
/// `parse_policy(&print_policy(p)) == Ok(p)` for every policy.
pub fn print_policy(policy: &Policy) -> String {
    let mut out = String::new();
    if let Some(name) = &policy.name {
        let _ = writeln!(out, "name = {}", quote(&name.value));
    }
    for (index, rule) in policy.rules.iter().enumerate() {
        if index > 0 || policy.name.is_some() {
            out.push('\n');
        }
        print_rule(&mut out, rule);
    }
    out
}

fn print_rule(out: &mut String, rule: &PathRule) {
    let _ = writeln!(out, "path {} {{", quote(&rule.path.value));
    let words: Vec<String> = rule
        .capabilities
        .iter()
        .map(|c| quote(c.value.as_str()))
        .collect();
    let _ = writeln!(out, "  capabilities = [{}]", words.join(", "));
    if let Some(policy) = &rule.policy {
        let _ = writeln!(out, "  policy = {}", quote(policy.value.as_str()));
    }
    for attribute in &rule.attributes {
        print_item(
            out,
            1,
            std::slice::from_ref(&attribute.key.value),
            &attribute.value.value,
            true,
        );
    }
    out.push_str("}\n");
}

fn print_item(out: &mut String, depth: usize, keys: &[String], value: &Value, bare_key: bool) {
    indent(out, depth);
    for (index, key) in keys.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        if index == 0 && bare_key {
            out.push_str(key);
        } else {
            out.push_str(&quote(key));
        }
    }
    match value {
        Value::Object(items) if keys.len() > 1 => {
            out.push(' ');
            print_object(out, depth, items);
        }
        _ => {
            out.push_str(" = ");
            print_value(out, depth, value);
        }
    }
    out.push('\n');
}

fn print_object(out: &mut String, depth: usize, items: &[ObjectItem]) {
    if items.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{\n");
    for item in items {
        print_item(
            out,
            depth.saturating_add(1),
            &item.keys,
            &item.value.value,
            false,
        );
    }
    indent(out, depth);
    out.push('}');
}

fn print_value(out: &mut String, depth: usize, value: &Value) {
    match value {
        Value::String(text) => out.push_str(&quote(text)),
        Value::Number(text) => out.push_str(text),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::List(elements) => {
            out.push('[');
            for (index, element) in elements.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                print_value(out, depth, &element.value);
            }
            out.push(']');
        }
        Value::Object(items) => print_object(out, depth, items),
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// Quotes `text` as an HCL string, escaping what the lexer would not read back.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(2));
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::capability::Capability;
    use crate::policy::model::{Attribute, KNOWN_PATH_KEYS, Located, OldPolicy};
    use crate::policy::parse_policy;

    #[test]
    fn prints_canonically() {
        let policy = parse_policy("name=\"n\" path \"a/*\"{capabilities=[\"read\",\"list\"] min_wrapping_ttl = 1 allowed_parameters = {k = [\"v\"]}}").unwrap();
        assert_eq!(
            print_policy(&policy),
            "name = \"n\"\n\npath \"a/*\" {\n  capabilities = [\"read\", \"list\"]\n  min_wrapping_ttl = 1\n  allowed_parameters = {\n    \"k\" = [\"v\"]\n  }\n}\n"
        );
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9/+*_.-]{0,12}",
            any::<String>(),
            Just("a\"b\\c\n\t\u{1}é".to_owned()),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            text().prop_map(Value::String),
            "-?[0-9]{1,4}(\\.[0-9]{1,2})?([eE][+-]?[0-9]{1,2})?".prop_map(Value::Number),
            any::<bool>().prop_map(Value::Bool),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone().prop_map(Located::synthetic), 0..4)
                    .prop_map(Value::List),
                prop::collection::vec(
                    (prop::collection::vec(text(), 1..3), inner).prop_map(|(keys, v)| ObjectItem {
                        keys,
                        value: Located::synthetic(v)
                    }),
                    0..3
                )
                .prop_map(Value::Object),
            ]
        })
    }

    fn rule() -> impl Strategy<Value = PathRule> {
        let capabilities = prop::collection::vec(
            prop::sample::select(Capability::ALL.to_vec()).prop_map(Located::synthetic),
            0..4,
        );
        let old = prop::option::of(
            prop::sample::select(vec![
                OldPolicy::Deny,
                OldPolicy::Read,
                OldPolicy::Write,
                OldPolicy::Sudo,
            ])
            .prop_map(Located::synthetic),
        );
        let attributes = prop::collection::vec(
            (prop::sample::select(KNOWN_PATH_KEYS.to_vec()), value()).prop_map(|(k, v)| {
                Attribute {
                    key: Located::synthetic(k.to_owned()),
                    value: Located::synthetic(v),
                }
            }),
            0..3,
        )
        .prop_map(|mut attributes: Vec<Attribute>| {
            let mut seen = Vec::new();
            attributes.retain(|a| {
                let fresh = !seen.contains(&a.key.value);
                seen.push(a.key.value.clone());
                fresh
            });
            attributes
        });
        (text(), capabilities, old, attributes).prop_map(
            |(path, capabilities, policy, attributes)| PathRule {
                path: Located::synthetic(path),
                capabilities,
                policy,
                attributes,
            },
        )
    }

    proptest! {
        #[test]
        fn parse_of_print_is_identity(name in prop::option::of(text()), rules in prop::collection::vec(rule(), 0..4)) {
            let policy = Policy { name: name.map(Located::synthetic), rules };
            let printed = print_policy(&policy);
            let parsed = parse_policy(&printed);
            prop_assert!(parsed.as_ref() == Ok(&policy), "printed:\n{}\nparsed: {:?}", printed, parsed);
            prop_assert!(print_policy(parsed.as_ref().unwrap_or(&policy)) == printed, "printing is not stable:\n{}", printed);
        }
    }
}
