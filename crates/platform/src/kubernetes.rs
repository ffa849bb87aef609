//! The cluster the platform deploys to, as far as a render depends on it:
//! its Kubernetes version (which API versions it still serves) and the API
//! versions it serves beyond Kubernetes' own (the operators the platform
//! installs), as ArgoCD passes them to Helm.

use std::fmt;

use serde::Serialize;

use crate::error::PlatformError;

/// A Kubernetes minor release, e.g. `1.34`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct KubeVersion {
    major: u32,
    minor: u32,
}

impl KubeVersion {
    /// The version a platform that names none runs: what minikube 1.37, the
    /// seed platform's cluster, starts.
    pub const PLATFORM: KubeVersion = KubeVersion::new(1, 34);

    /// A version from its two numbers.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// Parses `1.34`, `v1.34`, `1.34.2` or `v1.34.2-gke.1200` (the form
    /// `kubectl version` prints); the patch and anything after it are
    /// ignored, as API availability changes only with minor releases.
    pub fn parse(text: &str) -> Result<Self, PlatformError> {
        let invalid = || PlatformError::InvalidKubeVersion(text.to_owned());
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix('v').unwrap_or(trimmed);
        let mut parts = bare.splitn(3, '.');
        let mut number = || {
            parts
                .next()
                .filter(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|part| part.parse::<u32>().ok())
                .ok_or_else(invalid)
        };
        let major = number()?;
        let minor = number()?;
        if major == 0 {
            return Err(invalid());
        }
        Ok(Self::new(major, minor))
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The API versions the platform's clusters serve beyond Kubernetes' own:
/// the Prometheus Operator's (ServiceMonitors render only when it is served),
/// the Gateway API's and the Vault Secrets Operator's.
pub const PLATFORM_API_VERSIONS: [&str; 3] = [
    "monitoring.coreos.com/v1",
    "gateway.networking.k8s.io/v1",
    "secrets.hashicorp.com/v1beta1",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn versions_parse_in_every_form_kubectl_prints() {
        for text in ["1.34", "v1.34", "1.34.2", "v1.34.2-gke.1200", " 1.34 "] {
            assert_eq!(
                KubeVersion::parse(text),
                Ok(KubeVersion::new(1, 34)),
                "{text}"
            );
        }
        for text in ["", "1", "1.", "one.two", "1.x", "0.9", "1..2", "-1.2"] {
            assert!(KubeVersion::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn versions_order_by_minor_number() {
        assert!(KubeVersion::new(1, 9) < KubeVersion::new(1, 25));
        assert_eq!(KubeVersion::PLATFORM.to_string(), "1.34");
    }

    proptest! {
        #[test]
        fn printed_versions_parse_back(major in 1u32..5, minor in 0u32..100) {
            let version = KubeVersion::new(major, minor);
            prop_assert_eq!(KubeVersion::parse(&version.to_string()), Ok(version));
        }

        #[test]
        fn any_text_parses_or_fails_without_panicking(text in ".{0,12}") {
            let _ = KubeVersion::parse(&text);
        }
    }
}
