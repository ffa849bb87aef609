//! [`JsonTree`] for `sonic_rs` values, the webhook's decoding of admission
//! reviews.

use sonic_rs::{JsonContainerTrait, JsonValueTrait};

use super::JsonTree;

impl JsonTree for sonic_rs::Value {
    fn member(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(&key)
    }

    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn items(&self) -> Option<&[Self]> {
        self.as_array().map(|items| items.as_slice())
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        Some(self.as_object()?.iter())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    /// Whether two trees read the same through [`JsonTree`].
    fn same<A: JsonTree, B: JsonTree>(a: &A, b: &B) -> bool {
        a.text() == b.text()
            && match (a.items(), b.items()) {
                (Some(x), Some(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                }
                (x, y) => x.is_none() && y.is_none(),
            }
            && match (a.members(), b.members()) {
                (Some(x), Some(y)) => {
                    let (x, y): (Vec<_>, Vec<_>) = (x.collect(), y.collect());
                    x.len() == y.len()
                        && x.iter()
                            .zip(&y)
                            .all(|((kx, vx), (ky, vy))| kx == ky && same(*vx, *vy))
                }
                (x, y) => x.is_none() && y.is_none(),
            }
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a-z/~\"\\\\é\n]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-z0-9/~]{0,3}", inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn reads_what_serde_json_reads(doc in json(), pointer in "(/([a-z0-9]{1,2}|~[01]|))*") {
            let text = serde_json::to_string(&doc).unwrap();
            let parsed: sonic_rs::Value = sonic_rs::from_str(&text).unwrap();
            prop_assert!(same(&doc, &parsed));
            let found = parsed.lookup(&pointer).map(|node| sonic_rs::to_string(node).unwrap());
            let expected = doc.pointer(&pointer).map(|node| serde_json::to_string(node).unwrap());
            prop_assert_eq!(found.map(|s| serde_json::from_str::<Value>(&s).unwrap()), expected.map(|s| serde_json::from_str::<Value>(&s).unwrap()));
        }
    }
}
