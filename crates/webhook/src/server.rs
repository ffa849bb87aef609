//! The TLS server: listens, loads the platform in the background (`/readyz`
//! turns ready when it is loaded), follows changes of the platform and
//! rotated certificates, and drains in-flight requests on shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum_server::Handle;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use gg_admission::PreparedPlatform;
use gg_platform::Platform;
use tokio::task::JoinHandle;

use crate::app::{AppState, Settings, router};
use crate::error::WebhookError;
use crate::reload::Loader;
use crate::tls::{PemFiles, PlainHttpGuard};

/// Everything `serve` needs besides the platform.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (`0.0.0.0:8443`).
    pub listen: SocketAddr,
    /// PEM certificate chain.
    pub tls_cert: PathBuf,
    /// PEM private key.
    pub tls_key: PathBuf,
    /// How requests are judged.
    pub settings: Settings,
    /// How often the TLS files are checked for rotation and the platform
    /// for changes.
    pub reload_interval: Duration,
    /// Longest wait for a client's TLS handshake (and its first byte).
    pub handshake_timeout: Duration,
    /// Longest wait for a request's headers.
    pub header_timeout: Duration,
    /// Longest wait for in-flight requests on shutdown.
    pub drain_timeout: Duration,
    /// A plain-HTTP address for `/healthz`, `/readyz` and `/metrics` only.
    pub health_listen: Option<SocketAddr>,
}

impl ServeOptions {
    /// Options with the defaults: enforce, 10 s reload checks, 5 s handshake
    /// and header timeouts, 10 s body timeout, 20 s drain.
    pub fn new(listen: SocketAddr, tls_cert: PathBuf, tls_key: PathBuf) -> Self {
        Self {
            listen,
            tls_cert,
            tls_key,
            settings: Settings::default(),
            reload_interval: Duration::from_secs(10),
            handshake_timeout: Duration::from_secs(5),
            header_timeout: Duration::from_secs(5),
            drain_timeout: Duration::from_secs(20),
            health_listen: None,
        }
    }
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    /// The bound address (useful with port 0).
    pub addr: SocketAddr,
    /// The shared state (readiness, metrics).
    pub state: Arc<AppState>,
    /// The bound health address, when one was asked for.
    pub health_addr: Option<SocketAddr>,
    handle: Handle<SocketAddr>,
    health: Handle<SocketAddr>,
    drain: Duration,
    serving: JoinHandle<std::io::Result<()>>,
    /// Loads the platform, then follows its changes: finishes only when the
    /// first load fails.
    loading: JoinHandle<Result<(), WebhookError>>,
    watching: JoinHandle<()>,
}

impl Running {
    /// Stops accepting, lets in-flight requests finish (at most the drain
    /// timeout), and waits for the server to end.
    pub async fn shutdown(mut self) -> Result<(), WebhookError> {
        self.drain_now();
        let served = (&mut self.serving).await;
        self.conclude(served).await
    }

    /// Serves until `signal` completes (then shuts down gracefully) or the
    /// server ends by itself (a failed platform load, a listener error).
    pub async fn run_until(
        mut self,
        signal: impl std::future::Future<Output = ()>,
    ) -> Result<(), WebhookError> {
        let served = tokio::select! {
            () = signal => {
                self.drain_now();
                (&mut self.serving).await
            }
            served = &mut self.serving => served,
        };
        self.conclude(served).await
    }

    fn drain_now(&self) {
        tracing::info!(
            drain_seconds = self.drain.as_secs(),
            "shutting down: draining in-flight requests"
        );
        self.handle.graceful_shutdown(Some(self.drain));
        self.health.graceful_shutdown(Some(self.drain));
    }

    async fn conclude(
        self,
        served: Result<std::io::Result<()>, tokio::task::JoinError>,
    ) -> Result<(), WebhookError> {
        self.watching.abort();
        self.health.shutdown();
        if self.loading.is_finished() {
            self.loading.await.unwrap_or(Ok(()))?;
        } else {
            self.loading.abort();
        }
        match served {
            Ok(Err(source)) => Err(WebhookError::Serve {
                addr: self.addr,
                source,
            }),
            Ok(Ok(())) | Err(_) => Ok(()),
        }
    }
}

