//! `gg-bench webhook-load`: HTTPS load on an admission webhook at a
//! constant rate, with latencies counted from when each request was due
//! (as wrk2 does), or as fast as the answers come (the maximum rate).
//!
//! Every connection keeps its own schedule ([`schedule`]); a request that
//! finds its connection still busy is late, and its latency includes the
//! wait. The run is recorded per second ([`record`]), so a slow moment shows
//! in its second and minute rather than only in the run's percentiles. The
//! generator runs on one thread (pin it to its own core).

mod record;
mod schedule;
mod tls;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, HOST};
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use record::{Recorder, Summary};
use schedule::Schedule;

/// What to load and how.
#[derive(Debug, Clone)]
pub(crate) struct LoadOptions {
    /// The webhook's URL, `https://HOST:PORT/PATH`.
    pub(crate) url: String,
    /// The request body (an AdmissionReview).
    pub(crate) body: Bytes,
    /// Connections kept open.
    pub(crate) connections: usize,
    /// How long the load lasts.
    pub(crate) length: Duration,
    /// Requests per second; `None`: as fast as the answers come.
    pub(crate) rate: Option<f64>,
    /// Seconds per line of the report.
    pub(crate) interval: usize,
}

/// A finished run, by second.
#[derive(Debug)]
pub(crate) struct LoadRun {
    options: LoadOptions,
    recorder: Recorder,
}

impl LoadRun {
    /// Loads the webhook as `options` say; fails only when the URL is not
    /// usable (a request that fails is counted, not fatal).
    pub(crate) fn execute(options: LoadOptions) -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the runtime")?;
        let recorder = runtime.block_on(load(&options))?;
        Ok(Self { options, recorder })
    }

    /// The run as a whole.
    fn total(&self) -> Summary {
        self.recorder.span(0, self.recorder.len())
    }

    /// The run in intervals of the report's length.
    fn intervals(&self) -> Vec<(usize, Summary)> {
        let step = self.options.interval.max(1);
        let seconds = self.options.length.as_secs();
        let seconds = usize::try_from(seconds).unwrap_or(usize::MAX);
        (0..seconds)
            .step_by(step)
            .map(|from| (from, self.recorder.span(from, from.saturating_add(step))))
            .collect()
    }

    /// A table: a line per interval and the whole run.
    pub(crate) fn table(&self) -> String {
        let mut out = String::from(
            "  from s    req/s    p50 ms    p99 ms  p99.9 ms    max ms  non-2xx  failed\n",
        );
        let line = |label: String, s: &Summary| {
            format!(
                "{label:>8} {:>8.0} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>8} {:>7}\n",
                s.rate(),
                s.millis_at(0.5),
                s.millis_at(0.99),
                s.millis_at(0.999),
                s.longest_millis(),
                s.non_2xx,
                s.failed
            )
        };
        for (from, summary) in self.intervals() {
            out.push_str(&line(from.to_string(), &summary));
        }
        out.push_str(&line("all".to_owned(), &self.total()));
        for (reason, count) in self.recorder.reasons() {
            out.push_str(&format!("failed {count}×: {reason}\n"));
        }
        out
    }

    /// The run as JSON: the options, the whole, each interval and each
    /// second (times in milliseconds).
    pub(crate) fn json(&self) -> Value {
        let intervals: Vec<Value> = self
            .intervals()
            .into_iter()
            .map(|(from, summary)| {
                let mut value = summary.json();
                if let Some(fields) = value.as_object_mut() {
                    fields.insert("from_second".to_owned(), json!(from));
                }
                value
            })
            .collect();
        let seconds = usize::try_from(self.options.length.as_secs()).unwrap_or(usize::MAX);
        let per_second: Vec<Value> = (0..seconds.min(self.recorder.len()))
            .map(|second| {
                let summary = self.recorder.span(second, second + 1);
                json!([
                    summary.answered(),
                    summary.millis_at(0.99),
                    summary.longest_millis()
                ])
            })
            .collect();
        json!({
            "url": self.options.url,
            "connections": self.options.connections,
            "seconds": self.options.length.as_secs(),
            "rate": self.options.rate,
            "total": self.total().json(),
            "intervals": intervals,
            "per_second": {"columns": ["answered", "p99_ms", "max_ms"], "rows": per_second},
            "failures": self.recorder.reasons(),
        })
    }
}

