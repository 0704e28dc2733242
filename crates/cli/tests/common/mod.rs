//! Running the built `advocate` binary in tests.
#![allow(dead_code)] // each test file uses a different part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run of `advocate` produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository's `tests/feeds` folder.
pub fn feeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/feeds")
}

/// Runs `advocate args…` in `dir` with `stdin`.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    run_with_env(dir, args, stdin, &[])
}

/// Runs `advocate args…` in `dir` with `stdin` and these environment variables set.
pub fn run_with_env(dir: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_advocate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the advocate binary runs");
    if let Some(mut input) = child.stdin.take() {
        // A usage error exits before reading standard input; the broken pipe that gives the
        // writer is expected then, and the exit code tells the rest.
        if let Err(e) = input.write_all(stdin) {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe,
                "writing stdin: {e}"
            );
        }
    }
    let out = child.wait_with_output().expect("advocate finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `advocate args…` in the repository's `tests/feeds` folder.
pub fn run(args: &[&str]) -> Run {
    run_in(&feeds(), args, b"")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("advocate-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
