//! The bench's ceiling: a minimal hyper + rustls server (the webhook's TLS
//! configuration, ring, one worker thread) with no router, no platform, no
//! decoding and no rules, answering every request with one constant allowed
//! AdmissionReview. `scripts/webhook-bench.sh` runs it.
//!
//! Usage: ceiling ADDR CERT KEY (one worker thread, like `serve --workers 1` in the bench)
#![allow(clippy::print_stderr)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::body::Bytes;
use axum::http::{HeaderValue, Request, Response, header};
use gg_webhook::tls::PemFiles;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

const ANSWER: &str = r#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"d-1","allowed":true,"status":{}}}"#;

/// The `gitops-guard` binary's allocator, so that the figures compare like with like.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

async fn answer(_: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let mut response = Response::new(Full::new(Bytes::from_static(ANSWER.as_bytes())));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

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
        let acceptor = TlsAcceptor::from(files.server_config(&cert, &key)?);
        let listener = TcpListener::bind(addr).await?;
        loop {
            let (tcp, _) = listener.accept().await?;
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service_fn(answer))
                    .await;
            });
        }
    })
}
