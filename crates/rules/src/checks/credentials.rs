//! `configmap-credentials`: passwords and tokens in `configmap` (a plain ConfigMap).

use gg_yaml::NodeKind;

use crate::context::FileContext;
use gg_diagnostic::Diagnostic;
use gg_diagnostic::{Rule, rules};
use gg_platform::locate::node_location;

const RULE: &Rule = &rules::CONFIGMAP_CREDENTIALS;

/// Words that make an env var name a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PWD",
    "TOKEN",
    "SECRET",
    "APIKEY",
    "CREDENTIALS",
];

/// Word pairs that make an env var name a credential.
const CREDENTIAL_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("PRIVATE", "KEY"),
    ("ACCESS", "KEY"),
    ("SECRET", "KEY"),
];

/// Last words that make a credential-looking name something else (`TOKEN_TTL`).
const NOT_CREDENTIAL_SUFFIXES: &[&str] = &[
    "TTL",
    "LENGTH",
    "LEN",
    "NAME",
    "PATH",
    "FILE",
    "HEADER",
    "TYPE",
    "ENABLED",
    "EXPIRY",
    "EXPIRES",
    "TIMEOUT",
    "ID",
    "URL",
    "HOST",
    "PORT",
    "KEY_ID",
    "ALGORITHM",
    "ISSUER",
    "AUDIENCE",
    "FIELD",
    "MODE",
];

/// Checks `configmap` entries: credential-like names with a literal value, and
/// URLs carrying a password.
pub(crate) fn check(file: &FileContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(map) = file.get(&["configmap"]).and_then(|n| n.as_map()) else {
        return;
    };
    for (key, value) in &map.entries {
        let NodeKind::String(text) = &value.kind else {
            continue;
        };
        let Some(credential) = Credential::find(&key.name, text) else {
            continue;
        };
        let message = format!("`configmap.{}` {}", key.name, credential.describe());
        out.push(
            RULE.finding(node_location(file.path, value), message)
                .with_help(HELP),
        );
    }
}

/// The fix of every `configmap-credentials` finding.
pub(crate) const HELP: &str = "ConfigMaps are readable by anyone who can read the namespace: store the value in Vault and reference it under `secrets:` (the env var name is the Vault key)";

/// What makes a ConfigMap entry a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credential {
    /// A URL with a literal password in its userinfo.
    UrlPassword,
    /// A credential-like name (`DB_PASSWORD`) with a literal value.
    CredentialName,
}

impl Credential {
    /// The credential in the entry `name: text`, if any (`text` is non-empty).
    pub(crate) fn find(name: &str, text: &str) -> Option<Self> {
        if text.trim().is_empty() {
            None
        } else if url_password(text) {
            Some(Self::UrlPassword)
        } else if is_credential_name(name) {
            Some(Self::CredentialName)
        } else {
            None
        }
    }

    /// The finding's wording after the entry's name.
    pub(crate) const fn describe(self) -> &'static str {
        match self {
            Self::UrlPassword => "holds a URL with a password",
            Self::CredentialName => "looks like a credential stored in plain text",
        }
    }
}

/// True for names like `DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_API_KEY`.
fn is_credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    if NOT_CREDENTIAL_SUFFIXES.contains(last) || upper.ends_with("KEY_ID") {
        return false;
    }
    words.iter().any(|w| CREDENTIAL_WORDS.contains(w))
        || words
            .windows(2)
            .any(|pair| matches!(pair, [a, b] if CREDENTIAL_PAIRS.contains(&(*a, *b))))
}

/// True for `scheme://user:password@host…` with a non-empty password.
fn url_password(text: &str) -> bool {
    text.split([',', ' ', ';']).any(|part| {
        let Some((_, rest)) = part.split_once("://") else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let Some((userinfo, _)) = authority.rsplit_once('@') else {
            return false;
        };
        userinfo
            .split_once(':')
            .is_some_and(|(_, password)| !password.is_empty() && !is_placeholder(password))
    })
}

/// `$(VAR)`, `${VAR}` and `{{ … }}` are filled in elsewhere, not literal passwords.
fn is_placeholder(text: &str) -> bool {
    text.starts_with("${") || text.starts_with("$(") || text.starts_with("{{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        for name in [
            "DB_PASSWORD",
            "GITHUB_TOKEN",
            "STRIPE_API_KEY",
            "JWT_SECRET",
            "client_secret",
            "AWS_SECRET_ACCESS_KEY",
            "PASSWORD",
        ] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in [
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "SECRET_NAME",
            "LOG_LEVEL",
            "AWS_ACCESS_KEY_ID",
            "TOKEN_ISSUER",
            "KEYCLOAK_URL",
            "SECRETS_PATH",
        ] {
            assert!(!is_credential_name(name), "{name}");
        }
    }

    #[test]
    fn url_passwords() {
        assert!(url_password("postgres://app:s3cret@db:5432/app"));
        assert!(url_password(
            "amqp://guest:guest@rabbitmq.infra-dev.svc:5672/"
        ));
        assert!(url_password("a, redis://:pw@cache:6379/0"));
        assert!(!url_password("postgres://app@db:5432/app"));
        assert!(!url_password("mongodb://user:${MONGO_PASSWORD}@db/x"));
        assert!(!url_password("https://example.com/a:b@c"));
        assert!(!url_password("user:pass@host"));
    }
}
