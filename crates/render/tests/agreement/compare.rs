//! Comparison as data: key order is ignored, numbers compare by value;
//! document order, `checksum/*` annotations and failures count.

use serde_json::Value;

use super::outcome::{Doc, Outcome};

/// How two renders relate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// Both rendered the same documents.
    Same {
        /// How many documents.
        objects: usize,
    },
    /// Both failed, at the same place.
    BothFailed,
    /// They differ; the text says where.
    Differ(String),
}

/// Compares Helm's outcome with ours.
pub(crate) fn compare(helm: &Outcome, ours: &Outcome) -> Verdict {
    match (helm, ours) {
        (Outcome::Rendered(h), Outcome::Rendered(o)) => match documents(h, o) {
            Some(difference) => Verdict::Differ(difference),
            None => Verdict::Same { objects: h.len() },
        },
        (Outcome::Failed(h), Outcome::Failed(o)) if h.at.is_some() && h.at == o.at => {
            Verdict::BothFailed
        }
        (Outcome::Failed(h), Outcome::Failed(o)) => Verdict::Differ(format!(
            "both fail, at different places:\n  Helm:         {}\n  gitops-guard: {}",
            h.message, o.message
        )),
        (Outcome::Failed(h), Outcome::Rendered(o)) => Verdict::Differ(format!(
            "Helm fails, gitops-guard renders {} document(s):\n  Helm: {}",
            o.len(),
            h.message
        )),
        (Outcome::Rendered(h), Outcome::Failed(o)) => Verdict::Differ(format!(
            "Helm renders {} document(s), gitops-guard fails:\n  gitops-guard: {}",
            h.len(),
            o.message
        )),
    }
}

fn documents(helm: &[Doc], ours: &[Doc]) -> Option<String> {
    let labels = |docs: &[Doc]| docs.iter().map(Doc::label).collect::<Vec<_>>();
    let (h, o) = (labels(helm), labels(ours));
    if h != o {
        return Some(format!(
            "documents differ:\n  Helm:         {h:#?}\n  gitops-guard: {o:#?}"
        ));
    }
    helm.iter().zip(ours).find_map(|(h, o)| {
        first_difference(&h.object, &o.object, &mut String::new()).map(|(at, hv, ov)| {
            format!(
                "{}: at {at}\n  Helm:         {hv}\n  gitops-guard: {ov}",
                h.label()
            )
        })
    })
}

/// The first path where `a` and `b` differ, with both values there.
pub(crate) fn first_difference(
    a: &Value,
    b: &Value,
    at: &mut String,
) -> Option<(String, String, String)> {
    let differ = |at: &str| Some((at.to_owned(), short(a), short(b)));
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|key| {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let found = match (x.get(key), y.get(key)) {
                    (Some(xv), Some(yv)) => first_difference(xv, yv, at),
                    (xv, yv) => Some((
                        at.clone(),
                        xv.map_or_else(|| "(absent)".to_owned(), short),
                        yv.map_or_else(|| "(absent)".to_owned(), short),
                    )),
                };
                at.truncate(len);
                found
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return differ(at);
            }
            x.iter().zip(y).enumerate().find_map(|(i, (xv, yv))| {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                let found = first_difference(xv, yv, at);
                at.truncate(len);
                found
            })
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if a == b => None,
        _ => differ(at),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.len() > 400 {
        format!("{}…", text.chars().take(400).collect::<String>())
    } else {
        text
    }
}

#[test]
fn data_comparison_ignores_key_order_and_number_form() {
    let a = serde_json::json!({"a": 1, "b": [1, {"c": 2.0}]});
    let b = serde_json::json!({"b": [1.0, {"c": 2}], "a": 1});
    assert_eq!(first_difference(&a, &b, &mut String::new()), None);
    let c = serde_json::json!({"b": [1, {"c": "2"}], "a": 1});
    assert_eq!(
        first_difference(&a, &c, &mut String::new()).map(|d| d.0),
        Some("/b/1/c".to_owned())
    );
}
