//! The social networks Advocate knows.

use serde::{Deserialize, Serialize};

/// A social network a post can be shared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// LinkedIn.
    Linkedin,
    /// X (formerly Twitter).
    X,
}

impl Network {
    /// All networks, in display order.
    pub const ALL: [Network; 2] = [Network::Linkedin, Network::X];

    /// The name used in feeds, settings and messages (`linkedin`, `x`).
    pub fn as_str(self) -> &'static str {
        match self {
            Network::Linkedin => "linkedin",
            Network::X => "x",
        }
    }

    /// Parses a feed/settings name (exact, lowercase).
    pub fn parse(name: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// Human name of the network.
    pub fn display_name(self) -> &'static str {
        match self {
            Network::Linkedin => "LinkedIn",
            Network::X => "X",
        }
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A small set of networks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NetworkSet(u8);

impl NetworkSet {
    /// Every network.
    pub fn all() -> Self {
        Network::ALL.into_iter().collect()
    }

    /// Whether `network` is in the set.
    pub fn contains(self, network: Network) -> bool {
        self.0 & Self::bit(network) != 0
    }

    /// Adds `network`.
    pub fn insert(&mut self, network: Network) {
        self.0 |= Self::bit(network);
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The networks in display order.
    pub fn iter(self) -> impl Iterator<Item = Network> {
        Network::ALL.into_iter().filter(move |n| self.contains(*n))
    }

    fn bit(network: Network) -> u8 {
        match network {
            Network::Linkedin => 1,
            Network::X => 2,
        }
    }
}

impl FromIterator<Network> for NetworkSet {
    fn from_iter<T: IntoIterator<Item = Network>>(iter: T) -> Self {
        let mut set = NetworkSet::default();
        for n in iter {
            set.insert(n);
        }
        set
    }
}
