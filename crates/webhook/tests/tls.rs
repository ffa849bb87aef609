//! The webhook end to end over real TLS with a generated CA: reviews, plain
//! HTTP, slow clients, certificate rotation, platform changes on disk,
//! graceful shutdown, and a failed platform load.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use gg_webhook::server::Running;
use gg_webhook::{ServeOptions, Settings, serve};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls_types::{ClientConfig, RootCertStore, ServerName};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

mod rustls_types {
    pub(crate) use tokio_rustls::rustls::pki_types::ServerName;
    pub(crate) use tokio_rustls::rustls::{ClientConfig, RootCertStore};
}

/// A CA and a function issuing server certificates for `localhost`.
struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
}

impl Ca {
    fn new() -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        Self {
            issuer: CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap(),
        }
    }

    /// Writes a fresh server certificate and key; returns the certificate's DER.
    fn issue(&self, cert: &Path, key: &Path) -> Vec<u8> {
        let params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        let pair = KeyPair::generate().unwrap();
        let certificate = params.signed_by(&pair, &self.issuer).unwrap();
        std::fs::write(cert, certificate.pem()).unwrap();
        std::fs::write(key, pair.serialize_pem()).unwrap();
        certificate.der().to_vec()
    }

    fn client(
        &self,
        versions: &[&'static tokio_rustls::rustls::SupportedProtocolVersion],
    ) -> TlsConnector {
        let mut roots = RootCertStore::empty();
        roots.add(self.issuer.der().clone()).unwrap();
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        TlsConnector::from(Arc::new(config))
    }
}

struct Server {
    running: Running,
    ca: Ca,
    dir: tempfile::TempDir,
}

impl Server {
    async fn start(tune: impl FnOnce(&mut ServeOptions)) -> Self {
        Self::start_with(|| Ok(support::platform()), tune).await
    }

    /// A server judging with the platform `load` returns (asked again at
    /// every reload interval).
    async fn start_with(
        load: impl Fn() -> Result<gg_platform::Platform, String> + Send + Sync + 'static,
        tune: impl FnOnce(&mut ServeOptions),
    ) -> Self {
        let ca = Ca::new();
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("tls.crt"), dir.path().join("tls.key"));
        ca.issue(&cert, &key);
        let mut options = ServeOptions::new("127.0.0.1:0".parse().unwrap(), cert, key);
        options.reload_interval = Duration::from_millis(100);
        tune(&mut options);
        let running = serve(options, load).await.unwrap();
        let server = Self { running, ca, dir };
        server.wait_ready().await;
        server
    }

    fn addr(&self) -> SocketAddr {
        self.running.addr
    }

    async fn connect(&self) -> tokio_rustls::client::TlsStream<TcpStream> {
        let client = self.ca.client(tokio_rustls::rustls::ALL_VERSIONS);
        connect(self.addr(), client).await
    }

    /// One request on its own connection; returns (status, body).
    async fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let client = self.ca.client(tokio_rustls::rustls::ALL_VERSIONS);
        request(self.addr(), client, method, path, body.to_vec()).await
    }

    async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.request("GET", "/readyz", b"").await.0 != 200 {
            assert!(Instant::now() < deadline, "not ready");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// A TLS connection to `addr` for `localhost`.
async fn connect(
    addr: SocketAddr,
    client: TlsConnector,
) -> tokio_rustls::client::TlsStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.unwrap();
    client
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await
        .unwrap()
}

/// One request to `addr` on its own TLS connection; returns (status, body).
async fn request(
    addr: SocketAddr,
    client: TlsConnector,
    method: &str,
    path: &str,
    body: Vec<u8>,
) -> (u16, String) {
    let mut tls = connect(addr, client).await;
    send(&mut tls, method, path, &body).await;
    read_response(&mut tls).await
}

