//! The command line: commands, flags and how their values are read.

use std::path::PathBuf;

use advocate_core::lang::normalize_tag;
use advocate_core::network::Network;
use chrono::{DateTime, FixedOffset};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Write, check, preview and serve the feed of suggested posts for Advocate.
#[derive(Debug, Parser)]
#[command(name = "advocate", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a starter feed, its JSON Schema and a short guide in a folder.
    Init(InitArgs),
    /// Check feed files and explain every problem (exit 0 valid, 1 invalid, 2 unreadable).
    Validate(ValidateArgs),
    /// Show what an employee with a given profile sees, with the final text per network.
    Preview(PreviewArgs),
    /// Turn a spreadsheet saved as CSV into a feed.
    #[command(after_help = IMPORT_COLUMNS)]
    Import(ImportArgs),
    /// Serve a folder on this computer, to test the extension against a draft feed.
    Serve(ServeArgs),
    /// Print the feed's JSON Schema.
    Schema,
    /// Measure the text on standard input the way a network counts it.
    Count(CountArgs),
    /// Create a signing key pair: writes the private key, prints the public key.
    Keygen(KeygenArgs),
    /// Sign a feed with the time of signing: writes FEED.sig next to it.
    Sign(SignArgs),
    /// Check FEED.sig against public keys (exit 0 valid, 1 missing or not matching).
    Verify(VerifyArgs),
    /// Sign the extension for self-hosting: a CRX, its update manifest and the policy files.
    Package(PackageArgs),
}

/// `advocate package`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The unpacked Chrome extension (`dist/chrome` after ./build.sh).
    pub extension: PathBuf,
    /// The company's RSA private key, PEM (e.g. `openssl genpkey -algorithm RSA -pkeyopt
    /// rsa_keygen_bits:2048 -out company.pem`). It fixes the extension id: keep it and sign
    /// every version with it.
    #[arg(long, value_name = "PEM")]
    pub key: PathBuf,
    /// The web folder that will serve the CRX and updates.xml, e.g.
    /// https://intranet.example/advocate/
    #[arg(long, value_name = "URL")]
    pub update_url: String,
    /// The feed address to preset in the policy files (optional).
    #[arg(long, value_name = "URL")]
    pub feed_url: Option<String>,
    /// The folder to write the files to (created if missing).
    #[arg(long, value_name = "DIR", default_value = "advocate-package")]
    pub out: PathBuf,
}

/// `advocate keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the private key (created with permissions 0600).
    pub keyfile: PathBuf,
    /// Replace an existing key file (feeds signed with the old key stop verifying).
    #[arg(long)]
    pub force: bool,
}

/// `advocate sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The feed file; the signature is written to FEED.sig.
    pub feed: PathBuf,
    /// The private key file made by `advocate keygen`.
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
    /// Bind the signature to the feed's address: the extension then refuses it anywhere else
    /// (another feed of yours, a draft address). Use the exact address employees are given.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// `advocate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The feed file; its signature is read from FEED.sig.
    pub feed: PathBuf,
    /// Public key in base64 (repeat for several, e.g. during a key rotation).
    #[arg(long = "pubkey", value_name = "BASE64", required = true)]
    pub pubkeys: Vec<String>,
    /// The address the feed is published at: a signature bound to another address fails.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// The sheet's columns, for `advocate import --help` (the full description is in import.rs).
const IMPORT_COLUMNS: &str = "\
Columns (row 1 names them; case and spaces do not matter):
  id, url                      required
  title_<lang>                 e.g. title_de, title_en (at least one)
  summary_<lang>, image_alt_<lang>, personal_prompt_<lang>, retraction_note_<lang>
  image, campaign, priority (0-100), pinned (yes/no), status (active/retracted)
  networks                     linkedin, x or both
  teams, regions, languages    audience lists, separated by , or ;
  publish_at, expires_at       01.12.2026 09:00, 31.12.2026, 2026-12-01 09:00, 2026-12-01,
                               2026-12-01T09:00:00+01:00 (without an offset: in --time-zone;
                               a date alone: publish from its start, expire at its end)
  hashtags                     e.g. #Q4 #Bericht