/// Starts serving: binds, then loads the platform with `load` on a blocking
/// thread, and again at every reload interval to follow its changes (see
/// [`crate::reload`]). Fails at once when the TLS files are unusable or the
/// address cannot be bound; a first platform that does not load (or loads
/// with errors) stops the server.
pub async fn serve<L>(options: ServeOptions, load: L) -> Result<Running, WebhookError>
where
    L: Fn() -> Result<Platform, String> + Send + Sync + 'static,
{
    let load: Loader = Arc::new(load);
    let started = Instant::now();
    let files = PemFiles::read(&options.tls_cert, &options.tls_key).await?;
    let tls = RustlsConfig::from_config(files.server_config(&options.tls_cert, &options.tls_key)?);
    let state = AppState::new(options.settings.clone());
    let handle: Handle<SocketAddr> = Handle::new();
    let acceptor = RustlsAcceptor::new(tls.clone())
        .handshake_timeout(options.handshake_timeout)
        .acceptor(PlainHttpGuard::new(options.handshake_timeout));
    let mut server = axum_server::bind(options.listen)
        .acceptor(acceptor)
        .handle(handle.clone())
        .first_request_timeout(options.header_timeout)
        .accept_error_handler(|peer, error| {
            tracing::debug!(peer = ?peer, error = %error, "connection refused at accept");
        });
    server
        .http_builder()
        .http1()
        .header_read_timeout(Some(options.header_timeout));
    let app = router(state.clone());
    let serving = tokio::spawn(server.serve(app.into_make_service()));
    let Some(addr) = handle.listening().await else {
        let source = match serving.await {
            Ok(Err(error)) => error,
            _ => std::io::Error::other("the listener stopped before it was bound"),
        };
        return Err(WebhookError::Serve {
            addr: options.listen,
            source,
        });
    };
    tracing::info!(addr = %addr, mode = options.settings.mode.as_str(), "listening");
    let health: Handle<SocketAddr> = Handle::new();
    let health_addr = match options.health_listen {
        Some(listen) => {
            let app = crate::app::health_router::<()>(state.clone());
            let serving = tokio::spawn(
                axum_server::bind(listen)
                    .handle(health.clone())
                    .serve(app.into_make_service()),
            );
            let Some(bound) = health.listening().await else {
                handle.shutdown();
                let source = match serving.await {
                    Ok(Err(error)) => error,
                    _ => std::io::Error::other("the health listener stopped before it was bound"),
                };
                return Err(WebhookError::Serve {
                    addr: listen,
                    source,
                });
            };
            tracing::info!(addr = %bound, "health endpoints listening (plain HTTP)");
            Some(bound)
        }
        None => None,
    };
    let loading = {
        let state = state.clone();
        let handle = handle.clone();
        let interval = options.reload_interval;
        tokio::spawn(async move {
            let first = Arc::clone(&load);
            let prepared = tokio::task::spawn_blocking(move || {
                PreparedPlatform::new(first()?).map_err(|error| error.to_string())
            })
            .await
            .map_err(|error| WebhookError::Platform(error.to_string()))
            .and_then(|prepared| prepared.map_err(WebhookError::Platform));
            match prepared {
                Ok(prepared) => {
                    state.use_platform(prepared);
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    tracing::info!(ready_after_ms = ms, "ready: platform configuration loaded");
                    crate::reload::watch(state, load, interval).await;
                    Ok(())
                }
                Err(error) => {
                    tracing::error!(error = %error, "stopping: the platform configuration did not load");
                    handle.shutdown();
                    Err(error)
                }
            }
        })
    };
    let watching = tokio::spawn(crate::tls::watch(
        tls,
        options.tls_cert.clone(),
        options.tls_key.clone(),
        files,
        options.reload_interval,
    ));
    Ok(Running {
        addr,
        state,
        health_addr,
        handle,
        health,
        drain: options.drain_timeout,
        serving,
        loading,
        watching,
    })
}