async fn send<S: tokio::io::AsyncWrite + Unpin>(
    stream: &mut S,
    method: &str,
    path: &str,
    body: &[u8],
) {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    stream.flush().await.unwrap();
}

async fn read_response<S: tokio::io::AsyncRead + Unpin>(stream: &mut S) -> (u16, String) {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes).await;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn response_of(body: &str) -> Value {
    let review: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    review["response"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reviews_over_tls_with_a_generated_ca() {
    let server = Server::start(|_| {}).await;
    let (status, body) = server
        .request("POST", "/validate", &support::fixture("allowed-deployment"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(response_of(&body)["allowed"], true);
    let (status, body) = server
        .request(
            "POST",
            "/validate",
            &support::fixture("denied-vaultstaticsecret"),
        )
        .await;
    assert_eq!(status, 200);
    let response = response_of(&body);
    assert_eq!(response["uid"], "v-2");
    assert_eq!(response["allowed"], false);
    assert!(
        response["status"]["message"]
            .as_str()
            .unwrap()
            .contains("[secret-path-denied]")
    );
    // TLS 1.2 and 1.3 both work (rustls speaks nothing older).
    for version in [
        &tokio_rustls::rustls::version::TLS12,
        &tokio_rustls::rustls::version::TLS13,
    ] {
        let tcp = TcpStream::connect(server.addr()).await.unwrap();
        let mut tls = server
            .ca
            .client(&[version])
            .connect(ServerName::try_from("localhost").unwrap(), tcp)
            .await
            .unwrap();
        send(&mut tls, "GET", "/healthz", b"").await;
        assert_eq!(read_response(&mut tls).await, (200, "ok".to_owned()));
    }
    server.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_gets_a_readable_answer_and_others_are_still_served() {
    let server = Server::start(|_| {}).await;
    let mut plain = TcpStream::connect(server.addr()).await.unwrap();
    send(
        &mut plain,
        "POST",
        "/validate",
        &support::fixture("allowed-deployment"),
    )
    .await;
    let (status, body) = read_response(&mut plain).await;
    assert_eq!(status, 400);
    assert!(body.contains("HTTPS"), "{body}");
    let (status, _) = server
        .request("POST", "/validate", &support::fixture("allowed-deployment"))
        .await;
    assert_eq!(status, 200);
    server.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_time_out_while_others_are_served() {
    let server = Server::start(|options| {
        options.header_timeout = Duration::from_millis(500);
        options.handshake_timeout = Duration::from_millis(500);
        options.settings.body_timeout = Duration::from_millis(500);
    })
    .await;
    // Headers that never end.
    let mut slow_headers = server.connect().await;
    slow_headers
        .write_all(b"POST /validate HTTP/1.1\r\nHost: localhost\r\n")
        .await
        .unwrap();
    // A body that never arrives in full.
    let mut slow_body = server.connect().await;
    slow_body
        .write_all(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\"")
        .await
        .unwrap();
    // A TCP client that never starts the handshake.
    let mut silent = TcpStream::connect(server.addr()).await.unwrap();
    let started = Instant::now();
    for _ in 0..5 {
        let (status, _) = server
            .request("POST", "/validate", &support::fixture("denied-deployment"))
            .await;
        assert_eq!(status, 200);
    }
    let (status, _) = read_response(&mut slow_body).await;
    assert_eq!(status, 408, "the slow body gets 408 Request Timeout");
    let (status, _) = read_response(&mut slow_headers).await;
    assert!(
        status == 408 || status == 0,
        "the slow header is cut off ({status})"
    );
    let mut buf = [0_u8; 1];
    let closed = tokio::time::timeout(Duration::from_secs(5), silent.read(&mut buf)).await;
    assert!(
        matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
        "the silent client is disconnected"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    server.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_certificate_is_served_without_a_restart() {
    let server = Server::start(|_| {}).await;
    let peer = |stream: &tokio_rustls::client::TlsStream<TcpStream>| {
        stream.get_ref().1.peer_certificates().unwrap()[0].to_vec()
    };
    let before = peer(&server.connect().await);
    let (cert, key) = (
        server.dir.path().join("tls.crt"),
        server.dir.path().join("tls.key"),
    );
    let rotated = server.ca.issue(&cert, &key);
    assert_ne!(before, rotated);
    let deadline = Instant::now() + Duration::from_secs(5);
    while peer(&server.connect().await) != rotated {
        assert!(
            Instant::now() < deadline,
            "the new certificate was not picked up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A broken rotation keeps the current certificate.
    std::fs::write(&cert, "not a certificate").unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(peer(&server.connect().await), rotated);
    server.running.shutdown().await.unwrap();
}

/// Polls `condition` until it holds (the platform is re-read every 100 ms).
async fn eventually<F: std::future::Future<Output = bool>>(what: &str, condition: impl Fn() -> F) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !condition().await {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_registered_on_disk_is_seen_by_the_next_reviews() {
    // The platform repository on disk, as the mounted ConfigMaps hold it.
    let repo = tempfile::tempdir().unwrap();
    let example = support::root().join("fixtures/example/gitops-config");
    for file in [
        "platform/base.yaml",
        "platform/core.yaml",
        "shared/k8app-defaults.yaml",
    ] {
        let to = repo.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(example.join(file), to).unwrap();
    }
    let dir = repo.path().display().to_string();
    let load = move || {
        let options = gg_platform::LoadOptions {
            platform_dir: Some(dir.clone()),
            ..gg_platform::LoadOptions::default()
        };
        Ok(gg_platform::load_platform(
            &gg_platform::FsSource,
            &[],
            &options,
        ))
    };
    let server = Server::start_with(load, |options| {
        options.health_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    // A Deployment of `basket`, a service the platform does not know yet.
    let mut review: Value = serde_json::from_slice(&support::fixture("denied-deployment")).unwrap();
    let object = &mut review["request"]["object"];
    object["metadata"]["name"] = "basket".into();
    object["metadata"]["labels"]["app"] = "basket".into();
    object["metadata"]["labels"]["release"] = "basket-prod".into();
    let body = serde_json::to_vec(&review).unwrap();
    let message = |body: String| {
        response_of(&body)["status"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let before = message(server.request("POST", "/validate", &body).await.1);
    assert!(before.contains("name no service"), "{before}");

    let core = repo.path().join("platform/core.yaml");
    let registered = std::fs::read_to_string(&core).unwrap().replace(
        "\nservices:\n",
        "\nservices:\n  basket:\n    repoURL: https://gitlab.com/acme-shop/services/basket.git\n",
    );
    std::fs::write(&core, &registered).unwrap();
    eventually("the review names basket's files", || async {
        message(server.request("POST", "/validate", &body).await.1)
            .contains("fix `imagePullSecrets` in basket/.cicd/prod.yaml or basket/.cicd/default.yaml (service `basket`, Application `basket-prod`)")
    })
    .await;

    // Files that do not load: the last platform stays, and says so.
    let health = server.running.health_addr.unwrap();
    let get = |path: &'static str| async move {
        let mut plain = TcpStream::connect(health).await.unwrap();
        send(&mut plain, "GET", path, b"").await;
        read_response(&mut plain).await
    };
    std::fs::write(&core, "services: [unclosed\n").unwrap();
    eventually("/readyz says the files do not load", || async {
        get("/readyz").await.1.contains("do not load")
    })
    .await;
    let (status, ready) = get("/readyz").await;
    assert_eq!(status, 200, "a stale platform still judges: {ready}");
    assert!(ready.contains("core.yaml"), "{ready}");
    let still = message(server.request("POST", "/validate", &body).await.1);
    assert!(still.contains("basket/.cicd/prod.yaml"), "{still}");
    let metrics = get("/metrics").await.1;
    for line in [
        r#"gitops_guard_admission_platform_reloads_total{result="applied"} 1"#,
        r#"gitops_guard_admission_platform_reloads_total{result="rejected"} 1"#,
        "gitops_guard_admission_platform_stale 1",
    ] {
        assert!(metrics.contains(line), "missing {line} in\n{metrics}");
    }

    // Fixed again: current, not stale.
    std::fs::write(&core, &registered).unwrap();
    eventually("/readyz is plainly ready again", || async {
        get("/readyz").await.1 == "ready"
    })
    .await;
    assert!(
        get("/metrics")
            .await
            .1
            .contains("gitops_guard_admission_platform_stale 0")
    );
    server.running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_drains_in_flight_requests() {
    let server = Server::start(|_| {}).await;
    let body = support::fixture("denied-deployment");
    let mut in_flight = server.connect().await;
    let (head, tail) = body.split_at(body.len() / 2);
    let request_head = format!(
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    in_flight.write_all(request_head.as_bytes()).await.unwrap();
    in_flight.write_all(head).await.unwrap();
    in_flight.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let addr = server.addr();
    let shutdown = tokio::spawn(server.running.shutdown());
    tokio::time::sleep(Duration::from_millis(100)).await;
    in_flight.write_all(tail).await.unwrap();
    in_flight.flush().await.unwrap();
    let (status, body) = read_response(&mut in_flight).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(response_of(&body)["allowed"], false);
    shutdown.await.unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_platform_that_does_not_load_stops_the_server() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("tls.crt"), dir.path().join("tls.key"));
    ca.issue(&cert, &key);
    let options = ServeOptions::new("127.0.0.1:0".parse().unwrap(), cert.clone(), key.clone());
    let running = serve(options, || Err("no platform/base.yaml".to_owned()))
        .await
        .unwrap();
    let ended = tokio::time::timeout(
        Duration::from_secs(5),
        running.run_until(std::future::pending()),
    )
    .await;
    let error = ended.expect("the server stops by itself").unwrap_err();
    assert!(
        error.to_string().contains("no platform/base.yaml"),
        "{error}"
    );
    // Unusable TLS files fail at once.
    std::fs::write(&cert, "garbage").unwrap();
    let options = ServeOptions {
        settings: Settings::default(),
        ..ServeOptions::new("127.0.0.1:0".parse().unwrap(), cert, key)
    };
    assert!(serve(options, || Ok(support::platform())).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_large_reviews_leaves_the_probes_answering() {
    let server = Server::start(|options| {
        options.health_listen = Some("127.0.0.1:0".parse().unwrap());
        options.settings.max_reviews = 1;
    })
    .await;
    let health = server.running.health_addr.unwrap();
    let body = support::large_review(1024 * 1024);
    let flood: Vec<_> = (0..16)
        .map(|_| {
            let client = server.ca.client(tokio_rustls::rustls::ALL_VERSIONS);
            tokio::spawn(request(
                server.addr(),
                client,
                "POST",
                "/validate",
                body.clone(),
            ))
        })
        .collect();
    let mut rounds_during_the_flood = 0;
    while flood.iter().any(|review| !review.is_finished()) {
        for path in ["/healthz", "/readyz", "/metrics"] {
            let mut plain = TcpStream::connect(health).await.unwrap();
            send(&mut plain, "GET", path, b"").await;
            assert_eq!(read_response(&mut plain).await.0, 200, "{path}");
        }
        if flood.iter().any(|review| !review.is_finished()) {
            rounds_during_the_flood += 1;
        }
    }
    assert!(
        rounds_during_the_flood > 0,
        "the probes answered while reviews were in flight"
    );
    for review in flood {
        let (status, body) = review.await.unwrap();
        match status {
            200 => assert_eq!(response_of(&body)["allowed"], true),
            503 => assert_eq!(body, "too many reviews in flight: try again\n"),
            other => panic!("{other}: {body}"),
        }
    }
    server.running.shutdown().await.unwrap();
}
