//! Small value types shared by several parts of the values tree.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Unknown keys of a k8app object, kept so rules can report them.
pub type Extra = BTreeMap<String, Value>;

/// A Kubernetes `IntOrString`: a port number or a port name, a count or a percentage.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IntOrString {
    /// A number.
    Int(i64),
    /// A name or a percentage such as `"25%"`.
    String(String),
}

/// A Kubernetes resource quantity: `100m`, `64Mi`, `0.5`, `2`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Quantity {
    /// A whole number of units.
    Int(i64),
    /// A fractional number of units.
    Float(f64),
    /// A quantity with a suffix.
    String(String),
}

/// A scalar value that k8app quotes into a string (ConfigMap data, extension env).
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ScalarValue {
    /// `true` / `false`, rendered as `"true"` / `"false"`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float; Helm prints large ones in exponent form (`1e+06`).
    Float(f64),
    /// A string.
    String(String),
}

/// A command given as a list of strings or, as in the chart's probe default, one string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StringOrList {
    /// The form the templates iterate over.
    List(Vec<String>),
    /// A single string: the chart default `"cat"`, which fails to render when used.
    Single(String),
}

/// Pod tolerations: a list of `{key, operator, value, effect}`; the chart's own
/// default is an empty map `{}`, which renders nothing. Any map reads as no
/// tolerations (the shape check reports a non-empty one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tolerations(pub Vec<Value>);

impl<'de> Deserialize<'de> for Tolerations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Array(items) => Ok(Tolerations(items)),
            Value::Object(_) => Ok(Tolerations(Vec::new())),
            _ => Err(serde::de::Error::custom(
                "tolerations must be a list of {key, operator, value, effect}",
            )),
        }
    }
}

impl JsonSchema for Tolerations {
    fn schema_name() -> Cow<'static, str> {
        "Tolerations".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Pod tolerations, a list of {key, operator, value, effect} rendered with toYaml into the Deployment, job and cloudflare hook. The chart's default is an empty map `{}` (renders nothing); a non-empty map is wrong.",
            "type": ["array", "object"],
            "items": {"type": "object"},
            "additionalProperties": false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tolerations_accept_a_list_and_read_a_map_as_none() {
        let list: Tolerations = serde_json::from_value(json!([{"key": "a"}])).unwrap();
        assert_eq!(list.0.len(), 1);
        let empty: Tolerations = serde_json::from_value(json!({})).unwrap();
        assert!(empty.0.is_empty());
        let map: Tolerations = serde_json::from_value(json!({"key": "a"})).unwrap();
        assert!(map.0.is_empty());
        assert!(serde_json::from_value::<Tolerations>(json!("x")).is_err());
    }

    #[test]
    fn int_or_string_keeps_the_form() {
        let n: IntOrString = serde_json::from_value(json!(8080)).unwrap();
        assert_eq!(n, IntOrString::Int(8080));
        let s: IntOrString = serde_json::from_value(json!("http")).unwrap();
        assert_eq!(s, IntOrString::String("http".into()));
    }
}
