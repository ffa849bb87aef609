//! Decoding an AdmissionReview request body, without ever echoing its content.
//!
//! Reviews are decoded with sonic-rs: the object's fields become a
//! `sonic_rs::Value`, which the object checks read through
//! [`gg_rules::json::JsonTree`]. Building a `serde_json::Value` instead hashed
//! every key into an index map and cost two thirds of a review.
#![warn(clippy::arithmetic_side_effects)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kube_core::admission::AdmissionRequest;
use kube_core::{ApiResource, DynamicResourceScope, Resource, TypeMeta};
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use sonic_rs::{Object, Value};

/// The object of an admission request as the checks read it: the metadata they
/// use and the `spec` and `data` fields. Decoded in one pass (no flattening,
/// other fields such as `managedFields` or `status` are skipped unread), which
/// makes decoding several times faster than into a `DynamicObject`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "WireObject")]
pub struct AdmittedObject {
    /// `metadata.name`, `namespace`, `labels` and `ownerReferences`.
    pub metadata: ObjectMeta,
    /// `{"spec": …, "data": …}` with the fields the object has.
    pub body: Value,
}

#[derive(Deserialize)]
struct WireObject {
    #[serde(default)]
    metadata: WireMeta,
    spec: Option<Value>,
    data: Option<Value>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireMeta {
    name: Option<String>,
    namespace: Option<String>,
    labels: Option<BTreeMap<String, String>>,
    owner_references: Option<Vec<OwnerReference>>,
}

impl From<WireObject> for AdmittedObject {
    fn from(wire: WireObject) -> Self {
        let mut body = Object::with_capacity(2);
        for (key, value) in [("spec", wire.spec), ("data", wire.data)] {
            if let Some(value) = value {
                body.insert(key, value);
            }
        }
        Self {
            metadata: ObjectMeta {
                name: wire.metadata.name,
                namespace: wire.metadata.namespace,
                labels: wire.metadata.labels,
                owner_references: wire.metadata.owner_references,
                ..ObjectMeta::default()
            },
            body: body.into_value(),
        }
    }
}

impl Resource for AdmittedObject {
    type DynamicType = ApiResource;
    type Scope = DynamicResourceScope;

    fn kind(dt: &ApiResource) -> Cow<'_, str> {
        dt.kind.as_str().into()
    }

    fn group(dt: &ApiResource) -> Cow<'_, str> {
        dt.group.as_str().into()
    }

    fn version(dt: &ApiResource) -> Cow<'_, str> {
        dt.version.as_str().into()
    }

    fn api_version(dt: &ApiResource) -> Cow<'_, str> {
        dt.api_version.as_str().into()
    }

    fn plural(dt: &ApiResource) -> Cow<'_, str> {
        dt.plural.as_str().into()
    }

    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }

    fn meta_mut(&mut self) -> &mut ObjectMeta {
        &mut self.metadata
    }
}

/// Why a body is not an `admission.k8s.io/v1` AdmissionReview request. The
/// message names the position, never the offending text (it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not JSON at all.
    #[error("the body is not valid JSON (line {line}, column {column})")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// Nested deeper than [`MAX_DEPTH`] arrays and objects.
    #[error(
        "the body nests arrays and objects deeper than {MAX_DEPTH} levels (line {line}, column {column})"
    )]
    TooDeep {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// JSON, but not shaped like an AdmissionReview.
    #[error("the body is not an AdmissionReview (line {line}, column {column})")]
    Shape {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// An AdmissionReview of another API version.
    #[error("expected apiVersion admission.k8s.io/v1 and kind AdmissionReview, got `{0}`")]
    Version(String),
    /// An AdmissionReview without a request.
    #[error("the AdmissionReview has no request")]
    NoRequest,
}

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
    request: Option<AdmissionRequest<AdmittedObject>>,
}

/// Deepest nesting of arrays and objects a body may have (serde_json's own
/// limit; Kubernetes objects nest a dozen levels).
pub const MAX_DEPTH: usize = 128;

/// Decodes an AdmissionReview v1 and returns its request.
pub fn decode_review(body: &[u8]) -> Result<AdmissionRequest<AdmittedObject>, DecodeError> {
    check_depth(body)?;
    let review: Envelope = sonic_rs::from_slice(body).map_err(|error| located(&error))?;
    if review.api_version != "admission.k8s.io/v1" || review.kind != "AdmissionReview" {
        let mut shown: String = format!("{}/{}", review.api_version, review.kind);
        shown.truncate(shown.floor_char_boundary(80));
        return Err(DecodeError::Version(shown));
    }
    let mut request = review.request.ok_or(DecodeError::NoRequest)?;
    request.types = TypeMeta {
        api_version: review.api_version,
        kind: review.kind,
    };
    Ok(request)
}

/// sonic-rs builds a tree by recursion and has no depth limit of its own, so
/// a body of a million `[` would overflow the stack. A body with at most
/// [`MAX_DEPTH`] `[` and `{` bytes cannot nest deeper (every review of a
/// usual object); a larger body is walked once, depth counted, before it is
/// decoded.
fn check_depth(body: &[u8]) -> Result<(), DecodeError> {
    if openers(body) <= MAX_DEPTH {
        return Ok(());
    }
    let mut walk = sonic_rs::Deserializer::from_slice(body);
    Depth(0).deserialize(&mut walk).map_err(|error| {
        // The walk accepts any JSON: a mismatch is its own depth refusal.
        if error.classify() == sonic_rs::error::Category::TypeUnmatched {
            DecodeError::TooDeep {
                line: error.line(),
                column: error.column(),
            }
        } else {
            located(&error)
        }
    })
}

/// A sonic-rs error as a [`DecodeError`] with its position: JSON of another
/// shape, or no JSON at all.
fn located(error: &sonic_rs::Error) -> DecodeError {
    let (line, column) = (error.line(), error.column());
    match error.classify() {
        sonic_rs::error::Category::TypeUnmatched | sonic_rs::error::Category::NotFound => {
            DecodeError::Shape { line, column }
        }
        _ => DecodeError::Syntax { line, column },
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
        assert!(matches!(error, DecodeError::Shape { .. }), "{error}");
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let broken = decode_review(b"{\"password\": \"hunter2").unwrap_err();
        assert!(matches!(broken, DecodeError::Syntax { .. }), "{broken}");
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
                matches!(error, DecodeError::TooDeep { line: 1, .. }),
                "{error}"
            );
        }
        // Deep and unterminated: refused at the depth, not read to the end.
        let open = review(&format!(r#"{{"data":{}"#, "{\"a\":".repeat(2_000_000)));
        assert!(matches!(
            decode_review(open.as_bytes()),
            Err(DecodeError::TooDeep { .. })
        ));
    }

    #[test]
    fn broken_json_past_the_opener_count_is_a_syntax_error() {
        // More than MAX_DEPTH openers, shallow, cut short: the walk runs and
        // reports the syntax, not the depth.
        let items = vec!["[1]"; MAX_DEPTH + 1].join(",");
        let broken = review(&format!(r#"{{"spec":[{items}]"#));
        let error = decode_review(broken.as_bytes()).unwrap_err();
        assert!(matches!(error, DecodeError::Syntax { .. }), "{error}");
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
            Err(DecodeError::Syntax { .. })
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
            DecodeError::Version("admission.k8s.io/v1beta1/AdmissionReview".to_owned())
        );
        let empty = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"#;
        assert_eq!(
            decode_review(empty.as_bytes()).unwrap_err(),
            DecodeError::NoRequest
        );
    }
}
