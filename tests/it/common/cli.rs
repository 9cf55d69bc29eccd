//! Runs the `kafka-playground` binary as a user would, for the CLI contract tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the binary with `args`, feeding `stdin` (closed at once when `None`).
pub fn cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kafka-playground"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    {
        let mut input = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            // The binary may exit before reading (a refused option): a broken pipe is fine.
            let _ = input.write_all(bytes);
        }
    }
    child.wait_with_output().expect("the binary finishes")
}
