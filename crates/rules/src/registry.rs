//! The set of loaded packs: the built-in ones and agency overrides.

use std::collections::BTreeMap;
use std::path::Path;

use disclose_detect::Category;
use serde::Serialize;
use time::Date;

use crate::RulesError;
use crate::pack::{Pack, Proposal, bytes_to_text};

/// The built-in packs, embedded at compile time: (id, file name, text).
const BUILTIN: &[(&str, &str, &str)] = &[
    ("ca", "ca.toml", include_str!("../packs/ca.toml")),
    ("il", "il.toml", include_str!("../packs/il.toml")),
    ("mt", "mt.toml", include_str!("../packs/mt.toml")),
    ("us", "us.toml", include_str!("../packs/us.toml")),
    ("wa", "wa.toml", include_str!("../packs/wa.toml")),
];

/// A pack's id and display name, for the app's jurisdiction picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackInfo {
    /// The jurisdiction id ("wa").
    pub id: String,
    /// The display name.
    pub name: String,
}

/// The loaded jurisdiction packs, by id.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    packs: BTreeMap<String, Pack>,
}

impl Rules {
    /// The built-in packs (WA, CA, IL, MT, US federal FOIA), validated.
    pub fn builtin() -> Result<Rules, RulesError> {
        let mut packs = BTreeMap::new();
        for (id, file, text) in BUILTIN {
            let pack = Pack::parse(file, text)?;
            packs.insert((*id).to_string(), pack);
        }
        Ok(Rules { packs })
    }

    /// The text of a built-in pack, for an agency to copy as the start of
    /// its own override file.
    pub fn builtin_text(id: &str) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, _, t)| *t)
    }

    /// Loads an agency's override from TOML text. With `mode = "merge"` its
    /// entries replace or add to the loaded pack with the same `id`;
    /// otherwise it is a complete pack that replaces (or adds) that id.
    /// On error nothing changes. Returns the pack now in effect.
    pub fn load_override(&mut self, source_name: &str, text: &str) -> Result<&Pack, RulesError> {
        let id = Pack::peek_id(source_name, text)?;
        let pack = Pack::apply_override(self.packs.get(&id), source_name, text)?;
        let id = pack.id().to_string();
        self.packs.insert(id.clone(), pack);
        self.get(&id)
    }

    /// [`Rules::load_override`] from bytes (UTF-8, optional byte-order mark).
    pub fn load_override_bytes(
        &mut self,
        source_name: &str,
        bytes: &[u8],
    ) -> Result<&Pack, RulesError> {
        let text = bytes_to_text(source_name, bytes)?;
        self.load_override(source_name, text)
    }

    /// [`Rules::load_override`] from a file: the one place this crate reads
    /// the file system, and only the path it is given.
    pub fn load_override_file(&mut self, path: &Path) -> Result<&Pack, RulesError> {
        let bytes = std::fs::read(path).map_err(|source| RulesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        self.load_override_bytes(&name, &bytes)
    }

    /// Every loaded pack's id and name, sorted by id.
    pub fn list(&self) -> Vec<PackInfo> {
        self.packs
            .values()
            .map(|p| PackInfo {
                id: p.id().to_string(),
                name: p.name().to_string(),
            })
            .collect()
    }

    /// The pack for `jurisdiction`.
    pub fn get(&self, jurisdiction: &str) -> Result<&Pack, RulesError> {
        self.packs
            .get(jurisdiction)
            .ok_or_else(|| RulesError::UnknownJurisdiction(jurisdiction.to_string()))
    }

    /// [`Pack::propose`] in the pack for `jurisdiction`.
    pub fn propose(
        &self,
        jurisdiction: &str,
        category: Category,
        record_type: Option<&str>,
        document: &str,
    ) -> Result<Proposal, RulesError> {
        self.get(jurisdiction)?
            .propose(category, record_type, document)
    }

    /// [`Pack::due_date`] in the pack for `jurisdiction`.
    pub fn due_date(&self, jurisdiction: &str, received: Date) -> Result<Date, RulesError> {
        self.get(jurisdiction)?.due_date(received)
    }
}
