//! The bench's ceiling: the same stack (axum + axum-server + rustls/ring) with
//! no platform, no decoding and no rules, answering every POST /validate with
//! one constant allowed AdmissionReview. `scripts/webhook-bench.sh` runs it.
//!
//! Usage: ceiling ADDR CERT KEY (one worker thread, like `serve --workers 1` in the bench)
#![allow(clippy::print_stderr)]

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::routing::post;
use axum_server::tls_rustls::RustlsConfig;
use gg_webhook::tls::PemFiles;

const ANSWER: &str = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"d-1","allowed":true,"status":{}}}"#;

/// The `gitops-guard` binary's allocator, so that the figures compare like with like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(addr), Some(cert), Some(key)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: ceiling ADDR CERT KEY");
        std::process::exit(2);
    };
    let addr: SocketAddr = addr.parse()?;
    let (cert, key) = (PathBuf::from(cert), PathBuf::from(key));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let files = PemFiles::read(&cert, &key).await?;
        let config = RustlsConfig::from_config(files.server_config(&cert, &key)?);
        let app = Router::new().route(
            "/validate",
            post(|| async { ([("content-type", "application/json")], ANSWER) }),
        );
        axum_server::bind_rustls(addr, config)
            .serve(app.into_make_service())
            .await?;
        Ok(())
    })
}
