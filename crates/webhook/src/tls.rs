//! TLS from PEM files: a rustls configuration (ring, TLS 1.2 and 1.3 only),
//! re-read when cert-manager rotates the files, and a polite answer to clients
//! that speak plain HTTP to the TLS port.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum_server::accept::Accept;
use axum_server::tls_rustls::RustlsConfig;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::error::WebhookError;

/// The certificate chain and key files, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemFiles {
    /// The certificate chain (PEM).
    pub cert: Vec<u8>,
    /// The private key (PEM).
    pub key: Vec<u8>,
}

impl PemFiles {
    /// Reads both files.
    pub async fn read(cert: &Path, key: &Path) -> Result<Self, WebhookError> {
        let read = |path: &Path| {
            let path = path.to_owned();
            async move {
                tokio::fs::read(&path)
                    .await
                    .map_err(|source| WebhookError::ReadFile { path, source })
            }
        };
        Ok(Self {
            cert: read(cert).await?,
            key: read(key).await?,
        })
    }

    /// The server configuration of this certificate and key.
    pub fn server_config(
        &self,
        cert: &Path,
        key: &Path,
    ) -> Result<Arc<ServerConfig>, WebhookError> {
        let pem_error = |path: &Path, reason: String| WebhookError::Pem {
            path: path.to_owned(),
            reason,
        };
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&self.cert)
            .collect::<Result<_, _>>()
            .map_err(|error| pem_error(cert, error.to_string()))?;
        if chain.is_empty() {
            return Err(pem_error(cert, "no certificate in the file".to_owned()));
        }
        let private = PrivateKeyDer::from_pem_slice(&self.key)
            .map_err(|error| pem_error(key, format!("no usable private key: {error}")))?;
        let mut config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
                .with_no_client_auth()
                .with_single_cert(chain, private)?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// Re-reads the files every `interval` and swaps the configuration when they
/// changed and form a usable pair (a half-written rotation is retried at the
/// next tick; the old certificate keeps serving meanwhile). Runs forever.
pub async fn watch(
    config: RustlsConfig,
    cert: PathBuf,
    key: PathBuf,
    mut current: PemFiles,
    interval: Duration,
) {
    loop {
        tokio::time::sleep(interval).await;
        let files = match PemFiles::read(&cert, &key).await {
            Ok(files) if files != current => files,
            Ok(_) => continue,
            Err(error) => {
                tracing::warn!(error = %error, "cannot re-read the TLS files; keeping the current certificate");
                continue;
            }
        };
        match files.server_config(&cert, &key) {
            Ok(server_config) => {
                config.reload_from_config(server_config);
                current = files;
                tracing::info!(cert = %cert.display(), "TLS certificate reloaded");
            }
            Err(error) => {
                tracing::warn!(error = %error, "the rotated TLS files are not usable yet; keeping the current certificate");
            }
        }
    }
}

/// The first byte of every TLS connection (a handshake record).
const TLS_HANDSHAKE: u8 = 0x16;

/// What a plain-HTTP client gets on the TLS port.
const PLAIN_HTTP_ANSWER: &[u8] = b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 49\r\n\r\nThis port speaks HTTPS: use https:// to call it.\n";

/// An acceptor in front of TLS: sets `TCP_NODELAY`, and answers a client that
/// starts with plain HTTP with a 400 (instead of a handshake error it cannot
/// read), then closes. Waits at most `timeout` for the first byte.
#[derive(Debug, Clone, Copy)]
pub struct PlainHttpGuard {
    timeout: Duration,
}

impl PlainHttpGuard {
    /// A guard waiting at most `timeout` for a client's first byte.
    pub fn new(timeout: Duration) -> Self {
        Self { timeout }
    }
}

impl<S: Send + 'static> Accept<TcpStream, S> for PlainHttpGuard {
    type Stream = TcpStream;
    type Service = S;
    type Future = Pin<Box<dyn Future<Output = io::Result<(TcpStream, S)>> + Send>>;

    fn accept(&self, mut stream: TcpStream, service: S) -> Self::Future {
        let timeout = self.timeout;
        Box::pin(async move {
            stream.set_nodelay(true)?;
            let mut first = [0_u8; 1];
            let peeked = tokio::time::timeout(timeout, stream.peek(&mut first))
                .await
                .map_err(|_| {
                    io::Error::new(io::ErrorKind::TimedOut, "no TLS handshake in time")
                })??;
            if peeked == 1 && first != [TLS_HANDSHAKE] {
                stream.write_all(PLAIN_HTTP_ANSWER).await?;
                stream.shutdown().await?;
                drain(&mut stream, timeout.min(Duration::from_secs(2))).await;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "plain HTTP on the TLS port",
                ));
            }
            Ok((stream, service))
        })
    }
}

/// Reads and discards what the client still sends (its request body), up to
/// a bound, so that closing does not reset the connection and destroy the
/// answer before the client reads it.
async fn drain(stream: &mut TcpStream, timeout: Duration) {
    const LIMIT: usize = 64 * 1024;
    let mut buffer = [0_u8; 4096];
    let mut seen = 0;
    let reading = async {
        while seen < LIMIT {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen += n,
            }
        }
    };
    let _ = tokio::time::timeout(timeout, reading).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_http_answer_declares_its_length() {
        let text = std::str::from_utf8(PLAIN_HTTP_ANSWER).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("Content-Length: {}", body.len())),
            "{head}"
        );
    }
}
