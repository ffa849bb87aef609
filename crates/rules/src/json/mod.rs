//! JSON documents as the checks read them, and JSON pointers written in the
//! code (`/spec/template/spec`) looked up without the allocations of
//! `serde_json::Value::pointer`, which unescapes every segment into a new
//! string. Checks look up several per object, in every render of a lint and in
//! every admission review.
//!
//! Rendered objects are `serde_json` values. Admission reviews are decoded
//! into `sonic_rs` values (feature `sonic`): building a `serde_json::Value`
//! hashes every key into an index map and was two thirds of a review's cost.
//! The object checks are written once, against [`JsonTree`].

use std::borrow::Cow;

use serde_json::Value;

pub(crate) mod pod;
#[cfg(feature = "sonic")]
mod sonic;

/// A node of a parsed JSON document: what the checks read of it.
pub trait JsonTree: Sized {
    /// The member `key` of an object.
    fn member(&self, key: &str) -> Option<&Self>;

    /// The string, if the node is one.
    fn text(&self) -> Option<&str>;

    /// The items, if the node is an array.
    fn items(&self) -> Option<&[Self]>;

    /// The members in document order, if the node is an object.
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>>;

    /// The node at `pointer` (RFC 6901), as `serde_json::Value::pointer`
    /// finds it.
    fn lookup(&self, pointer: &str) -> Option<&Self> {
        if pointer.is_empty() {
            return Some(self);
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(self, |node, segment| {
                let segment = unescape(segment);
                node.member(&segment)
                    .or_else(|| node.items()?.get(index(&segment)?))
            })
    }
}

impl JsonTree for Value {
    fn member(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }

    fn text(&self) -> Option<&str> {
        self.as_str()
    }

    fn items(&self) -> Option<&[Self]> {
        self.as_array().map(Vec::as_slice)
    }

    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        Some(
            self.as_object()?
                .iter()
                .map(|(key, value)| (key.as_str(), value)),
        )
    }
}

/// A pointer segment with `~1` and `~0` decoded (in that order, RFC 6901 §4).
fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
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
            assert_eq!(doc.lookup(pointer), doc.pointer(pointer), "{pointer}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json_on_any_pointer(pointer in "(/(spec|template|containers|data|list|name|[0-9]{1,2}|~[01]|a|))*") {
            let doc = document();
            prop_assert_eq!(doc.lookup(&pointer), doc.pointer(&pointer));
        }
    }
}
