//! The words of a page for the search index: each distinct word once (compared
//! lowercase), in the order they first appear, up to a limit.

/// How much of a page's words go into the search index (each distinct word once).
const SEARCH_TEXT_LIMIT: usize = 3_000;

/// The distinct words of a page, in the order they first appear, up to a limit:
/// enough to find a page by any word in its body without shipping the whole text.
/// Words are compared lowercase; the text keeps each word as first written.
pub struct SearchWords {
    /// The words, each once, as first written, separated by spaces.
    pub text: String,
    /// An open-addressing table of the distinct words' lowercase forms: (hash, where
    /// the form is in `lowers`, its length); a length of `u32::MAX` marks a free slot.
    /// Cheaper than a general hash map for the thousand-odd words of a page: a word
    /// costs one hash and usually one probe.
    slots: Vec<(u64, u32, u32)>,
    used: usize,
    /// The lowercase forms, one after another.
    lowers: String,
}

const FREE: (u64, u32, u32) = (0, 0, u32::MAX);

/// Bytes that belong to a word: ASCII letters and digits, `-` and `_`.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
        b += 1;
    }
    table
};

impl SearchWords {
    /// Room for every distinct word the text limit lets in (each takes at least three
    /// characters), so the table is never grown while a page is read.
    pub fn with_room() -> Self {
        SearchWords {
            slots: vec![FREE; 2048],
            used: 0,
            lowers: String::with_capacity(SEARCH_TEXT_LIMIT),
            text: String::with_capacity(SEARCH_TEXT_LIMIT + 64),
        }
    }

    /// Notes the words of a piece of text.
    pub fn add(&mut self, fragment: &str) {
        if self.text.len() >= SEARCH_TEXT_LIMIT {
            return;
        }
        if fragment.is_ascii() {
            self.add_ascii(fragment);
            return;
        }
        let separator = |c: char| !c.is_alphanumeric() && c != '-' && c != '_';
        for word in fragment.split(separator) {
            if word.len() >= 2 {
                let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                let same = |known: &[u8]| known == lower.as_bytes();
                let room = self.note(word, lowercase_hash(lower.as_bytes()), same, |out| {
                    out.push_str(&lower)
                });
                if !room {
                    return;
                }
            }
        }
    }

    /// The common case, byte by byte: words are found and hashed lowercase in one
    /// pass, and a word already known is never copied.
    fn add_ascii(&mut self, fragment: &str) {
        let bytes = fragment.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            while at < bytes.len() && !ASCII_WORD[usize::from(bytes[at])] {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && ASCII_WORD[usize::from(bytes[at])] {
                at += 1;
            }
            if at - start < 2 {
                continue;
            }
            let word = &fragment[start..at];
            let same = |known: &[u8]| is_lowercase_of(known, word);
            let lower = |out: &mut String| {
                let from = out.len();
                out.push_str(word);
                out[from..].make_ascii_lowercase();
            };
            if !self.note(word, lowercase_hash(word.as_bytes()), same, lower) {
                return;
            }
        }
    }

    /// Adds `word` unless a word with the same lowercase form (hashed to `hash`,
    /// recognised by `same`, written out by `lower`) is known; false once the text
    /// is full.
    fn note(
        &mut self,
        word: &str,
        hash: u64,
        same: impl Fn(&[u8]) -> bool,
        lower: impl Fn(&mut String),
    ) -> bool {
        if 2 * (self.used + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        // The high bits of the hash are the well-mixed ones.
        let mut at = (hash >> 32) as usize & mask;
        let known = loop {
            let (slot_hash, start, len) = self.slots[at];
            if len == u32::MAX {
                let start = self.lowers.len();
                lower(&mut self.lowers);
                let len = self.lowers.len() - start;
                self.slots[at] = (hash, start as u32, len as u32);
                self.used += 1;
                break false;
            }
            if slot_hash == hash && same(&self.lowers.as_bytes()[start as usize..][..len as usize])
            {
                break true;
            }
            at = (at + 1) & mask;
        };
        if !known {
            self.text.push_str(word);
            self.text.push(' ');
        }
        self.text.len() < SEARCH_TEXT_LIMIT
    }

    /// Doubles the table (only when words are noted past the text limit's worth).
    fn grow(&mut self) {
        let size = 2 * self.slots.len().max(8);
        let old = std::mem::replace(&mut self.slots, vec![FREE; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.2 != u32::MAX) {
            let mut at = (slot.0 >> 32) as usize & mask;
            while self.slots[at].2 != u32::MAX {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

/// Whether `known` (a lowercase form) is the lowercase form of the ASCII `word`.
fn is_lowercase_of(known: &[u8], word: &str) -> bool {
    known.len() == word.len()
        && known
            .iter()
            .zip(word.as_bytes())
            .all(|(k, w)| *k == w.to_ascii_lowercase())
}

/// A hash of the lowercase form of `bytes`, read eight bytes at a time. Setting the
/// 0x20 bit of every byte lowers ASCII letters, so a word and its lowercase form hash
/// alike (bytes it merges otherwise only cost a comparison: equality is checked).
fn lowercase_hash(bytes: &[u8]) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ (word | FOLD)).wrapping_mul(SEED);
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = bytes.len() as u64;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    // Most words end within a chunk: their last bytes are gathered one by one, which is
    // cheaper than copying a slice of varying length.
    let tail = chunks
        .remainder()
        .iter()
        .enumerate()
        .fold(0u64, |tail, (i, b)| tail | u64::from(*b) << (8 * i));
    mix(hash, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_whose_hashes_collide_are_both_kept_once() {
        let mut words = SearchWords::with_room();
        for word in ["Alpha", "Beta", "beta", "ALPHA", "Gamma"] {
            // Every word gets the same hash, as if they collided.
            let same = |known: &[u8]| is_lowercase_of(known, word);
            let lower = |out: &mut String| out.push_str(&word.to_ascii_lowercase());
            assert!(words.note(word, 7, same, lower));
        }
        assert_eq!(words.text, "Alpha Beta Gamma ");
    }

    #[test]
    fn the_word_table_grows_past_its_first_size() {
        let mut words = SearchWords::with_room();
        let words_of = |i: usize| format!("w{i}");
        for round in 0..2 {
            for i in 0..5_000 {
                let word = words_of(i);
                let same = |known: &[u8]| known == word.as_bytes();
                let lower = |out: &mut String| out.push_str(&word);
                words.note(&word, lowercase_hash(word.as_bytes()), same, lower);
            }
            // The second round finds every word known: nothing is added.
            assert_eq!(words.used, 5_000, "round {round}");
        }
    }
}
