//! Files held in memory: for tests, and for callers that already have the bytes.

use std::collections::BTreeMap;
use std::io;

use super::{Listing, Source};

#[derive(Debug, Default, Clone)]
pub struct Memory {
    files: BTreeMap<String, Vec<u8>>,
}

impl Memory {
    pub fn new() -> Self {
        Memory::default()
    }

    pub fn with(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.files.insert(path.to_string(), bytes.into());
        self
    }
}

impl Source for Memory {
    fn describe(&self) -> String {
        "memory".into()
    }

    fn list(&self, descend: &(dyn Fn(&str) -> bool + Sync)) -> io::Result<Listing> {
        let mut listing = Listing::default();
        for path in self.files.keys() {
            let mut dirs = path.match_indices('/').map(|(i, _)| &path[..i]);
            if dirs.all(descend) {
                listing.files.push(path.clone());
            }
        }
        Ok(listing)
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("{path}: not found")))
    }
}
