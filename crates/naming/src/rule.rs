//! Kubernetes and Helm name grammars (RFC 1123 / RFC 1035 labels, subdomains, release names).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::NameError;

/// A naming rule a Kubernetes or Helm name must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameRule {
    /// RFC 1123 label: ≤ 63, `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (namespaces, containers, most objects).
    Label,
    /// RFC 1123 subdomain: ≤ 253, dot-separated labels (ConfigMap, Secret, Ingress, … names).
    Subdomain,
    /// RFC 1035 label: an RFC 1123 label that starts with a letter (Service names).
    Rfc1035Label,
    /// Helm release name: ≤ 53 and Helm's subdomain-shaped pattern.
    ReleaseName,
    /// CronJob name: an RFC 1123 label of ≤ 52 characters (the controller appends a suffix for Jobs).
    CronJobName,
    /// Label value: empty, or ≤ 63 of `A-Z`, `a-z`, `0-9`, `-`, `_`, `.`, starting and ending
    /// with a letter or digit.
    LabelValue,
}

impl NameRule {
    /// Maximum length in characters.
    #[must_use]
    pub const fn limit(self) -> usize {
        match self {
            Self::Label | Self::Rfc1035Label | Self::LabelValue => 63,
            Self::Subdomain => 253,
            Self::ReleaseName => 53,
            Self::CronJobName => 52,
        }
    }

    /// The rule's name as used in messages, e.g. `RFC 1123 label`.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Label => "RFC 1123 label",
            Self::Subdomain => "RFC 1123 subdomain",
            Self::Rfc1035Label => "RFC 1035 label (Service name)",
            Self::ReleaseName => "Helm release name",
            Self::CronJobName => "CronJob name",
            Self::LabelValue => "label value",
        }
    }

    /// Checks `name` against this rule, reporting the first problem found.
    ///
    /// Problems are looked for in this order: empty, a character outside the alphabet,
    /// uppercase, start/end of each label, length.
    ///
    /// # Errors
    /// The [`NameError`] describing the first problem.
    pub fn check(self, name: &str) -> Result<(), NameError> {
        if self == Self::LabelValue {
            return check_label_value(name);
        }
        if name.is_empty() {
            return Err(NameError::Empty { rule: self });
        }
        let dotted = self.allows_dots();
        if let Some((index, character)) = name
            .chars()
            .enumerate()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || (dotted && c == '.')))
        {
            return Err(NameError::InvalidCharacter {
                name: name.to_owned(),
                rule: self,
                character,
                position: index + 1,
                allowed: if dotted {
                    "only a-z, 0-9, '-' and '.'"
                } else {
                    "only a-z, 0-9 and '-'"
                },
            });
        }
        // From here on the name is ASCII: byte offsets are character positions.
        if let Some((index, character)) = name
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_ascii_uppercase())
        {
            return Err(NameError::Uppercase {
                name: name.to_owned(),
                rule: self,
                character,
                position: index + 1,
                suggestion: name.to_ascii_lowercase(),
            });
        }
        self.check_labels(name)?;
        if name.len() > self.limit() {
            return Err(NameError::TooLong {
                name: name.to_owned(),
                rule: self,
                length: name.len(),
                limit: self.limit(),
            });
        }
        Ok(())
    }

    const fn allows_dots(self) -> bool {
        matches!(self, Self::Subdomain | Self::ReleaseName)
    }

    /// Start/end checks of every dot-separated label of an ASCII, lowercase name.
    fn check_labels(self, name: &str) -> Result<(), NameError> {
        let part = if self.allows_dots() {
            "a dot-separated label"
        } else {
            "the name"
        };
        let mut start = 0;
        for label in name.split('.') {
            let first = label.chars().next();
            let last = label.chars().next_back();
            match (first, last) {
                (None, _) | (_, None) => {
                    return Err(NameError::EmptyLabel {
                        name: name.to_owned(),
                        rule: self,
                        position: start + 1,
                    });
                }
                (Some(first), Some(last)) => {
                    let needs_letter = self == Self::Rfc1035Label;
                    if first == '-' || (needs_letter && first.is_ascii_digit()) {
                        return Err(NameError::BadStart {
                            name: name.to_owned(),
                            rule: self,
                            character: first,
                            position: start + 1,
                            part,
                            expected: if needs_letter {
                                "a letter"
                            } else {
                                "a letter or digit"
                            },
                        });
                    }
                    if last == '-' {
                        return Err(NameError::BadEnd {
                            name: name.to_owned(),
                            rule: self,
                            character: last,
                            position: start + label.len(),
                            part,
                        });
                    }
                }
            }
            start += label.len() + 1;
        }
        Ok(())
    }
}

