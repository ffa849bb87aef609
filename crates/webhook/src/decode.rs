//! Decoding an AdmissionReview request body, without ever echoing its content.

use kube_core::DynamicObject;
use kube_core::admission::{AdmissionRequest, AdmissionReview};

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
pub fn decode_review(body: &[u8]) -> Result<AdmissionRequest<DynamicObject>, DecodeError> {
    let review: AdmissionReview<DynamicObject> = serde_json::from_slice(body).map_err(|error| {
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
        assert_eq!(request.object.unwrap().data["data"]["A"], "b");
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
