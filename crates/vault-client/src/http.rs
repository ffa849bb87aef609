//! The one door to the server: vaultrs' client (TLS, token and namespace headers,
//! error parsing) with a generic JSON endpoint, a request counter, and the mapping
//! of failures to [`ClientError`]s that say what to do.
//!
//! vaultrs' typed responses leave out fields this tool compares (a Kubernetes
//! role's `audience`, for one), so every call goes through [`Raw`], which returns
//! the server's JSON as is.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rustify::endpoint::Endpoint;
use rustify::enums::{RequestMethod, RequestType, ResponseType};
use serde_json::Value;
use vaultrs::client::{VaultClient, VaultClientSettingsBuilder};

use crate::connection::ConnectionSettings;
use crate::error::ClientError;

/// One request: method, path below `/v1/`, optional JSON body.
#[derive(Debug)]
struct Raw {
    method: RequestMethod,
    path: String,
    body: Option<Vec<u8>>,
}

impl Endpoint for Raw {
    type Response = Value;
    const REQUEST_BODY_TYPE: RequestType = RequestType::JSON;
    const RESPONSE_BODY_TYPE: ResponseType = ResponseType::JSON;

    fn path(&self) -> String {
        self.path.clone()
    }

    fn method(&self) -> RequestMethod {
        self.method.clone()
    }

    fn body(&self) -> Result<Option<Vec<u8>>, rustify::errors::ClientError> {
        Ok(self.body.clone())
    }
}

/// How many requests a run sent, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestCounts {
    /// GET and LIST requests.
    pub reads: u64,
    /// POST, PUT and DELETE requests.
    pub writes: u64,
}

impl RequestCounts {
    /// All requests.
    pub const fn total(&self) -> u64 {
        self.reads + self.writes
    }
}

/// A connection to one Vault or OpenBao server.
pub struct Vault {
    client: VaultClient,
    address: String,
    reads: AtomicU64,
    writes: AtomicU64,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// A client for `settings` (no request is sent yet).
    pub fn connect(settings: &ConnectionSettings) -> Result<Self, ClientError> {
        url::Url::parse(&settings.address).map_err(|e| {
            ClientError::Settings(format!(
                "Vault address `{}` is not a URL: {e}",
                settings.address
            ))
        })?;
        // The HTTP stack is built without a bundled crypto provider; ring is
        // the one the whole binary uses. A provider already installed wins.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = VaultClientSettingsBuilder::default();
        builder
            .address(&settings.address)
            .token(settings.token.expose())
            .ca_certs(settings.ca_cert.iter().cloned().collect())
            .verify(true)
            .timeout(Some(Duration::from_secs(30)))
            .namespace(settings.namespace.clone());
        let built = builder
            .build()
            .map_err(|e| ClientError::Settings(format!("invalid Vault client settings: {e}")))?;
        let client = VaultClient::new(built).map_err(|e| {
            ClientError::Settings(format!("cannot set up the HTTP client: {}", chain(&e)))
        })?;
        Ok(Self {
            client,
            address: settings.address.clone(),
            reads: AtomicU64::new(0),
            writes: AtomicU64::new(0),
        })
    }

    /// The server address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Requests sent so far.
    pub fn counts(&self) -> RequestCounts {
        RequestCounts {
            reads: self.reads.load(Ordering::Relaxed),
            writes: self.writes.load(Ordering::Relaxed),
        }
    }

    /// `GET path`: the `data` of the answer, `None` on 404.
    pub async fn read(&self, path: &str) -> Result<Option<Value>, ClientError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        self.call_with_data(RequestMethod::GET, path, None).await
    }

    /// `LIST path`: the keys below it (empty on 404).
    pub async fn list(&self, path: &str) -> Result<Vec<String>, ClientError> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        let data = self.call_with_data(RequestMethod::LIST, path, None).await?;
        Ok(data
            .as_ref()
            .and_then(|d| d.get("keys"))
            .and_then(Value::as_array)
            .map(|keys| {
                keys.iter()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// `POST path` with a JSON body.
    pub async fn write(&self, path: &str, body: &Value) -> Result<(), ClientError> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        let bytes = serde_json::to_vec(body).map_err(|e| ClientError::Unexpected {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let endpoint = Raw {
            method: RequestMethod::POST,
            path: path.to_owned(),
            body: Some(bytes),
        };
        vaultrs::api::exec_with_empty(&self.client, endpoint)
            .await
            .map_err(|e| self.explain("POST", path, e))
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Result<(), ClientError> {
        self.writes.fetch_add(1, Ordering::Relaxed);
        let endpoint = Raw {
            method: RequestMethod::DELETE,
            path: path.to_owned(),
            body: None,
        };
        vaultrs::api::exec_with_empty(&self.client, endpoint)
            .await
            .map_err(|e| self.explain("DELETE", path, e))
    }

    async fn call_with_data(
        &self,
        method: RequestMethod,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Option<Value>, ClientError> {
        let name = format!("{method:?}");
        let endpoint = Raw {
            method,
            path: path.to_owned(),
            body,
        };
        match vaultrs::api::exec_with_result(&self.client, endpoint).await {
            Ok(data) => Ok(Some(data)),
            Err(vaultrs::error::ClientError::APIError { code: 404, .. }) => Ok(None),
            Err(e) => Err(self.explain(&name, path, e)),
        }
    }

    fn not_vault(&self, method: &str, path: &str, answer: String) -> ClientError {
        ClientError::NotVault {
            address: self.address.clone(),
            answer,
            method: method.to_owned(),
            path: path.to_owned(),
        }
    }

    fn explain(&self, method: &str, path: &str, error: vaultrs::error::ClientError) -> ClientError {
        use vaultrs::error::ClientError as E;
        match error {
            E::APIError { code: 403, .. } => ClientError::Forbidden {
                method: method.to_owned(),
                path: path.to_owned(),
            },
            E::APIError { code: 503, errors } if errors.iter().any(|e| e.contains("sealed")) => {
                ClientError::Sealed {
                    address: self.address.clone(),
                }
            }
            E::APIError { code, errors } => ClientError::Api {
                status: code,
                method: method.to_owned(),
                path: path.to_owned(),
                errors: errors.join("; "),
            },
            E::RestClientError {
                source: rustify::errors::ClientError::RequestError { source, .. },
            } => ClientError::Unreachable {
                address: self.address.clone(),
                reason: source
                    .chain()
                    .last()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            },
            E::RestClientError {
                source: rustify::errors::ClientError::ServerResponseError { code: 503, .. },
            } => ClientError::Sealed {
                address: self.address.clone(),
            },
            E::RestClientError {
                source: rustify::errors::ClientError::ServerResponseError { code, .. },
            } => self.not_vault(
                method,
                path,
                format!("HTTP {code} without Vault's JSON error body"),
            ),
            E::RestClientError {
                source: rustify::errors::ClientError::ResponseParseError { .. },
            } => self.not_vault(
                method,
                path,
                "a successful HTTP status with a body that is not Vault's JSON".to_owned(),
            ),
            other => ClientError::Unexpected {
                path: path.to_owned(),
                detail: chain(&other),
            },
        }
    }
}

/// An error and its causes on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