/// Where the requests go and what they carry.
struct Target {
    addr: SocketAddr,
    server_name: ServerName<'static>,
    host: String,
    path: Uri,
    body: Bytes,
    connector: TlsConnector,
}

impl Target {
    async fn new(options: &LoadOptions) -> anyhow::Result<Self> {
        let url: Uri = options
            .url
            .parse()
            .with_context(|| format!("not a URL: {}", options.url))?;
        if url.scheme_str() != Some("https") {
            bail!("the webhook is served over HTTPS: expected https://HOST:PORT/PATH");
        }
        let Some(authority) = url.authority() else {
            bail!("no host in {}", options.url);
        };
        let port = authority.port_u16().unwrap_or(443);
        let addr = tokio::net::lookup_host((authority.host(), port))
            .await
            .with_context(|| format!("cannot resolve {}", authority.host()))?
            .next()
            .with_context(|| format!("{} has no address", authority.host()))?;
        let server_name = ServerName::try_from(authority.host().to_owned())
            .with_context(|| format!("not a server name: {}", authority.host()))?;
        let path = url
            .path_and_query()
            .map_or("/", |path| path.as_str())
            .parse()
            .context("the URL's path")?;
        let config = tls::insecure_client().context("the TLS client")?;
        Ok(Self {
            addr,
            server_name,
            host: authority.as_str().to_owned(),
            path,
            body: options.body.clone(),
            connector: TlsConnector::from(Arc::new(config)),
        })
    }

    /// A new keep-alive connection.
    async fn connect(&self) -> anyhow::Result<SendRequest<Full<Bytes>>> {
        let tcp = TcpStream::connect(self.addr).await?;
        tcp.set_nodelay(true)?;
        let tls = self
            .connector
            .connect(self.server_name.clone(), tcp)
            .await?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls)).await?;
        tokio::spawn(connection);
        Ok(sender)
    }

    /// Sends one review on `sender`; the answer's status.
    async fn exchange(&self, sender: &mut SendRequest<Full<Bytes>>) -> anyhow::Result<u16> {
        sender.ready().await?;
        let request = Request::post(self.path.clone())
            .header(HOST, self.host.as_str())
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(self.body.clone()))?;
        let response = sender.send_request(request).await?;
        let status = response.status().as_u16();
        response.into_body().collect().await?;
        Ok(status)
    }
}

/// One connection's requests: it reconnects after a failure.
struct Client {
    target: Arc<Target>,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    /// Sends one review; its status, or why it failed.
    async fn send(&mut self) -> Result<u16, String> {
        let sender = match self.sender.as_mut() {
            Some(sender) => sender,
            None => self.sender.insert(
                self.target
                    .connect()
                    .await
                    .map_err(|error| format!("connect: {error:#}"))?,
            ),
        };
        match self.target.exchange(sender).await {
            Ok(status) => Ok(status),
            Err(error) => {
                self.sender = None;
                Err(format!("request: {error:#}"))
            }
        }
    }
}

type Shared = Arc<Mutex<Recorder>>;

async fn load(options: &LoadOptions) -> anyhow::Result<Recorder> {
    let target = Arc::new(Target::new(options).await?);
    let recorder: Shared = Arc::new(Mutex::new(Recorder::new(options.length)?));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for index in 0..options.connections.max(1) {
        let client = Client {
            target: Arc::clone(&target),
            sender: None,
        };
        let recorder = Arc::clone(&recorder);
        tasks.push(match options.rate {
            Some(rate) => {
                let Some(schedule) =
                    Schedule::new(rate, options.connections.max(1), index, options.length)
                else {
                    bail!("the rate must be a positive number of requests per second");
                };
                tokio::spawn(paced(client, schedule, start, recorder))
            }
            None => tokio::spawn(flat_out(client, start, options.length, recorder)),
        });
    }
    for task in tasks {
        task.await.context("a connection's task stopped")?;
    }
    let recorder = Arc::try_unwrap(recorder)
        .map(|mutex| mutex.into_inner().unwrap_or_else(PoisonError::into_inner))
        .unwrap_or_else(|shared| {
            shared
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
        });
    Ok(recorder)
}

/// Sends each request when it is due (or at once when it is late).
async fn paced(mut client: Client, schedule: Schedule, start: Instant, recorder: Shared) {
    for k in 0.. {
        let Some(due) = schedule.due(k) else {
            return;
        };
        let at = start + due;
        wait_until(at).await;
        let answer = client.send().await;
        let latency = Instant::now().saturating_duration_since(at);
        note(&recorder, due, latency, answer);
    }
}