Captions, either one row per caption (rows with the same id form one item):
  lang, network (empty: any), caption
or one row per item, one column per caption:
  caption_de, caption_de_2, caption_en, caption_de_x, caption_en_linkedin ...";

/// Output for people or for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    Human,
    /// JSON.
    Json,
}

/// A network, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkArg {
    /// LinkedIn.
    Linkedin,
    /// X (formerly Twitter).
    X,
}

impl From<NetworkArg> for Network {
    fn from(n: NetworkArg) -> Network {
        match n {
            NetworkArg::Linkedin => Network::Linkedin,
            NetworkArg::X => Network::X,
        }
    }
}

/// `advocate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the files in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite feed.json, feed.schema.json and README.md if they exist.
    #[arg(long)]
    pub force: bool,
}

/// `advocate validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Feed files to check (`-` reads standard input).
    #[arg(required = true, value_name = "FEED")]
    pub feeds: Vec<PathBuf>,
    /// `human` (file:line:column and the line with a caret) or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Check as of this time (RFC 3339, e.g. 2026-11-20T08:00:00+01:00); default now. Only
    /// the "expired" warning depends on it.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<FixedOffset>>,
}

/// `advocate preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The feed file.
    pub feed: PathBuf,
    /// Only this network (default: both).
    #[arg(long, value_enum)]
    pub network: Option<NetworkArg>,
    /// The employee's language, e.g. de or en-GB (default: the English captions, else the first).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<String>,
    /// The employee's team (matched against audience.teams; fills {team}).
    #[arg(long)]
    pub team: Option<String>,
    /// The employee's region (matched against audience.regions).
    #[arg(long)]
    pub region: Option<String>,
    /// The employee's first name (fills {first_name}).
    #[arg(long)]
    pub first_name: Option<String>,
    /// The employee's role (fills {role}).
    #[arg(long)]
    pub role: Option<String>,
    /// The moment to preview (RFC 3339, e.g. 2026-11-20T08:00:00+01:00); default now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<DateTime<FixedOffset>>,
    /// `human` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `advocate import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The spreadsheet, saved as CSV (comma, semicolon or tab separated; UTF-8 or Windows-1252).
    pub sheet: PathBuf,
    /// The feed file to write. If it exists, its organization, links and $schema are kept and
    /// its items are replaced.
    #[arg(short, long, value_name = "FEED")]
    pub output: PathBuf,
    /// The organisation's name (needed unless the output feed exists).
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,
    /// The organisation's hashtags, e.g. "#BeispielGmbH #Karriere".
    #[arg(long, value_name = "TAGS")]
    pub hashtags: Option<String>,
    /// The time zone of dates without an offset (01.12.2026 09:00), an IANA name such as
    /// Europe/Berlin. Default: this computer's (the TZ variable, else the system's setting).
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
}

/// `advocate serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The folder to serve (only files inside it).
    pub dir: PathBuf,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on. The default is reachable from this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
}

/// `advocate count`.
#[derive(Debug, Args)]
pub struct CountArgs {
    /// Whose rules to count by.
    #[arg(long, value_enum)]
    pub network: NetworkArg,
}

fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|_| "not a date and time with offset, e.g. 2026-11-20T08:00:00+01:00".to_string())
}

fn parse_lang(s: &str) -> Result<String, String> {
    normalize_tag(s.trim()).ok_or_else(|| "not a language tag; use e.g. de, en or en-GB".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn values_are_read_with_plain_errors() {
        assert!(parse_time("2026-11-20T08:00:00+01:00").is_ok());
        assert!(parse_time("20.11.2026").is_err());
        assert_eq!(parse_lang("EN-gb").as_deref(), Ok("en-GB"));
        assert!(parse_lang("deutsch").is_err());
    }
}
