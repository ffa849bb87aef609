//! Writing the command's output. Standard output is written through
//! [`print`], whose failures are errors rather than panics: a reader that
//! closed the pipe early (`| head`) ends the command quietly with exit code
//! 141, as a process killed by SIGPIPE reports it, and a failed write (a full
//! disk) is an error message with exit code 2. Messages on standard error go
//! through [`status!`](crate::status), which never fails the command.

use std::io::{self, Write};

/// A write to standard output that failed.
#[derive(Debug)]
pub(crate) struct StdoutError(io::Error);

impl std::fmt::Display for StdoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write to standard output: {}", self.0)
    }
}

impl std::error::Error for StdoutError {}

impl StdoutError {
    /// The error of a failed write.
    pub(crate) fn from_io(err: io::Error) -> Self {
        Self(err)
    }

    /// True when the reader went away (`| head`): not worth a message.
    pub(crate) fn is_closed_pipe(&self) -> bool {
        self.0.kind() == io::ErrorKind::BrokenPipe
    }
}

/// Writes `text` to standard output.
pub(crate) fn print(text: impl AsRef<str>) -> Result<(), StdoutError> {
    io::stdout()
        .lock()
        .write_all(text.as_ref().as_bytes())
        .map_err(StdoutError::from_io)
}

/// Writes `text` and a line end to standard output.
pub(crate) fn println(text: impl AsRef<str>) -> Result<(), StdoutError> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_ref().as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(StdoutError::from_io)
}

/// Writes whatever standard output still buffers.
pub(crate) fn flush() -> Result<(), StdoutError> {
    io::stdout().lock().flush().map_err(StdoutError::from_io)
}

/// Writes one line to standard error; a closed or full standard error is
/// ignored (there is nowhere left to report it).
pub(crate) fn status_line(args: std::fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ignored = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// `eprintln!` that never panics: a status line on standard error.
#[macro_export]
macro_rules! status {
    ($($arg:tt)*) => {
        $crate::output::status_line(format_args!($($arg)*))
    };
}
