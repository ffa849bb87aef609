//! Decoding an AdmissionReview request body with sonic-rs, without ever
//! echoing its content (feature `sonic`).
//!
//! The object's fields become a `sonic_rs::Value`, which the object checks
//! read through [`gg_rules::json::JsonTree`]. Building a `serde_json::Value`
//! instead hashed every key into an index map and cost two thirds of a review.
//! (sonic-rs hashes with ahash, whose random seed wasm32-unknown-unknown cannot
//! give: the decoder is a feature, the judge builds without it.)
#![warn(clippy::arithmetic_side_effects)]

use std::fmt;

use kube_core::TypeMeta;
use kube_core::admission::AdmissionRequest;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::AdmissionError;
use crate::object::AdmittedObject;

/// An admission request as decoded: its object's fields in a sonic-rs tree.
pub type Request = AdmissionRequest<AdmittedObject<sonic_rs::Value>>;

/// An AdmissionReview as it arrives: kube-core's
/// [`AdmissionReview`](kube_core::admission::AdmissionReview) flattens
/// its type fields, which makes serde buffer the whole review before decoding
/// it; this envelope names them and decodes in one pass.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    #[serde(default)]
    api_version: String,
    #[serde(default)]
    kind: String,
    request: Option<Request>,
}

/// Deepest nesting of arrays and objects a body may have (serde_json's own
/// limit; Kubernetes objects nest a dozen levels).
pub const MAX_DEPTH: usize = 128;

/// Decodes an AdmissionReview v1 and returns its request.
///
/// # Errors
/// A body that is not JSON, nests too deep, is not an AdmissionReview, is
/// one of another version, or has no request.
pub fn decode_review(body: &[u8]) -> Result<Request, AdmissionError> {
    let review: Envelope = decode_json(body, "an AdmissionReview")?;
    if review.api_version != "admission.k8s.io/v1" || review.kind != "AdmissionReview" {
        let mut shown: String = format!("{}/{}", review.api_version, review.kind);
        shown.truncate(shown.floor_char_boundary(80));
        return Err(AdmissionError::Version(shown));
    }
    let mut request = review.request.ok_or(AdmissionError::NoRequest)?;
    request.types = TypeMeta {
        api_version: review.api_version,
        kind: review.kind,
    };
    Ok(request)
}

/// Decodes any JSON body into `T` with sonic-rs, refusing bodies nested
/// deeper than [`MAX_DEPTH`] first; `expected` names `T` in the error
/// (`an AdmissionReview`). Errors give a position, never the text.
///
/// # Errors
/// [`AdmissionError::Syntax`], [`AdmissionError::TooDeep`] or
/// [`AdmissionError::Shape`].
pub fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    expected: &'static str,
) -> Result<T, AdmissionError> {
    check_depth(body, expected)?;
    sonic_rs::from_slice(body).map_err(|error| located(&error, expected))
}

/// sonic-rs builds a tree by recursion and has no depth limit of its own, so
/// a body of a million `[` would overflow the stack. A body with at most
/// [`MAX_DEPTH`] `[` and `{` bytes cannot nest deeper (every review of a
/// usual object); a larger body is walked once, depth counted, before it is
/// decoded.
fn check_depth(body: &[u8], expected: &'static str) -> Result<(), AdmissionError> {
    if openers(body) <= MAX_DEPTH {
        return Ok(());
    }
    let mut walk = sonic_rs::Deserializer::from_slice(body);
    Depth(0).deserialize(&mut walk).map_err(|error| {
        // The walk accepts any JSON: a mismatch is its own depth refusal.
        if error.classify() == sonic_rs::error::Category::TypeUnmatched {
            AdmissionError::TooDeep {
                limit: MAX_DEPTH,
                line: error.line(),
                column: error.column(),
            }
        } else {
            located(&error, expected)
        }
    })
}

/// A sonic-rs error as an [`AdmissionError`] with its position: JSON of
/// another shape than `expected`, or no JSON at all.
fn located(error: &sonic_rs::Error, expected: &'static str) -> AdmissionError {
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        sonic_rs::error::Category::TypeUnmatched | sonic_rs::error::Category::NotFound => {
            AdmissionError::Shape {
                expected,
                line,
                column,
            }
        }
        _ => AdmissionError::Syntax { line, column },
    }
}

/// How many `[` and `{` bytes `body` has. `byte | 0x20` maps `[` onto `{`
/// and no other byte onto it; each chunk of 255 bytes is summed in a `u8`,
/// which the compiler vectorises (a plain filtered count was ten times slower,
/// a tenth of a review's decoding).
fn openers(body: &[u8]) -> usize {
    body.chunks(usize::from(u8::MAX))
        .map(|chunk| {
            let count = chunk
                .iter()
                .map(|&byte| u8::from(byte | 0x20 == b'{'))
                .fold(0u8, u8::wrapping_add);
            usize::from(count)
        })
        .sum()
}

/// Walks a JSON value `.0` levels deep, refusing to go below [`MAX_DEPTH`].
#[derive(Clone, Copy)]
struct Depth(usize);

