//! No input and no reader may crash the binary: a closed pipe ends a command
//! quietly with 141, a full disk is an error with exit code 2, `vault plan`'s
//! usage errors never exit 2 (which means "changes"), every command's help
//! has examples, and the preview server says nothing when a browser drops a
//! connection.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

mod support;
use support::repo;

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gitops-guard"));
    command.current_dir(repo()).env("NO_COLOR", "1");
    command
}

/// Commands whose output is read by another program.
fn printing_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["schema", "k8app"],
        vec!["rules"],
        vec!["explain", "secret-path-denied"],
        vec!["lint", "fixtures/example"],
        vec!["lint", "fixtures/example", "--format", "sarif"],
        vec![
            "values",
            "fixtures/example/services/orders",
            "--env",
            "prod",
        ],
        vec![
            "render",
            "fixtures/example/services/orders",
            "--env",
            "prod",
        ],
        vec![
            "vault", "policy", "render", "--prefix", "acme", "--env", "dev",
        ],
        vec![
            "platform",
            "render",
            "--platform",
            "fixtures/example/gitops-config",
        ],
        vec!["--help"],
        vec!["lint", "--help"],
    ]
}

#[test]
fn a_reader_that_closed_the_pipe_ends_the_command_quietly_with_141() {
    for args in printing_commands() {
        // The reading end is closed before the command starts, so its first
        // write meets a closed pipe (as `| head -1` does after one line).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = binary()
            .args(&args)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        // Only the platform line of the commands that print it there, and
        // the warnings about the input printed before the output.
        assert!(
            stderr
                .lines()
                .all(|line| line.starts_with("platform: ") || line.starts_with("warning: ")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_full_disk_is_an_error_with_exit_code_2() {
    if !std::path::Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    for args in printing_commands() {
        let out = binary()
            .args(&args)
            .stdout(Stdio::from(fs::File::create("/dev/full").unwrap()))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn vault_plan_usage_errors_are_never_taken_for_changes() {
    for (args, code) in [
        (vec!["vault", "plan", "--bogus"], 64),
        (
            vec!["vault", "plan", "--kubernetes-host", "https://k8s:6443"],
            64,
        ),
        (vec!["vault", "plan", "--platform", "no/such/dir"], 64),
        (vec!["vault", "apply", "--bogus"], 2),
        (vec!["vault", "check", "--bogus"], 2),
        (vec!["lint", "--bogus"], 2),
        (vec!["vault", "plan", "--help"], 0),
    ] {
        let out = binary().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_command_help_has_examples() {
    for args in [
        vec!["rules"],
        vec!["explain"],
        vec!["platform"],
        vec!["platform", "render"],
        vec!["vault"],
        vec!["vault", "plan"],
        vec!["vault", "apply"],
        vec!["vault", "check"],
        vec!["vault", "policy", "lint"],
        vec!["vault", "policy", "render"],
        vec!["vault", "capabilities"],
        vec!["lint"],
        vec!["values"],
        vec!["render"],
        vec!["set-image"],
        vec!["new-service"],
        vec!["init"],
        vec!["serve"],
        vec!["schema"],
        vec!["preview"],
    ] {
        let out = binary().args(&args).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            help.contains("EXAMPLES:"),
            "{args:?} --help has no examples:\n{help}"
        );
    }
}

#[test]
fn an_error_prints_its_cause_once() {
    let dir = support::example();
    let out = binary()
        .current_dir(dir.path())
        .args([
            "serve",
            "--platform",
            "gitops-config",
            "--tls-cert",
            "nope.crt",
            "--tls-key",
            "nope.key",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );

    let dev = dir.path().join("services/catalog/.cicd/dev.yaml");
    fs::write(&dev, fs::read_to_string(&dev).unwrap() + "image: [\n").unwrap();
    let out = binary()
        .current_dir(dir.path())
        .args([
            "set-image",
            "--env",
            "dev",
            "--tag",
            "v1",
            "services/catalog",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("YAML syntax error").count(), 1, "{stderr}");
}

#[test]
fn the_preview_says_nothing_when_a_browser_drops_a_connection() {
    let dist = tempfile::tempdir().unwrap();
    fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>p</title>\n",
    )
    .unwrap();
    fs::write(dist.path().join("gg_wasm_bg.wasm"), vec![0_u8; 8 << 20]).unwrap();
    let mut server = binary()
        .args(["preview", "--port", "0", "--dir"])
        .arg(dist.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    let address = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {banner:?}"))
        .to_owned();
    for _ in 0..3 {
        let mut dropped = TcpStream::connect(&address).unwrap();
        dropped
            .write_all(b"GET /gg_wasm_bg.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut first = [0_u8; 16];
        dropped.read_exact(&mut first).unwrap();
        drop(dropped);
    }
    let mut page = TcpStream::connect(&address).unwrap();
    page.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    page.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    server.kill().unwrap();
    let mut stderr = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    server.wait().unwrap();
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("Connection reset"), "{stderr}");
}