/// Checks a label value: empty, or at most 63 characters of letters, digits,
/// `-`, `_` and `.`, starting and ending with a letter or digit.
fn check_label_value(value: &str) -> Result<(), NameError> {
    let rule = NameRule::LabelValue;
    if let Some((index, character)) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(NameError::InvalidCharacter {
            name: value.to_owned(),
            rule,
            character,
            position: index + 1,
            allowed: "only A-Z, a-z, 0-9, '-', '_' and '.'",
        });
    }
    // From here on the value is ASCII: byte offsets are character positions.
    if let Some(first) = value.chars().next().filter(|c| !c.is_ascii_alphanumeric()) {
        return Err(NameError::BadStart {
            name: value.to_owned(),
            rule,
            character: first,
            position: 1,
            part: "the value",
            expected: "a letter or digit",
        });
    }
    if let Some(last) = value
        .chars()
        .next_back()
        .filter(|c| !c.is_ascii_alphanumeric())
    {
        return Err(NameError::BadEnd {
            name: value.to_owned(),
            rule,
            character: last,
            position: value.len(),
            part: "the value",
        });
    }
    if value.len() > rule.limit() {
        return Err(NameError::TooLong {
            name: value.to_owned(),
            rule,
            length: value.len(),
            limit: rule.limit(),
        });
    }
    Ok(())
}

impl fmt::Display for NameRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

/// Checks an RFC 1123 label: 1–63 characters of `a-z`, `0-9`, `-`, starting and ending alphanumeric.
///
/// ```
/// use gg_naming::validate_label;
/// assert!(validate_label("api-gw").is_ok());
/// let err = validate_label("Api_gw").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#""Api_gw" is not a valid RFC 1123 label: character '_' at position 4 is not allowed (only a-z, 0-9 and '-')"#
/// );
/// assert_eq!(
///     validate_label(&"a".repeat(64)).unwrap_err().to_string(),
///     format!("{:?} is not a valid RFC 1123 label: 64 characters, limit 63", "a".repeat(64))
/// );
/// ```
///
/// # Errors
/// A [`NameError`] naming the first problem.
pub fn validate_label(name: &str) -> Result<(), NameError> {
    NameRule::Label.check(name)
}

/// Checks an RFC 1123 subdomain: ≤ 253 characters, dot-separated RFC 1123 labels.
///
/// ```
/// use gg_naming::validate_subdomain;
/// assert!(validate_subdomain("user-service.config").is_ok());
/// assert!(validate_subdomain("a..b").is_err());
/// ```
///
/// # Errors
/// A [`NameError`] naming the first problem.
pub fn validate_subdomain(name: &str) -> Result<(), NameError> {
    NameRule::Subdomain.check(name)
}

/// Checks an RFC 1035 label (Kubernetes Service names): an RFC 1123 label starting with a letter.
///
/// ```
/// use gg_naming::validate_rfc1035_label;
/// assert!(validate_rfc1035_label("api-gw-sv").is_ok());
/// assert!(validate_rfc1035_label("1api-sv").is_err());
/// ```
///
/// # Errors
/// A [`NameError`] naming the first problem.
pub fn validate_rfc1035_label(name: &str) -> Result<(), NameError> {
    NameRule::Rfc1035Label.check(name)
}

