//! Mapping of command outcomes to the process exit codes of the CLI contract
//! (README: Exit codes).

use std::process::ExitCode;

use crate::output::{self, StdoutError};
use crate::status;

/// Exit code of a usage error or an input that cannot be read.
pub(crate) const USAGE: u8 = 2;
/// Exit code of a usage error of `vault plan`, whose 2 means "changes to
/// apply" (sysexits' `EX_USAGE`).
pub(crate) const PLAN_USAGE: u8 = 64;
/// Exit code when standard output was closed before everything was written,
/// as a shell reports a process killed by SIGPIPE (128 + 13).
pub(crate) const CLOSED_PIPE: u8 = 141;

/// What a command reports back to `main` when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing at error severity was found.
    Clean,
    /// At least one finding at error severity.
    Findings,
    /// A command with its own exit-code contract, already reported
    /// (`vault plan`: 0 no changes, 1 error, 2 changes).
    Code(u8),
}

/// A mistake in how the command was called: a path the user named that
/// cannot be read, nothing to work on, a flag that does not fit.
#[derive(Debug)]
pub(crate) struct Usage(pub(crate) String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A [`Usage`] error with this message.
pub(crate) fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}

/// True when `err` is a [`Usage`] error.
pub(crate) fn is_usage(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| cause.is::<Usage>())
}

/// True when `err` is standard output closed by its reader.
pub(crate) fn is_closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<StdoutError>()
            .is_some_and(StdoutError::is_closed_pipe)
            || cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Turns a command result into the exit code: 0 clean, 1 findings, 2 failure,
/// 141 when the reader closed standard output.
pub(crate) fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    let result = result.and_then(|outcome| {
        output::flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Code(code)) => ExitCode::from(code),
        Err(err) if is_closed_pipe(&err) => ExitCode::from(CLOSED_PIPE),
        Err(err) => {
            status!("error: {}", message(&err));
            ExitCode::from(USAGE)
        }
    }
}

/// The error and its causes on one line, `: `-separated, leaving out a
/// cause whose text the message already carries (errors that print their
/// source themselves).
pub(crate) fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// The exit code of a command line clap refused or answered itself
/// (`--help`, `--version`): clap's own, printed through our output rules.
pub(crate) fn finish_parse_error(err: &clap::Error, plan: bool) -> ExitCode {
    if let Err(io) = err.print() {
        if io.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::from(CLOSED_PIPE);
        }
        status!("error: cannot write the help: {io}");
        return ExitCode::from(USAGE);
    }
    match err.exit_code() {
        0 => match output::flush() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) if err.is_closed_pipe() => ExitCode::from(CLOSED_PIPE),
            Err(err) => {
                status!("error: {err}");
                ExitCode::from(USAGE)
            }
        },
        _ if plan => ExitCode::from(PLAN_USAGE),
        _ => ExitCode::from(USAGE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Repeats(std::io::Error);

    impl std::fmt::Display for Repeats {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read nope.crt: {}", self.0)
        }
    }

    impl std::error::Error for Repeats {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_the_message_already_carries_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let err = anyhow::Error::new(Repeats(io)).context("serve");
        assert_eq!(message(&err), "serve: cannot read nope.crt: no such file");
    }

    #[test]
    fn closed_pipes_and_usage_errors_are_recognised_through_context() {
        let closed = anyhow::Error::new(StdoutError::from_io(std::io::Error::from(
            std::io::ErrorKind::BrokenPipe,
        )))
        .context("printing");
        assert!(is_closed_pipe(&closed));
        assert!(!is_closed_pipe(&usage("x")));
        assert!(is_usage(&usage("x").context("plan")));
    }
}
