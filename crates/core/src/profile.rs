//! What Advocate knows about the employee: only what they typed into the options (or what IT
//! preset by policy). It never leaves the browser.

use serde::{Deserialize, Serialize};

/// The employee's profile, used for personal placeholders and targeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Profile {
    /// `{first_name}`.
    pub first_name: String,
    /// `{role}`.
    pub role: String,
    /// `{team}`; also matched against `audience.teams`.
    pub team: String,
    /// Matched against `audience.regions`.
    pub region: String,
    /// Languages the employee reads, best first (BCP 47). Empty: the browser's language.
    pub languages: Vec<String>,
    /// This browser's pseudonymous code for `utm_content`, used only when the feed opts in to
    /// personal link tracking. Derived from the install id; never stored in settings.
    #[serde(skip)]
    pub tracking_code: String,
}

impl Profile {
    /// The language preference list: the profile's, else the browser's, then English.
    pub fn language_prefs(&self, browser_lang: &str) -> Vec<String> {
        let mut prefs: Vec<String> = self
            .languages
            .iter()
            .filter(|l| !l.trim().is_empty())
            .cloned()
            .collect();
        if prefs.is_empty() && !browser_lang.is_empty() {
            prefs.push(browser_lang.to_string());
        }
        prefs
    }

    fn value(s: &str) -> Option<&str> {
        let t = s.trim();
        (!t.is_empty()).then_some(t)
    }

    /// First name, if set.
    pub fn first_name(&self) -> Option<&str> {
        Self::value(&self.first_name)
    }

    /// Role, if set.
    pub fn role(&self) -> Option<&str> {
        Self::value(&self.role)
    }

    /// Team, if set.
    pub fn team(&self) -> Option<&str> {
        Self::value(&self.team)
    }

    /// Region, if set.
    pub fn region(&self) -> Option<&str> {
        Self::value(&self.region)
    }
}
