//! Shell completions and the man page, generated from the clap definitions.

use std::io::{ErrorKind, Write};

use clap::CommandFactory;

use super::{CmdError, EXIT_FAILURE, EXIT_OK};
use crate::cli::Cli;

/// Writes `bytes`; a closed pipe (`ecsdeck man | head`) is not an error.
fn emit(out: &mut dyn Write, bytes: &[u8], what: &str) -> Result<u8, CmdError> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(CmdError {
            code: EXIT_FAILURE,
            message: format!("cannot write the {what}: {e}"),
        }),
    }
}

/// Writes the completion script for `shell`.
pub(crate) fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> Result<u8, CmdError> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ecsdeck", &mut buf);
    emit(out, &buf, "completion script")
}

/// Writes the man page (roff).
pub(crate) fn man(out: &mut dyn Write) -> Result<u8, CmdError> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| CmdError {
            code: EXIT_FAILURE,
            message: format!("cannot render the man page: {e}"),
        })?;
    emit(out, &buf, "man page")
}
