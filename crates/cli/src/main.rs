//! `advocate`: the admin tool for Advocate feeds.
//!
//! Exit codes, the same for every command: 0 success (a valid feed, even with warnings), 1 the
//! feed or spreadsheet has errors, 2 wrong usage or a file that cannot be read or written.
//! Everything the user sees is a plain sentence; no command prints Rust debug output.

// A native binary: the one-sort rule of clippy.toml is for the wasm module's size.
#![allow(clippy::disallowed_methods)]

mod cli;
mod count;
mod fsutil;
mod import;
mod init;
mod keys;
mod package;
mod preview;
mod render;
mod serve;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// How a command ended, as the exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; the input is valid.
    Ok,
    /// The input has errors (reported already).
    Invalid,
    /// A file could not be read or written (reported already).
    Failed,
}

fn main() -> ExitCode {
    // clap exits with 2 on bad usage and 0 for --help/--version.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Schema => print_schema(),
        Command::Count(args) => count::run(&args),
        Command::Keygen(args) => keys::keygen(&args),
        Command::Sign(args) => keys::sign(&args),
        Command::Verify(args) => keys::verify(&args),
        Command::Package(args) => package::run(&args),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Invalid) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(e) => {
            // Errors are built as one sentence (see fsutil); `{e}` prints just that.
            eprintln!("advocate: {e}");
            ExitCode::from(2)
        }
    }
}

/// `advocate schema`: the feed's JSON Schema, as committed at `schema/feed.schema.json`.
fn print_schema() -> anyhow::Result<Outcome> {
    println!("{}", schema_text());
    Ok(Outcome::Ok)
}

/// The schema as pretty JSON (no trailing newline).
pub fn schema_text() -> String {
    let schema = advocate_core::feed::schema::json_schema();
    // Serialising a `serde_json::Value` cannot fail (string keys only).
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