impl Depth {
    fn below<E: serde::de::Error>(self) -> Result<Self, E> {
        if self.0 >= MAX_DEPTH {
            Err(E::custom("nested too deep"))
        } else {
            Ok(Self(self.0.saturating_add(1)))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Depth {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let below = self.below()?;
        while items.next_element_seed(below)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let below = self.below()?;
        while members.next_key::<IgnoredAny>()?.is_some() {
            members.next_value_seed(below)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use gg_rules::json::JsonTree;
    use proptest::prelude::*;

    use super::*;

    fn review(object: &str) -> String {
        format!(
            r#"{{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{{"uid":"u-1","kind":{{"group":"","version":"v1","kind":"ConfigMap"}},"resource":{{"group":"","version":"v1","resource":"configmaps"}},"name":"c","namespace":"shop-dev","operation":"CREATE","userInfo":{{"username":"dev"}},"object":{object},"dryRun":false}}}}"#
        )
    }

    #[test]
    fn decodes_a_request() {
        let request = decode_review(review(r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"A":"b"}}"#).as_bytes());
        let request = request.unwrap();
        assert_eq!(request.uid, "u-1");
        assert_eq!(request.namespace.as_deref(), Some("shop-dev"));
        let object = request.object.unwrap();
        assert_eq!(
            object.body.lookup("/data/A").and_then(JsonTree::text),
            Some("b")
        );
        assert_eq!(object.metadata.name.as_deref(), Some("c"));
    }

    #[test]
    fn errors_never_echo_the_body() {
        let secret = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"hunter2-secret"}}"#;
        let error = decode_review(secret.as_bytes()).unwrap_err();
        assert!(matches!(error, AdmissionError::Shape { .. }), "{error}");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let broken = decode_review(b"{\"password\": \"hunter2").unwrap_err();
        assert!(matches!(broken, AdmissionError::Syntax { .. }), "{broken}");
        assert!(!broken.to_string().contains("hunter2"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursing() {
        let nested = |depth: usize| {
            review(&format!(
                r#"{{"spec":{}1{}}}"#,
                "[".repeat(depth),
                "]".repeat(depth)
            ))
        };
        // The review, its request and its object are three levels.
        assert!(decode_review(nested(MAX_DEPTH - 3).as_bytes()).is_ok());
        for depth in [MAX_DEPTH - 2, 1_000_000] {
            let error = decode_review(nested(depth).as_bytes()).unwrap_err();
            assert!(
                matches!(error, AdmissionError::TooDeep { line: 1, .. }),
                "{error}"
            );
        }
        // Deep and unterminated: refused at the depth, not read to the end.
        let open = review(&format!(r#"{{"data":{}"#, "{\"a\":".repeat(2_000_000)));
        assert!(matches!(
            decode_review(open.as_bytes()),
            Err(AdmissionError::TooDeep { .. })
        ));
    }

    #[test]
    fn broken_json_past_the_opener_count_is_a_syntax_error() {
        // More than MAX_DEPTH openers, shallow, cut short: the walk runs and
        // reports the syntax, not the depth.
        let items = vec!["[1]"; MAX_DEPTH + 1].join(",");
        let broken = review(&format!(r#"{{"spec":[{items}]"#));
        let error = decode_review(broken.as_bytes()).unwrap_err();
        assert!(matches!(error, AdmissionError::Syntax { .. }), "{error}");
    }

    #[test]
    fn wide_objects_decode_past_the_opener_count() {
        let env: Vec<String> = (0..500)
            .map(|i| format!(r#"{{"name":"V{i}","value":"x"}}"#))
            .collect();
        let object = format!(
            r#"{{"spec":{{"containers":[{{"name":"a","env":[{}]}}]}}}}"#,
            env.join(",")
        );
        let request = decode_review(review(&object).as_bytes()).unwrap();
        let body = &request.object.unwrap().body;
        assert_eq!(
            body.lookup("/spec/containers/0/env/499/name")
                .and_then(JsonTree::text),
            Some("V499")
        );
    }

    #[test]
    fn invalid_utf8_is_refused() {
        let mut body = review(r#"{"data":{"A":"__"}}"#).into_bytes();
        let at = body.windows(2).position(|pair| pair == b"__").unwrap();
        body[at] = 0xff;
        body[at + 1] = 0xfe;
        assert!(matches!(
            decode_review(&body),
            Err(AdmissionError::Syntax { .. })
        ));
    }

    proptest! {
        #[test]
        fn openers_counts_brackets_and_braces(body in prop::collection::vec(any::<u8>(), 0..2000)) {
            let expected = body.iter().filter(|&&byte| byte == b'[' || byte == b'{').count();
            prop_assert_eq!(openers(&body), expected);
        }
    }

    #[test]
    fn other_versions_and_empty_reviews_are_refused() {
        let v1beta1 = r#"{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"}"#;
        assert_eq!(
            decode_review(v1beta1.as_bytes()).unwrap_err(),
            AdmissionError::Version("admission.k8s.io/v1beta1/AdmissionReview".to_owned())
        );
        let empty = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#;
        assert_eq!(
            decode_review(empty.as_bytes()).unwrap_err(),
            AdmissionError::NoRequest
        );
    }
}
