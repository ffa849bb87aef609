//! Decoding an AdmissionReview request body, without ever echoing its content.

use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use kube_core::admission::{AdmissionRequest, AdmissionReview};
use kube_core::{ApiResource, DynamicResourceScope, Resource};
use serde::Deserialize;
use serde_json::{Map, Value};

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
        let body: Map<String, Value> = [("spec", wire.spec), ("data", wire.data)]
            .into_iter()
            .filter_map(|(key, value)| Some((key.to_owned(), value?)))
            .collect();
        Self {
            metadata: ObjectMeta {
                name: wire.metadata.name,
                namespace: wire.metadata.namespace,
                labels: wire.metadata.labels,
                owner_references: wire.metadata.owner_references,
                ..ObjectMeta::default()
            },
            body: Value::Object(body),
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

/// Decodes an AdmissionReview v1 and returns its request.
pub fn decode_review(body: &[u8]) -> Result<AdmissionRequest<AdmittedObject>, DecodeError> {
    let review: AdmissionReview<AdmittedObject> =
        serde_json::from_slice(body).map_err(|error| {
            let (line, column) = (error.line(), error.column());
            match error.classify() {
                serde_json::error::Category::Data => DecodeError::Shape { line, column },
                _ => DecodeError::Syntax { line, column },
            }
        })?;
    if review.types.api_version != "admission.k8s.io/v1" || review.types.kind != "AdmissionReview" {
        let mut shown: String = format!("{}/{}", review.types.api_version, review.types.kind);
        shown.truncate(shown.floor_char_boundary(80));
        return Err(DecodeError::Version(shown));
    }
    review.try_into().map_err(|_| DecodeError::NoRequest)
}

#[cfg(test)]
mod tests {
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
        assert_eq!(object.body["data"]["A"], "b");
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