/// Waits for `at` with microsecond precision: the runtime's timer (1 ms
/// steps) up to a millisecond before, then yielding until it is time.
async fn wait_until(at: Instant) {
    if let Some(early) = at.checked_sub(Duration::from_millis(1)) {
        tokio::time::sleep_until(early.into()).await;
    }
    while Instant::now() < at {
        tokio::task::yield_now().await;
    }
}

/// Sends the next request as soon as the last is answered.
async fn flat_out(mut client: Client, start: Instant, length: Duration, recorder: Shared) {
    loop {
        let sent = Instant::now();
        let due = sent.saturating_duration_since(start);
        if due >= length {
            return;
        }
        let answer = client.send().await;
        if answer.is_err() {
            // a refused connection must not spin
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        note(&recorder, due, sent.elapsed(), answer);
    }
}

fn note(recorder: &Shared, due: Duration, latency: Duration, answer: Result<u16, String>) {
    let mut recorder = recorder.lock().unwrap_or_else(PoisonError::into_inner);
    match answer {
        Ok(status) => recorder.record(due, latency, status),
        Err(reason) => recorder.fail(due, reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(url: &str) -> LoadOptions {
        LoadOptions {
            url: url.to_owned(),
            body: Bytes::from_static(b"{}"),
            connections: 2,
            length: Duration::from_secs(1),
            rate: Some(10.0),
            interval: 1,
        }
    }

    #[test]
    fn the_url_must_be_https_with_a_host() {
        for url in ["http://127.0.0.1:8443/validate", "not a url", "/validate"] {
            assert!(LoadRun::execute(options(url)).is_err(), "{url}");
        }
    }

    #[test]
    fn a_rate_that_is_not_positive_is_refused() {
        let mut options = options("https://127.0.0.1:9/validate");
        options.rate = Some(0.0);
        let error = LoadRun::execute(options).unwrap_err().to_string();
        assert!(error.contains("positive"), "{error}");
    }

    /// A TLS server on 127.0.0.1 answering `status` to every request, on
    /// its own thread; its port.
    fn serve(status: u16) -> u16 {
        use hyper::service::service_fn;
        use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
        let key = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.signing_key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![key.cert.der().clone()], der)
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                loop {
                    let (tcp, _) = listener.accept().await.unwrap();
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let Ok(tls) = acceptor.accept(tcp).await else {
                            return;
                        };
                        let answer = service_fn(move |_request| async move {
                            hyper::Response::builder()
                                .status(status)
                                .body(Full::new(Bytes::from_static(b"{}")))
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(tls), answer)
                            .await;
                    });
                }
            });
        });
        port
    }

    #[test]
    fn a_paced_run_sends_the_rate_and_records_every_answer() {
        let port = serve(200);
        let mut options = options(&format!("https://localhost:{port}/validate"));
        options.rate = Some(200.0);
        options.length = Duration::from_secs(2);
        let run = LoadRun::execute(options).unwrap();
        let total = run.total();
        assert_eq!((total.answered(), total.non_2xx, total.failed), (400, 0, 0));
        assert!((total.rate() - 200.0).abs() < 1e-9, "{}", total.rate());
        assert_eq!(
            run.json()["per_second"]["rows"].as_array().unwrap().len(),
            2
        );
    }

    #[test]
    fn answers_that_are_not_2xx_are_counted_and_flat_out_runs_until_the_end() {
        let port = serve(503);
        let mut options = options(&format!("https://127.0.0.1:{port}/validate"));
        options.rate = None;
        let run = LoadRun::execute(options).unwrap();
        let total = run.total();
        assert!(total.answered() > 0);
        assert_eq!((total.non_2xx, total.failed), (total.answered(), 0));
    }

    #[test]
    fn a_server_that_is_not_there_fails_every_request_and_says_why() {
        // port 9 (discard) is closed on the test machine: every connect is refused
        let run = LoadRun::execute(options("https://127.0.0.1:9/validate")).unwrap();
        let total = run.total();
        assert_eq!(total.answered(), 0);
        assert_eq!(total.failed, 10);
        let json = run.json();
        assert_eq!(json["total"]["failed"], 10);
        assert!(run.table().contains("connect:"), "{}", run.table());
    }
}
