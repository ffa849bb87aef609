//! `gitops-guard preview`: serves the browser preview (built into `wasm/dist/`
//! by `scripts/build-wasm.sh`) from a small local static file server.
//!
//! The page has no server logic: the engine runs in the browser as
//! WebAssembly, so this is only a convenience to open it from a checkout.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

use anyhow::{Context, bail};
use clap::Args;

use crate::exit::{self, Outcome};
use crate::output;
use crate::status;

/// Arguments of `gitops-guard preview`.
#[derive(Debug, Args)]
#[command(after_long_help = "EXAMPLES:
  scripts/build-wasm.sh && gitops-guard preview --open
  gitops-guard preview --port 9000 --dir /srv/gitops-guard-preview

The page is static: edit .cicd/default.yaml and the overlays of a preset, pick an
environment, and see the findings at their lines, the merged values with the file:line
of every value, the rendered manifests and which Vault policy rule grants each secret.
The state lives in the URL fragment (Share copies a link). Nothing is uploaded.")]
pub(crate) struct PreviewArgs {
    /// Port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, default_value_t = 8737)]
    pub port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The built page (default: wasm/dist of the current directory or of this checkout).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `gitops-guard preview` until interrupted.
pub(crate) fn run(args: PreviewArgs) -> anyhow::Result<Outcome> {
    let dir = built_page(args.dir.as_deref())?;
    let listener = TcpListener::bind(("127.0.0.1", args.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", args.port))?;
    let url = format!("http://{}/", listener.local_addr()?);
    output::println(format!("serving {} at {url} (Ctrl-C stops)", dir.display()))?;
    output::flush()?;
    if args.open {
        open_browser(&url);
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let dir = dir.clone();
        thread::spawn(move || {
            if let Err(err) = serve(stream, &dir)
                && !dropped_by_the_browser(&err)
            {
                status!("preview: {}", exit::message(&err));
            }
        });
    }
    Ok(Outcome::Clean)
}

/// True when the browser went away mid-answer (a reload, a closed tab, a
/// cancelled request): the usual life of a local server, not worth a message.
fn dropped_by_the_browser(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| {
            matches!(
                io.kind(),
                std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::UnexpectedEof
            )
        })
}

/// The directory holding the built `index.html`.
fn built_page(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    let candidates: Vec<PathBuf> = match explicit {
        Some(dir) => vec![dir.to_path_buf()],
        None => vec![
            PathBuf::from("wasm/dist"),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wasm/dist"),
        ],
    };
    for dir in &candidates {
        if dir.join("index.html").is_file() && dir.join("gg_wasm_bg.wasm").is_file() {
            return Ok(dir.canonicalize().unwrap_or_else(|_| dir.clone()));
        }
    }
    bail!(
        "no built preview in {}: run scripts/build-wasm.sh first (it builds the page into wasm/dist/)",
        candidates
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    )
}

/// Answers one request: GET/HEAD of a file below `root`.
fn serve(stream: TcpStream, root: &Path) -> anyhow::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            true,
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match resolve(root, path).and_then(|file| Some((fs::read(&file).ok()?, file))) {
        Some((body, file)) => respond(
            &mut stream,
            "200 OK",
            content_type(&file),
            &body,
            method == "GET",
        ),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "GET",
        ),
    }
}

/// The file a URL path names below `root`; `None` for anything leaving it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = url_path.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let candidate = Path::new(relative);
    if !candidate
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = root.join(candidate);
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> anyhow::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()?;
    Ok(())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener).arg(url).spawn() {
        status!("cannot open a browser ({opener}: {err}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_inside_the_root_only() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("index.html"), "<html>").unwrap();
        fs::write(root.path().join("app.js"), "").unwrap();
        assert_eq!(
            resolve(root.path(), "/"),
            Some(root.path().join("index.html"))
        );
        assert_eq!(
            resolve(root.path(), "/app.js"),
            Some(root.path().join("app.js"))
        );
        assert_eq!(resolve(root.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(root.path(), "/missing.js"), None);
        assert_eq!(resolve(root.path(), "//etc/passwd"), None);
    }

    #[test]
    fn wasm_is_served_with_its_mime_type() {
        assert_eq!(
            content_type(Path::new("a/gg_wasm_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("index.html")),
            "text/html; charset=utf-8"
        );
    }

    #[test]
    fn a_missing_build_names_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let err = built_page(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("scripts/build-wasm.sh"), "{err}");
    }
}
