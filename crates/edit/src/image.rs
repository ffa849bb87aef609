//! Image tags and repositories, validated with the OCI distribution grammar.

use std::fmt;

use crate::error::EditError;

/// Longest tag the OCI distribution spec allows.
const MAX_TAG: usize = 128;
/// Longest repository name (registry host included) the Docker reference grammar allows.
const MAX_REPOSITORY: usize = 255;

/// A valid image tag: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageTag(String);

impl ImageTag {
    /// Validates `tag`.
    ///
    /// # Errors
    /// [`EditError::InvalidTag`] saying what is wrong.
    pub fn new(tag: &str) -> Result<Self, EditError> {
        let invalid = |reason: &str| EditError::InvalidTag {
            tag: tag.to_owned(),
            reason: reason.to_owned(),
        };
        let Some(first) = tag.chars().next() else {
            return Err(invalid("it is empty"));
        };
        if tag.chars().count() > MAX_TAG {
            return Err(invalid("it is longer than 128 characters"));
        }
        if !(first.is_ascii_alphanumeric() || first == '_') {
            return Err(invalid(&format!("it starts with `{first}`")));
        }
        if let Some(bad) = tag
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        {
            return Err(invalid(&format!("`{}` is not allowed", bad.escape_debug())));
        }
        Ok(Self(tag.to_owned()))
    }

    /// The tag text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ImageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A valid image repository (a Docker reference without tag or digest):
/// `[HOST[:PORT]/]component(/component)*`, components lowercase
/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRepository(String);

impl ImageRepository {
    /// Validates `repository`.
    ///
    /// # Errors
    /// [`EditError::InvalidRepository`] saying what is wrong.
    pub fn new(repository: &str) -> Result<Self, EditError> {
        let invalid = |reason: String| EditError::InvalidRepository {
            repository: repository.to_owned(),
            reason,
        };
        if repository.is_empty() {
            return Err(invalid("it is empty".to_owned()));
        }
        if repository.len() > MAX_REPOSITORY {
            return Err(invalid("it is longer than 255 characters".to_owned()));
        }
        if let Some((scheme, _)) = repository.split_once("://") {
            return Err(invalid(format!(
                "it starts with a URL scheme (`{scheme}://`); give the repository without one, like `registry.example.com/group/app`"
            )));
        }
        if let Some(space) = repository.chars().find(|c| c.is_whitespace()) {
            return Err(invalid(format!(
                "it contains whitespace ({space:?}); image references have none"
            )));
        }
        if repository.contains('@') {
            return Err(invalid(
                "it has a digest; give the repository only".to_owned(),
            ));
        }
        let mut parts: Vec<&str> = repository.split('/').collect();
        let host = match parts.first() {
            Some(first) if parts.len() > 1 && looks_like_host(first) => Some(parts.remove(0)),
            _ => None,
        };
        if let Some(host) = host {
            check_host(host).map_err(invalid)?;
        }
        for part in &parts {
            if part.contains(':') {
                return Err(invalid(format!(
                    "`{part}` has a `:` (a tag?); give the tag with --tag"
                )));
            }
            check_component(part).map_err(invalid)?;
        }
        Ok(Self(repository.to_owned()))
    }

    /// The repository text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ImageRepository {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The Docker rule: the first component is a registry host when it has a `.`
/// or a `:`, or is `localhost`.
fn looks_like_host(first: &str) -> bool {
    first.contains(['.', ':'])
        || first == "localhost"
        || first.chars().any(|c| c.is_ascii_uppercase())
}

fn check_host(host: &str) -> Result<(), String> {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if let Some(port) = port
        && (port.is_empty() || !port.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(format!("registry port `{port}` is not a number"));
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if name.split('.').all(label_ok) {
        Ok(())
    } else {
        Err(format!("registry host `{name}` is not a valid host name"))
    }
}

fn check_component(part: &str) -> Result<(), String> {
    if part.is_empty() {
        return Err("it has an empty path component (`//` or a trailing `/`)".to_owned());
    }
    if let Some(upper) = part.chars().find(char::is_ascii_uppercase) {
        return Err(format!(
            "`{part}` has the uppercase `{upper}`; path components are lowercase"
        ));
    }
    let bytes = part.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !bytes.first().is_some_and(alnum) || !bytes.last().is_some_and(alnum) {
        return Err(format!(
            "`{part}` must start and end with a letter or digit"
        ));
    }
    let mut separator = String::new();
    for &b in bytes {
        if alnum(&b) {
            if !matches!(separator.as_str(), "" | "." | "_" | "__")
                && !separator.bytes().all(|s| s == b'-')
            {
                return Err(format!("`{part}` has the separator `{separator}`"));
            }
            separator.clear();
        } else if matches!(b, b'.' | b'_' | b'-') {
            separator.push(char::from(b));
        } else {
            return Err(format!(
                "`{part}` has `{}`, not allowed in a repository",
                char::from(b)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tags() {
        for ok in [
            "2dc1a231",
            "01234567",
            "v1.2.3-rc.1",
            "_x",
            "latest",
            &"a".repeat(128),
        ] {
            assert!(ImageTag::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-x", ".x", "a/b", "a:b", "a b", "ä", &"a".repeat(129)] {
            assert!(ImageTag::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn repositories() {
        for ok in [
            "nginx",
            "registry.gitlab.com/acme-shop/services/catalog",
            "localhost:5000/a/b",
            "gcr.io/a__b/c.d",
            "r.example:443/x---y",
        ] {
            assert!(ImageRepository::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "acme/X",
            "registry.gitlab.com/Acme/x",
            "a//b",
            "a/b/",
            "a:1.0",
            "x@sha256:00",
            "r.example:x/a",
            "a/-b",
            "a/b..c",
            "a/b_-c",
        ] {
            assert!(ImageRepository::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_url_or_a_space_is_named_as_such() {
        let err = ImageRepository::new("HTTP://Bad Repo")
            .unwrap_err()
            .to_string();
        assert!(err.contains("URL scheme (`HTTP://`)"), "{err}");
        assert!(!err.contains("port"), "{err}");
        let err = ImageRepository::new("registry.example/bad repo")
            .unwrap_err()
            .to_string();
        assert!(err.contains("whitespace"), "{err}");
    }

    proptest! {
        #[test]
        fn the_grammar_decides(tag in "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") {
            prop_assert!(ImageTag::new(&tag).is_ok(), "rejected {tag}");
        }

        #[test]
        fn anything_else_is_rejected(tag in "[A-Za-z0-9_.-]{0,3}[^A-Za-z0-9_.-][A-Za-z0-9_.-]{0,3}") {
            prop_assert!(ImageTag::new(&tag).is_err(), "accepted {tag}");
        }
    }
}
