//! `advocate count --network x|linkedin`: the length of standard input by the network's rules,
//! as one JSON object, e.g. `{"network":"x","weighted_length":44,"max":280,"valid":true}`.
//!
//! The text is measured exactly as given: a trailing line break counts. For LinkedIn,
//! `weighted_length` is the plain length LinkedIn counts (UTF-16 code units).

use std::io::Read;

use advocate_core::compose;
use advocate_core::network::Network;
use anyhow::{anyhow, Result};
use serde::Serialize;

use crate::cli::CountArgs;
use crate::fsutil::plain;
use crate::Outcome;

#[derive(Serialize)]
struct CountJson {
    network: &'static str,
    weighted_length: usize,
    max: usize,
    valid: bool,
}

/// Runs `advocate count`. The exit code is 0 whether or not the text fits: the answer is in
/// the output.
pub fn run(args: &CountArgs) -> Result<Outcome> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| anyhow!("cannot read standard input: {}", plain(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("standard input is not UTF-8 text"))?;
    println!("{}", measure(args.network.into(), &text));
    Ok(Outcome::Ok)
}

/// The JSON line for `text` on `network`.
fn measure(network: Network, text: &str) -> String {
    let c = compose::count(network, text);
    let json = CountJson {
        network: network.as_str(),
        weighted_length: c.length,
        max: c.max,
        valid: c.valid,
    };
    // A struct of strings, numbers and a bool always serialises.
    serde_json::to_string(&json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_by_each_networks_rules() {
        assert_eq!(
            measure(Network::X, "Hallo 👋"),
            r#"{"network":"x","weighted_length":8,"max":280,"valid":true}"#
        );
        assert_eq!(
            measure(Network::Linkedin, "Hallo 👋"),
            r#"{"network":"linkedin","weighted_length":8,"max":3000,"valid":true}"#
        );
        assert!(measure(Network::X, "").ends_with(r#""valid":false}"#));
    }
}
