//! JSON pointers written in the code (`/spec/template/spec`), looked up
//! without the allocations of `serde_json::Value::pointer`, which unescapes
//! every segment into a new string. Checks look up several per object, in
//! every render of a lint and in every admission review.

use serde_json::Value;

/// `value.lookup("/spec/rules")`: what `Value::pointer` finds, found faster.
pub(crate) trait Lookup {
    /// The value at `pointer` (RFC 6901), as `serde_json::Value::pointer`
    /// finds it.
    fn lookup(&self, pointer: &str) -> Option<&Value>;
}

impl Lookup for Value {
    fn lookup(&self, pointer: &str) -> Option<&Value> {
        lookup(self, pointer)
    }
}

fn lookup<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.contains('~') {
        // Escaped segments: the rare case, left to serde_json.
        return value.pointer(pointer);
    }
    if pointer.is_empty() {
        return Some(value);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(value, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(index(segment)?),
            _ => None,
        })
}

/// An array index as RFC 6901 writes it: digits, no sign, no leading zero.
fn index(segment: &str) -> Option<usize> {
    if segment.starts_with('+') || (segment.starts_with('0') && segment.len() != 1) {
        return None;
    }
    segment.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "spec": {"template": {"spec": {"containers": [{"name": "a"}, {"name": "b"}]}}},
            "data": {"a/b": 1, "c~d": 2, "": 3, "01": 4},
            "list": [10, 20]
        })
    }

    #[test]
    fn finds_what_serde_json_finds() {
        let doc = document();
        for pointer in [
            "",
            "/",
            "/spec/template/spec",
            "/spec/template/spec/containers/1/name",
            "/spec/template/spec/containers/01",
            "/spec/template/spec/containers/+1",
            "/spec/missing",
            "/data/a~1b",
            "/data/c~0d",
            "/data/01",
            "/list/0",
            "/list/2",
            "spec",
        ] {
            assert_eq!(lookup(&doc, pointer), doc.pointer(pointer), "{pointer}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json_on_any_pointer(pointer in "(/(spec|template|containers|data|list|name|[0-9]{1,2}|~[01]|a|))*") {
            let doc = document();
            prop_assert_eq!(lookup(&doc, &pointer), doc.pointer(&pointer));
        }
    }
}
