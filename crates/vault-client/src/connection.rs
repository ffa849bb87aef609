//! Where the server is and how to authenticate: `VAULT_ADDR`/`BAO_ADDR`,
//! `VAULT_TOKEN`/`BAO_TOKEN` or a token file, `VAULT_NAMESPACE`, `VAULT_CACERT`.

use std::fmt;

use crate::error::ClientError;

/// A token that never shows up in `Debug`, `Display` or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, trimming the newline a token file usually ends with.
    pub fn new(text: &str) -> Self {
        Self(text.trim().to_owned())
    }

    /// The token text, for the request header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// The resolved connection settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionSettings {
    /// `http(s)://host:port`, without `/v1`.
    pub address: String,
    /// The token.
    pub token: Token,
    /// Vault Enterprise / OpenBao namespace (`X-Vault-Namespace`).
    pub namespace: Option<String>,
    /// PEM file with the CA that signed the server certificate.
    pub ca_cert: Option<String>,
}

/// Explicit values (from flags) that win over the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionOverrides {
    /// `--address`.
    pub address: Option<String>,
    /// `--token-file`.
    pub token_file: Option<String>,
    /// `--namespace`.
    pub namespace: Option<String>,
    /// `--ca-cert`.
    pub ca_cert: Option<String>,
}

impl ConnectionSettings {
    /// Resolves the settings from flags, then `lookup` (the environment: `VAULT_*` before
    /// `BAO_*`), then `read_file` for a token file. Without any token source the error
    /// names every place that was looked at.
    pub fn resolve(
        overrides: &ConnectionOverrides,
        lookup: &dyn Fn(&str) -> Option<String>,
        read_file: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Self, ClientError> {
        let env = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| lookup(name).filter(|v| !v.trim().is_empty()))
        };
        let address = overrides
            .address
            .clone()
            .or_else(|| env(&["VAULT_ADDR", "BAO_ADDR"]))
            .ok_or_else(|| {
                ClientError::Settings(
                    "no Vault address: set VAULT_ADDR (or BAO_ADDR) or pass --address".to_owned(),
                )
            })?;
        let address = address.trim().trim_end_matches('/').to_owned();
        if !(address.starts_with("http://") || address.starts_with("https://")) {
            return Err(ClientError::Settings(format!(
                "Vault address `{address}` must start with http:// or https://"
            )));
        }
        let token_file = overrides
            .token_file
            .clone()
            .or_else(|| env(&["VAULT_TOKEN_FILE", "BAO_TOKEN_FILE"]));
        let token = match token_file {
            Some(path) => Token::new(&read_file(&path).map_err(|e| {
                ClientError::Settings(format!("cannot read the token file {path}: {e}"))
            })?),
            None => env(&["VAULT_TOKEN", "BAO_TOKEN"])
                .map(|t| Token::new(&t))
                .ok_or_else(|| {
                    ClientError::Settings(
                        "no Vault token: set VAULT_TOKEN (or BAO_TOKEN) or pass --token-file"
                            .to_owned(),
                    )
                })?,
        };
        if token.expose().is_empty() {
            return Err(ClientError::Settings("the Vault token is empty".to_owned()));
        }
        Ok(Self {
            address,
            token,
            namespace: overrides
                .namespace
                .clone()
                .or_else(|| env(&["VAULT_NAMESPACE", "BAO_NAMESPACE"])),
            ca_cert: overrides
                .ca_cert
                .clone()
                .or_else(|| env(&["VAULT_CACERT", "BAO_CACERT"])),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn resolve(
        vars: &[(&str, &str)],
        overrides: &ConnectionOverrides,
    ) -> Result<ConnectionSettings, ClientError> {
        let vars: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ConnectionSettings::resolve(overrides, &|name| vars.get(name).cloned(), &|path| {
            if path == "/tok" {
                Ok("s.file\n".to_owned())
            } else {
                Err("No such file".to_owned())
            }
        })
    }

    #[test]
    fn vault_variables_win_over_openbao_ones() {
        let s = resolve(
            &[
                ("BAO_ADDR", "http://bao:8200"),
                ("VAULT_ADDR", "http://vault:8200/"),
                ("BAO_TOKEN", "b"),
            ],
            &ConnectionOverrides::default(),
        )
        .unwrap();
        assert_eq!(s.address, "http://vault:8200");
        assert_eq!(s.token, Token::new("b"));
    }

    #[test]
    fn token_file_wins_and_is_trimmed() {
        let overrides = ConnectionOverrides {
            token_file: Some("/tok".into()),
            ..ConnectionOverrides::default()
        };
        let s = resolve(
            &[("VAULT_ADDR", "https://v"), ("VAULT_TOKEN", "env")],
            &overrides,
        )
        .unwrap();
        assert_eq!(s.token.expose(), "s.file");
    }

    #[test]
    fn the_token_never_appears_in_debug_output() {
        let s = resolve(
            &[("VAULT_ADDR", "http://v"), ("VAULT_TOKEN", "hvs.SECRET")],
            &ConnectionOverrides::default(),
        )
        .unwrap();
        assert!(!format!("{s:?}").contains("hvs.SECRET"));
    }

    #[test]
    fn missing_pieces_are_explained() {
        let no_addr = resolve(&[("VAULT_TOKEN", "t")], &ConnectionOverrides::default());
        assert!(no_addr.unwrap_err().to_string().contains("VAULT_ADDR"));
        let no_token = resolve(
            &[("VAULT_ADDR", "http://v")],
            &ConnectionOverrides::default(),
        );
        assert!(no_token.unwrap_err().to_string().contains("VAULT_TOKEN"));
        let bad = resolve(
            &[("VAULT_ADDR", "v:8200"), ("VAULT_TOKEN", "t")],
            &ConnectionOverrides::default(),
        );
        assert!(bad.unwrap_err().to_string().contains("http://"));
        let file = ConnectionOverrides {
            token_file: Some("/missing".into()),
            ..ConnectionOverrides::default()
        };
        let unreadable = resolve(&[("VAULT_ADDR", "http://v")], &file);
        assert!(unreadable.unwrap_err().to_string().contains("/missing"));
    }
}
