//! `gitops-guard serve`: the admission webhook over TLS.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use gg_webhook::{Exemptions, Mode, ServeOptions, Settings, serve};

use crate::exit::Outcome;
use crate::platform_dir::{open_platform, require_platform_root};

/// The enforcement mode on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Errors deny the request, warnings warn.
    Enforce,
    /// Never deny: every finding is a warning.
    Warn,
    /// Always allow: findings are logged and counted only.
    Audit,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Self {
        match mode {
            ModeArg::Enforce => Self::Enforce,
            ModeArg::Warn => Self::Warn,
            ModeArg::Audit => Self::Audit,
        }
    }
}

/// Arguments of `gitops-guard serve`.
#[derive(Debug, Args)]
#[command(after_long_help = "ENDPOINTS:
  POST /validate          AdmissionReview admission.k8s.io/v1 in, AdmissionReview out
  POST /validate/warn     the same, never denying (namespaces labelled gitops-guard.io/mode=warn)
  POST /validate/audit    the same, always allowing (gitops-guard.io/mode=audit)
  GET  /healthz /readyz   liveness; readiness once the platform configuration is loaded
  GET  /metrics           Prometheus (OpenMetrics text)
  (the last three also on --health-listen, in plain HTTP)

The TLS files are re-read when they change (cert-manager rotation), without a restart,
and so is the platform: a changed platform that loads without errors is judged with at
once; one that does not is refused, and the last good one stays (logged, the metric
gitops_guard_admission_platform_stale is 1, /readyz says why).
SIGTERM stops accepting and drains in-flight requests. Logs are JSON on stderr.

EXAMPLES:
  gitops-guard serve --platform gitops-config --tls-cert tls/tls.crt --tls-key tls/tls.key
  gitops-guard serve --platform /platform --tls-cert /tls/tls.crt --tls-key /tls/tls.key \\
    --mode warn --exempt-user 'system:serviceaccount:kube-system:*'")]
pub(crate) struct ServeArgs {
    /// The platform repository root (the directory holding platform/base.yaml).
    #[arg(long, value_name = "DIR")]
    pub platform: String,
    /// PEM certificate chain.
    #[arg(long, value_name = "FILE")]
    pub tls_cert: PathBuf,
    /// PEM private key.
    #[arg(long, value_name = "FILE")]
    pub tls_key: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "0.0.0.0:8443")]
    pub listen: SocketAddr,
    /// Plain-HTTP address for /healthz, /readyz and /metrics only (probes, Prometheus).
    #[arg(long, value_name = "ADDR")]
    pub health_listen: Option<SocketAddr>,
    /// What findings do: deny (enforce), warn, or only get logged (audit).
    #[arg(long, value_enum, default_value_t = ModeArg::Enforce)]
    pub mode: ModeArg,
    /// A user let through unjudged (repeatable); a trailing `*` matches any suffix.
    #[arg(long = "exempt-user", value_name = "USER")]
    pub exempt_users: Vec<String>,
    /// Seconds between checks of the TLS files for rotation and of the platform for changes.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub reload_interval: u64,
    /// Seconds in-flight requests get to finish after SIGTERM.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub drain_timeout: u64,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
    /// Reviews judged at once (default: one per core); more wait up to 2 s
    /// for a slot, then get 503. The probes and /metrics never wait.
    #[arg(long, value_name = "N")]
    pub max_reviews: Option<usize>,
    /// Log level: error, warn, info or debug (debug logs every review).
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    pub log_level: tracing::Level,
}

/// Runs `gitops-guard serve` until SIGTERM or Ctrl-C.
pub(crate) fn run(args: ServeArgs) -> anyhow::Result<Outcome> {
    require_platform_root(&args.platform)?;
    gg_webhook::logging::init_json(args.log_level);
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(workers) = args.workers {
        runtime.worker_threads(workers.max(1));
    }
    let runtime = runtime
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut options = ServeOptions::new(args.listen, args.tls_cert, args.tls_key);
    let defaults = Settings::default();
    options.settings = Settings {
        mode: args.mode.into(),
        exemptions: Exemptions {
            users: args.exempt_users,
        },
        max_reviews: args.max_reviews.unwrap_or(defaults.max_reviews).max(1),
        ..defaults
    };
    options.reload_interval = Duration::from_secs(args.reload_interval.max(1));
    options.drain_timeout = Duration::from_secs(args.drain_timeout);
    options.health_listen = args.health_listen;
    let platform_dir = args.platform;
    runtime.block_on(async move {
        let running = serve(options, move || load(&platform_dir)).await?;
        running.run_until(shutdown_signal()).await
    })?;
    Ok(Outcome::Clean)
}

/// Loads the platform at `dir`; a directory without `platform/base.yaml` is an error.
fn load(dir: &str) -> Result<gg_platform::Platform, String> {
    open_platform(dir, &[]).map_err(|err| format!("{err:#}"))
}

/// SIGTERM (Kubernetes) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    () = ctrl_c => {}
                }
            }
            Err(_) => ctrl_c.await,
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}
