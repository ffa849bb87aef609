//! Environment names (`dev`, `staging`, `prod`, `local`, …).

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::NameError;
use crate::rule::validate_label;

/// A validated environment name: an RFC 1123 label, because it becomes part of namespace,
/// Application and release names.
///
/// ```
/// use gg_naming::{EnvKind, EnvName};
/// let env: EnvName = "staging".parse()?;
/// assert_eq!(env.kind(), EnvKind::Staging);
/// assert_eq!(env.as_str(), "staging");
/// assert!("Dev".parse::<EnvName>().is_err());
/// # Ok::<(), gg_naming::NameError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EnvName(String);

/// The conventional role of an environment, derived from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnvKind {
    /// `dev`, `development`.
    Dev,
    /// `staging`, `stage`, `stg`.
    Staging,
    /// `prod`, `production`, `prd`.
    Prod,
    /// A developer machine or throw-away cluster: `local`, `localhost`, `minikube`, `kind`,
    /// `k3d`, `docker-desktop`.
    Local,
    /// Any other name (preview environments, `qa`, `uat`, …).
    Other,
}

impl EnvName {
    /// Validates `name` as an environment name.
    ///
    /// # Errors
    /// The [`NameError`] of [`validate_label`].
    pub fn new(name: impl Into<String>) -> Result<Self, NameError> {
        let name = name.into();
        validate_label(&name)?;
        Ok(Self(name))
    }

    /// `dev`.
    #[must_use]
    pub fn dev() -> Self {
        Self("dev".to_owned())
    }

    /// `staging`.
    #[must_use]
    pub fn staging() -> Self {
        Self("staging".to_owned())
    }

    /// `prod`.
    #[must_use]
    pub fn prod() -> Self {
        Self("prod".to_owned())
    }

    /// `local`.
    #[must_use]
    pub fn local() -> Self {
        Self("local".to_owned())
    }

    /// The platform's default environments in promotion order: `dev`, `staging`, `prod`.
    #[must_use]
    pub fn defaults() -> [Self; 3] {
        [Self::dev(), Self::staging(), Self::prod()]
    }

    /// The name as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The conventional role of this environment.
    #[must_use]
    pub fn kind(&self) -> EnvKind {
        match self.0.as_str() {
            "dev" | "development" => EnvKind::Dev,
            "staging" | "stage" | "stg" => EnvKind::Staging,
            "prod" | "production" | "prd" => EnvKind::Prod,
            "local" | "localhost" | "minikube" | "kind" | "k3d" | "docker-desktop" => {
                EnvKind::Local
            }
            _ => EnvKind::Other,
        }
    }

    /// Whether this is a local-like environment where `latest`/`local` tags and
    /// `pullPolicy: Never` are normal.
    #[must_use]
    pub fn is_local(&self) -> bool {
        self.kind() == EnvKind::Local
    }
}

impl fmt::Display for EnvName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Deref for EnvName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for EnvName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for EnvName {
    type Err = NameError;

    fn from_str(s: &str) -> Result<Self, NameError> {
        Self::new(s)
    }
}

impl TryFrom<String> for EnvName {
    type Error = NameError;

    fn try_from(value: String) -> Result<Self, NameError> {
        Self::new(value)
    }
}

impl From<EnvName> for String {
    fn from(value: EnvName) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventional_envs_are_valid_and_classified() {
        for (env, kind) in [
            (EnvName::dev(), EnvKind::Dev),
            (EnvName::staging(), EnvKind::Staging),
            (EnvName::prod(), EnvKind::Prod),
            (EnvName::local(), EnvKind::Local),
        ] {
            assert_eq!(EnvName::new(env.as_str()).as_ref(), Ok(&env));
            assert_eq!(env.kind(), kind);
        }
        assert!(EnvName::new("minikube").unwrap().is_local());
        assert_eq!(EnvName::new("production").unwrap().kind(), EnvKind::Prod);
        assert_eq!(EnvName::new("qa").unwrap().kind(), EnvKind::Other);
    }

    #[test]
    fn rejects_invalid_names() {
        assert!(EnvName::new("").is_err());
        assert!(EnvName::new("Prod").is_err());
        assert!(EnvName::new("dev_1").is_err());
    }

    #[test]
    fn serde_round_trip_validates() {
        let env: EnvName = serde_json_like("staging").unwrap();
        assert_eq!(env, EnvName::staging());
        assert!(serde_json_like("Bad Env").is_err());
    }

    /// Deserializes through serde's value deserializer for a string.
    fn serde_json_like(s: &str) -> Result<EnvName, serde::de::value::Error> {
        use serde::de::IntoDeserializer;
        EnvName::deserialize(s.to_owned().into_deserializer())
    }
}