/// Checks a Helm release name: ≤ 53 characters matching Helm's
/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`.
///
/// ```
/// use gg_naming::validate_release_name;
/// assert!(validate_release_name("api-gw-dev").is_ok());
/// assert!(validate_release_name(&format!("{}-dev", "s".repeat(50))).is_err());
/// ```
///
/// # Errors
/// A [`NameError`] naming the first problem.
pub fn validate_release_name(name: &str) -> Result<(), NameError> {
    NameRule::ReleaseName.check(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_names() {
        for name in ["a", "0", "api-gw", "a1-b2", &"x".repeat(63)] {
            assert_eq!(validate_label(name), Ok(()), "{name}");
        }
        assert_eq!(validate_subdomain("a.b-c.d"), Ok(()));
        assert_eq!(validate_subdomain(&"a".repeat(253)), Ok(()));
        assert_eq!(validate_release_name(&"r".repeat(53)), Ok(()));
        assert_eq!(NameRule::CronJobName.check(&"c".repeat(52)), Ok(()));
    }

    #[test]
    fn reports_invalid_character_with_position() {
        let err = validate_label("Api_gw").unwrap_err();
        assert!(matches!(
            err,
            NameError::InvalidCharacter {
                character: '_',
                position: 4,
                ..
            }
        ));
        let err = validate_label("api.gw").unwrap_err();
        assert!(matches!(
            err,
            NameError::InvalidCharacter {
                character: '.',
                position: 4,
                ..
            }
        ));
        let err = validate_subdomain("héllo").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""héllo" is not a valid RFC 1123 subdomain: character 'é' at position 2 is not allowed (only a-z, 0-9, '-' and '.')"#
        );
    }

    #[test]
    fn uppercase_has_its_own_hint() {
        let err = validate_label("ApiGw").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""ApiGw" is not a valid RFC 1123 label: uppercase 'A' at position 1 is not allowed; names are lowercase (try "apigw")"#
        );
    }

    #[test]
    fn empty_and_length() {
        assert_eq!(
            validate_label("").unwrap_err().to_string(),
            r#""" is not a valid RFC 1123 label: the name is empty"#
        );
        let err = validate_label(&"a".repeat(64)).unwrap_err();
        assert!(matches!(
            err,
            NameError::TooLong {
                length: 64,
                limit: 63,
                ..
            }
        ));
        let err = validate_release_name(&"a".repeat(54)).unwrap_err();
        assert!(
            err.to_string().ends_with("54 characters, limit 53"),
            "{err}"
        );
        assert!(validate_subdomain(&"a".repeat(254)).is_err());
        assert!(NameRule::CronJobName.check(&"c".repeat(53)).is_err());
    }

    #[test]
    fn hyphen_at_start_or_end() {
        assert_eq!(
            validate_label("-api").unwrap_err().to_string(),
            r#""-api" is not a valid RFC 1123 label: '-' at position 1 cannot start the name (it must start with a letter or digit)"#
        );
        assert_eq!(
            validate_label("api-").unwrap_err().to_string(),
            r#""api-" is not a valid RFC 1123 label: '-' at position 4 cannot end the name (it must end with a letter or digit)"#
        );
        let err = validate_subdomain("ab.-c").unwrap_err();
        assert!(
            matches!(err, NameError::BadStart { position: 4, .. }),
            "{err}"
        );
        let err = validate_subdomain("ab-.c").unwrap_err();
        assert!(
            matches!(err, NameError::BadEnd { position: 3, .. }),
            "{err}"
        );
    }

    #[test]
    fn empty_labels_in_subdomains() {
        for (name, position) in [(".a", 1), ("a..b", 3), ("a.", 3)] {
            let err = validate_subdomain(name).unwrap_err();
            assert_eq!(
                err,
                NameError::EmptyLabel {
                    name: name.into(),
                    rule: NameRule::Subdomain,
                    position
                },
                "{name}"
            );
        }
    }

    #[test]
    fn rfc1035_needs_a_leading_letter() {
        let err = validate_rfc1035_label("9-sv").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#""9-sv" is not a valid RFC 1035 label (Service name): '9' at position 1 cannot start the name (it must start with a letter)"#
        );
        assert!(validate_label("9-sv").is_ok());
    }

    #[test]
    fn error_knows_its_rule() {
        assert_eq!(
            validate_release_name("").unwrap_err().rule(),
            NameRule::ReleaseName
        );
    }
}
