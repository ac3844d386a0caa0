//! What a desk remembers about team servers between starts: the address it used last and the
//! certificate fingerprint it pinned for each address. Never a password or a token.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownServers {
    /// The address of the last successful sign-in.
    #[serde(default)]
    pub last_address: Option<String>,
    /// Each address's pinned certificate fingerprint.
    #[serde(default)]
    pub pinned: BTreeMap<String, String>,
}

impl KnownServers {
    /// Reads the file; a missing or unreadable one is an empty memory (the user is then asked
    /// to compare the fingerprint again, which is safe).
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the file beside itself first and renames it, so a crash never leaves half of it.
    pub fn save(&self, path: &Path) -> Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut staging = path.as_os_str().to_owned();
        staging.push(".tmp");
        let staging = std::path::PathBuf::from(staging);
        std::fs::write(
            &staging,
            serde_json::to_vec_pretty(self).unwrap_or_default(),
        )?;
        std::fs::rename(&staging, path)?;
        Ok(())
    }

    pub fn pin_of(&self, address: &str) -> Option<&str> {
        self.pinned.get(address).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_addresses_and_pins_across_starts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config/team-servers.json");
        assert_eq!(KnownServers::load(&path), KnownServers::default());

        let mut known = KnownServers {
            last_address: Some("https://server:8443".into()),
            ..KnownServers::default()
        };
        known
            .pinned
            .insert("https://server:8443".into(), "AB:CD".into());
        known.save(&path).expect("saved");
        let again = KnownServers::load(&path);
        assert_eq!(again, known);
        assert_eq!(again.pin_of("https://server:8443"), Some("AB:CD"));
        assert_eq!(again.pin_of("https://other:8443"), None);

        std::fs::write(&path, b"{not json").expect("damaged");
        assert_eq!(KnownServers::load(&path), KnownServers::default());
    }
}
