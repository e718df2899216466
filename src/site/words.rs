//! The words of a page for the search index: each distinct word once (compared
//! lowercase), in the order they first appear, up to a limit.

use std::collections::HashSet;

/// How much of a page's words go into the search index (each distinct word once).
const SEARCH_TEXT_LIMIT: usize = 3_000;

/// The distinct words of a page, in the order they first appear, up to a limit:
/// enough to find a page by any word in its body without shipping the whole text.
/// Words are compared lowercase; the text keeps each word as first written.
///
/// A word is a run of ASCII letters, digits, `-` and `_` and of other Unicode letters
/// and digits (`char::is_alphanumeric`), at least two bytes long. Each word is known
/// by its *key*: its lowercase form (`char::to_lowercase`, character by character)
/// with the 0x20 bit set in every ASCII byte. Setting that bit is what lowers an ASCII
/// letter, so the key of an ASCII word is simply its bytes OR 0x20, taken eight at a
/// time; and it loses nothing: the ASCII bytes of a lowercase form are only ever `0-9`,
/// `a-z`, `-` and `_` (a test checks every `char`), which already have the bit but for
/// `_`, which becomes 0x7F, a byte no lowercase form holds; bytes of other characters
/// (0x80 and up) are left alone. So two words have the same key exactly when they have
/// the same lowercase form, whichever way each was read (KELVIN SIGN 'K' lowers to the
/// ASCII 'k', and so meets the ASCII words).
pub struct SearchWords {
    /// The words, each once, as first written, separated by spaces.
    pub text: String,
    /// The distinct words' keys.
    table: Table,
    /// The lowercase form of a word with non-ASCII characters, being read.
    lower: String,
}

/// An open-addressing table of keys: cheaper than a general hash map for the
/// hundreds of words of a page, as a word costs one multiplication to place and
/// usually one probe, and a key of up to sixteen bytes (nearly every word) is held and
/// compared whole within its slot. Two keys are only ever taken as one when they are
/// equal: a collision of their hashes merely costs a probe.
///
/// Its size is fixed, as the compiler then knows every slot index in bounds: twice the
/// distinct words the text limit lets in, so that a free slot always ends a probe soon.
/// Keys past that many (only ever added when words are noted past the text limit's
/// worth) go to `more`.
struct Table {
    /// Each key's first sixteen bytes, as two little-endian numbers padded with zero
    /// bytes, which no key holds; a free slot holds `EMPTY` first. A key of up to
    /// seven bytes has a zero top byte, while the first eight bytes of a longer key
    /// are all non-zero: its first number alone tells it. A key longer than sixteen
    /// bytes has instead `LONGER` and where in `longer` the rest of it is.
    slots: Box<[(u64, u64); SLOTS]>,
    /// How many slots hold keys.
    used: usize,
    /// For each key longer than sixteen bytes: its length, then its eight-byte chunks
    /// after the first, the last padded with zero bytes.
    longer: Vec<u64>,
    /// The chunks of a long key being looked up (kept for its allocation).
    chunks: Vec<u64>,
    /// The keys past half the slots, as their chunks.
    more: HashSet<Box<[u64]>>,
}

/// How many slots the table has: room for every distinct word the text limit lets in
/// (each takes at least three characters) at half load.
const SLOTS: usize = 2048;
/// The first number of a free slot: no key holds a byte 0xFF, as neither UTF-8 nor a
/// folded ASCII byte does. (Not zero: `vec!` would then ask for zeroed memory, which
/// measured dearer than filling the slots.)
const EMPTY: u64 = u64::MAX;
const FREE: (u64, u64) = (EMPTY, 0);
/// The top byte of a slot's second number for a key longer than sixteen bytes.
const LONGER: u64 = 0xff << 56;
/// The place of a new key that goes to `Table::more`.
const MORE: usize = usize::MAX;

/// The same byte in all eight bytes of a `u64`.
const fn splat(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The top bit of every byte.
const HIGH: u64 = splat(0x80);
/// The bit that lowers an ASCII letter, in every byte.
const FOLD: u64 = splat(0x20);

/// An odd constant whose bits look random, for multiplicative hashing: the top bits of
/// a product depend on every bit of the number multiplied.
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

/// The low `len` bytes of a `u64`, for `len` up to 8 (none for 0).
const KEEP: [u64; 9] = {
    let mut keep = [0; 9];
    let mut len = 1;
    while len <= 8 {
        keep[len] = u64::MAX >> (64 - 8 * len);
        len += 1;
    }
    keep
};

/// How many bytes are classified at once.
const WINDOW: usize = 16;
/// How many bytes' classes are read at once.
const BLOCK: usize = 64;

/// A bit for each of the sixty-four bytes of `bytes` from `at` that may belong to a
/// word (see `classify`); bytes past the end belong to no word.
#[inline(always)]
fn classify_block(bytes: &[u8], at: usize) -> u64 {
    let mut block = 0;
    for window in 0..BLOCK / WINDOW {
        let from = at + window * WINDOW;
        if from >= bytes.len() {
            break;
        }
        block |= u64::from(classify(load16(bytes, from))) << (window * WINDOW);
    }
    block
}

/// Bit `i` set for each byte `i` of `window` (sixteen bytes, little-endian) that may
/// belong to a word: an ASCII letter or digit, `-`, `_`, or any byte of a non-ASCII
/// character (whether that character belongs to a word is for the Unicode path to
/// say, which sees the whole run). Eight bytes at a time in a `u64`.
#[inline(always)]
fn classify(window: u128) -> u32 {
    // The top bits gathered: bit 8i + 7, moved down to 8i, times the constant lands on
    // bit 56 + i, and nothing else lands on the top byte or carries into it.
    let gather = |top: u64| ((top >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32;
    gather(word_bytes(window as u64)) | gather(word_bytes((window >> 64) as u64)) << 8
}

/// The top bit set in each byte of `chunk` that may belong to a word (see `classify`).
///
/// With the top bits cleared, every byte is at most 0x7F, so adding up to 0x80 to it
/// or taking it from 0x80 + up to 0x7F never carries or borrows into the next byte.
/// `b >= lo` is then the top bit of `b + (0x80 - lo)`, `b <= hi` that of
/// `(0x80 + hi) - b`, and `b == v` that of `0x80 - (b ^ v)`.
#[inline(always)]
fn word_bytes(chunk: u64) -> u64 {
    let low = chunk & !HIGH;
    // Setting 0x20 maps 'A'..='Z' onto 'a'..='z' and no other byte into them.
    let folded = low | FOLD;
    let letter = (folded + splat(0x80 - b'a')) & (splat(0x80 + b'z') - folded);
    let digit = (low + splat(0x80 - b'0')) & (splat(0x80 + b'9') - low);
    let dash = HIGH - (low ^ splat(b'-'));
    let underscore = HIGH - (low ^ splat(b'_'));
    (letter | digit | dash | underscore | chunk) & HIGH
}

/// The sixteen bytes of `bytes` from `at` (at most its length), little-endian; bytes
/// past the end read as zero, which belongs to no word.
#[inline(always)]
fn load16(bytes: &[u8], at: usize) -> u128 {
    let rest = &bytes[at..];
    match rest.first_chunk() {
        Some(sixteen) => u128::from_le_bytes(*sixteen),
        None => load_short16(rest),
    }
}

/// The bytes of `bytes` (fewer than sixteen) as a little-endian `u128`, zero above.
#[inline(never)]
fn load_short16(bytes: &[u8]) -> u128 {
    match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        // Two loads that overlap in the middle.
        (Some(first), Some(last)) => {
            u128::from(u64::from_le_bytes(*first))
                | u128::from(u64::from_le_bytes(*last)) << (8 * (bytes.len() - 8))
        }
        _ => u128::from(load_short(bytes)),
    }
}

/// The bytes of `bytes` (at most eight) as a little-endian `u64`, zero above. Two
/// loads that overlap in the middle cover any length from two to eight.
fn load_short(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let u16_at = |at: usize| u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]));
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("four bytes"),
        ))
    };
    match len {
        8 => u64::from_le_bytes(bytes.try_into().expect("eight bytes")),
        4..8 => u32_at(0) | u32_at(len - 4) << (8 * (len - 4)),
        2..4 => u16_at(0) | u16_at(len - 2) << (8 * (len - 2)),
        1 => u64::from(bytes[0]),
        _ => 0,
    }
}

/// Sets the 0x20 bit of every ASCII byte of `chunk` (see `SearchWords`).
fn fold(chunk: u64) -> u64 {
    chunk | (!chunk & HIGH) >> 2
}

/// Chunk `i` of the key of `bytes` (a word's lowercase form or an ASCII word),
/// zero-padded.
fn key_chunk(bytes: &[u8], i: usize) -> u64 {
    let rest = &bytes[8 * i..];
    match rest.first_chunk() {
        Some(eight) => fold(u64::from_le_bytes(*eight)),
        // Padding bytes are zero before folding sets their 0x20 bit: cut off.
        None => fold(load_short(rest)) & KEEP[rest.len()],
    }
}

/// Mixes a key's next chunk into its hash.
fn mix(hash: u64, chunk: u64) -> u64 {
    let product = u128::from(hash ^ chunk) * u128::from(SPREAD);
    (product as u64) ^ (product >> 64) as u64
}

/// The hash of a key of up to sixteen bytes, `first` and `second` (zero for a key of
/// up to eight): `slot_of` multiplies it, so little mixing is needed here.
fn pair_hash(first: u64, second: u64) -> u64 {
    first ^ second.wrapping_mul(SPREAD)
}

/// The hash of a key longer than sixteen bytes, from its chunks.
fn long_hash(chunks: &[u64]) -> u64 {
    chunks.iter().fold(0, |hash, chunk| mix(hash, *chunk))
}

/// The slot where a key of `hash` is looked for first: the product's top bits, which
/// depend on every bit of the hash.
fn slot_of(hash: u64) -> usize {
    (hash.wrapping_mul(SPREAD) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl SearchWords {
    /// Room for every distinct word the text limit lets in.
    pub fn with_room() -> Self {
        let slots = vec![FREE; SLOTS].into_boxed_slice().try_into();
        SearchWords {
            table: Table {
                slots: slots.expect("the table's size"),
                used: 0,
                longer: Vec::new(),
                chunks: Vec::new(),
                more: HashSet::new(),
            },
            lower: String::new(),
            text: String::with_capacity(SEARCH_TEXT_LIMIT + 64),
        }
    }

    /// Notes the words of a piece of text.
    pub fn add(&mut self, fragment: &str) {
        if self.text.len() < SEARCH_TEXT_LIMIT {
            self.table.add(fragment, &mut self.text, &mut self.lower);
        }
    }
}

/// Adds a new word to `text`; false once the text is full.
#[inline(always)]
fn push(text: &mut String, word: &str) -> bool {
    text.push_str(word);
    text.push(' ');
    text.len() < SEARCH_TEXT_LIMIT
}

impl Table {
    /// Notes the words of `fragment` in the table, and each new one in `text` (with
    /// `lower` to lower non-ASCII words in), up to the text limit.
    ///
    /// The text is classified sixteen bytes at a time (`classify`), each byte once, in
    /// blocks of sixty-four whose bits show where its words start and end; a word of
    /// up to sixteen bytes is then read for its key in one load. Words holding
    /// bytes of non-ASCII characters go to `add_unicode`: they end at ASCII bytes
    /// outside words, which separate words there too, so they split as the Unicode
    /// rules would.
    fn add(&mut self, fragment: &str, text: &mut String, lower: &mut String) {
        let bytes = fragment.as_bytes();
        // Where a word that runs on past the last block started. (Within a block, the
        // loop over its words keeps `base` as is, which spares registers.)
        let mut running = None;
        let mut next = 0;
        while next < bytes.len() {
            let base = next;
            next += BLOCK;
            // A bit for each word byte of the block not yet read.
            let mut block = classify_block(bytes, base);
            if let Some(start) = running {
                // Adding one carries through the bits of the word's rest.
                let past = block.wrapping_add(1);
                if past == 0 {
                    continue;
                }
                block &= past;
                running = None;
                if !self.note(
                    fragment,
                    start,
                    base + past.trailing_zeros() as usize,
                    text,
                    lower,
                ) {
                    return;
                }
            }
            while block != 0 {
                let first = block & block.wrapping_neg();
                let start = base + first.trailing_zeros() as usize;
                // Adding its lowest bit carries through the word's bits to the first
                // byte after it, clearing them; for a word running on past the block
                // the carry leaves nothing.
                let past = block.wrapping_add(first);
                if past == 0 {
                    running = Some(start);
                    break;
                }
                block &= past;
                if !self.note(
                    fragment,
                    start,
                    base + past.trailing_zeros() as usize,
                    text,
                    lower,
                ) {
                    return;
                }
            }
        }
        if let Some(start) = running {
            self.note(fragment, start, bytes.len(), text, lower);
        }
    }

    /// Notes the word `fragment[start..end]` (of bytes `classify` marks); false once the
    /// text is full.
    #[inline(always)]
    fn note(
        &mut self,
        fragment: &str,
        start: usize,
        end: usize,
        text: &mut String,
        lower: &mut String,
    ) -> bool {
        let len = end - start;
        let word = || &fragment[start..end];
        if len < 2 {
            return true;
        }
        if len > 16 {
            return self.note_other(word(), text, lower);
        }
        // The word's bytes with 0x20 set, nothing past its end: its key when ASCII.
        let chunk = load16(fragment.as_bytes(), start);
        let key = (
            (chunk as u64 | FOLD) & KEEP[len.min(8)],
            ((chunk >> 64) as u64 | FOLD) & KEEP[len.saturating_sub(8)],
        );
        if (key.0 | key.1) & HIGH != 0 {
            return self.note_other(word(), text, lower);
        }
        match self.find_pair(key) {
            None => true,
            Some(at) => {
                self.fill(at, key);
                push(text, word())
            }
        }
    }

    /// Notes `word`, longer than sixteen bytes or with non-ASCII bytes; false once the
    /// text is full.
    #[inline(never)]
    fn note_other(&mut self, word: &str, text: &mut String, lower: &mut String) -> bool {
        if word.is_ascii() {
            !self.insert(word.as_bytes()) || push(text, word)
        } else {
            self.add_unicode(word, text, lower)
        }
    }

    /// Notes the words of `run` (word bytes that include non-ASCII ones), split and
    /// lowered by Unicode's rules; false once the text is full.
    fn add_unicode(&mut self, run: &str, text: &mut String, lower: &mut String) -> bool {
        let separator = |c: char| !c.is_alphanumeric() && c != '-' && c != '_';
        for word in run.split(separator) {
            if word.len() >= 2 {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                if self.insert(lower.as_bytes()) && !push(text, word) {
                    return false;
                }
            }
        }
        true
    }

    /// Adds the key of `bytes` (a lowercase form, or an ASCII word: see
    /// `SearchWords`) unless known; whether it is new.
    fn insert(&mut self, bytes: &[u8]) -> bool {
        let len = bytes.len();
        if len <= 16 {
            let key = (
                key_chunk(bytes, 0),
                if len > 8 { key_chunk(bytes, 1) } else { 0 },
            );
            let free = self.find_pair(key);
            if let Some(at) = free {
                self.fill(at, key);
            }
            return free.is_some();
        }
        let mut chunks = std::mem::take(&mut self.chunks);
        chunks.clear();
        chunks.extend((0..len.div_ceil(8)).map(|i| key_chunk(bytes, i)));
        let new = self.add_longer(long_hash(&chunks), &chunks, len);
        self.chunks = chunks;
        new
    }

    /// The free slot for `key` (a key of up to sixteen bytes, zero-padded; the second
    /// number is zero for one of up to eight) if it is not known. A short key's first
    /// number has a zero top byte, a longer key's none, so a slot holding a short key
    /// always has zero second.
    #[inline(always)]
    fn find_pair(&self, key: (u64, u64)) -> Option<usize> {
        self.find_pair_at(pair_hash(key.0, key.1), key)
    }

    /// `find_pair`, for a key of `hash`.
    #[inline(always)]
    fn find_pair_at(&self, hash: u64, key: (u64, u64)) -> Option<usize> {
        let mut at = slot_of(hash);
        loop {
            let known = self.slots[at];
            if known == key {
                return None;
            }
            if known.0 == EMPTY {
                return match key.1 {
                    0 => self.free(at, &[key.0]),
                    _ => self.free(at, &[key.0, key.1]),
                };
            }
            at = (at + 1) % SLOTS;
        }
    }

    /// Adds the key of `len` bytes (more than sixteen) made of `chunks`, of `hash`,
    /// unless known; whether it is new.
    fn add_longer(&mut self, hash: u64, chunks: &[u64], len: usize) -> bool {
        let mut at = slot_of(hash);
        loop {
            let (known, second) = self.slots[at];
            if known == chunks[0] && second >> 56 == LONGER >> 56 {
                let from = (second & !LONGER) as usize;
                let rest = &self.longer[from..];
                if rest[0] == len as u64 && rest[1..].starts_with(&chunks[1..]) {
                    return false;
                }
            }
            if known == EMPTY {
                let Some(at) = self.free(at, chunks) else {
                    return false;
                };
                if at != MORE {
                    let from = self.longer.len() as u64;
                    self.longer.push(len as u64);
                    self.longer.extend_from_slice(&chunks[1..]);
                    self.fill(at, (chunks[0], LONGER | from));
                } else {
                    self.more.insert(chunks.into());
                }
                return true;
            }
            at = (at + 1) % SLOTS;
        }
    }

    /// What to make of the free slot `at` that ended the search for the key of
    /// `chunks`: it is the key's place while the slots are at most half full; past
    /// that, the key is known if in `more`, else its place is `MORE`.
    #[inline(always)]
    fn free(&self, at: usize, chunks: &[u64]) -> Option<usize> {
        if self.used < SLOTS / 2 {
            Some(at)
        } else {
            self.free_past_half(chunks)
        }
    }

    /// `free`, once the slots are half full.
    #[cold]
    #[inline(never)]
    fn free_past_half(&self, chunks: &[u64]) -> Option<usize> {
        (!self.more.contains(chunks)).then_some(MORE)
    }

    /// Puts a new key, `slot`, in its place `at` (see `free`).
    #[inline(always)]
    fn fill(&mut self, at: usize, slot: (u64, u64)) {
        if at == MORE {
            self.fill_more(slot);
        } else {
            self.slots[at] = slot;
            self.used += 1;
        }
    }

    /// Puts a new key of up to sixteen bytes, `slot`, in `more`.
    #[cold]
    #[inline(never)]
    fn fill_more(&mut self, slot: (u64, u64)) {
        let chunks: Box<[u64]> = match slot.1 {
            0 => Box::new([slot.0]),
            _ => Box::new([slot.0, slot.1]),
        };
        self.more.insert(chunks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A table as `SearchWords::with_room` makes it.
    fn table() -> Table {
        SearchWords::with_room().table
    }

    #[test]
    fn words_whose_hashes_collide_are_both_kept_once() {
        let mut words = SearchWords::with_room();
        for word in ["Alpha", "Beta", "beta", "ALPHA", "Gamma"] {
            // Every word gets the same hash, as if they collided.
            let key = key_chunk(word.as_bytes(), 0);
            if let Some(at) = words.table.find_pair_at(7, (key, 0)) {
                words.table.fill(at, (key, 0));
                push(&mut words.text, word);
            }
        }
        assert_eq!(words.text, "Alpha Beta Gamma ");
    }

    #[test]
    fn long_words_whose_hashes_and_first_bytes_collide_are_both_kept_once() {
        // Same hash (forced), same length, same first eight bytes: only the later
        // bytes tell them apart.
        let mut table = table();
        let mut pair = |word: &str| {
            let bytes = word.as_bytes();
            let key = (key_chunk(bytes, 0), key_chunk(bytes, 1));
            let free = table.find_pair_at(7, key);
            if let Some(at) = free {
                table.fill(at, key);
            }
            free.is_some()
        };
        let new: Vec<bool> = [
            "configuration",
            "configurating",
            "CONFIGURATION",
            "configurAting",
        ]
        .into_iter()
        .map(&mut pair)
        .collect();
        assert_eq!(new, [true, true, false, false]);
        let mut table = crate::site::words::tests::table();
        let mut longer = |word: &str| {
            let bytes = word.as_bytes();
            let chunks: Vec<u64> = (0..bytes.len().div_ceil(8))
                .map(|i| key_chunk(bytes, i))
                .collect();
            table.add_longer(7, &chunks, bytes.len())
        };
        let words = [
            "configurations-and-more",
            "configurations-and-mOre",
            "configurations-and-mare",
            "configurations-and-more-",
            "configurations-and-morE",
            "configurations-and-more-",
        ];
        let new: Vec<bool> = words.into_iter().map(&mut longer).collect();
        assert_eq!(new, [true, false, true, true, false, false]);
    }

    #[test]
    fn the_word_table_holds_words_past_half_its_slots() {
        let mut table = table();
        let word_of = |i: usize| format!("w{i}-{}", "x".repeat(i % 23));
        for round in 0..2 {
            for i in 0..5_000 {
                let word = word_of(i);
                assert_eq!(
                    table.insert(word.as_bytes()),
                    round == 0,
                    "{word} in round {round}"
                );
                // Upper case is the same word.
                assert!(!table.insert(word.to_uppercase().as_bytes()));
            }
            // The second round finds every word known: nothing is added.
            assert_eq!(table.used, SLOTS / 2, "round {round}");
            assert_eq!(table.more.len(), 5_000 - SLOTS / 2, "round {round}");
        }
        // And the ASCII reading, which keys words itself, agrees with it.
        let mut words = SearchWords::with_room();
        words.table = table;
        for i in 0..5_000 {
            words.add(&word_of(i).to_uppercase());
        }
        assert_eq!(words.text, "");
    }

    /// The words of `fragments`, as `SearchWords` gathers them.
    fn words_of(fragments: &[&str]) -> String {
        let mut words = SearchWords::with_room();
        for fragment in fragments {
            words.add(fragment);
        }
        words.text
    }

    /// The words of `fragments` the plain way: Unicode's split and lowercase, and a
    /// set of the lowercase forms.
    fn plain_words_of(fragments: &[&str]) -> String {
        let mut text = String::new();
        let mut known = HashSet::new();
        for fragment in fragments {
            if text.len() >= SEARCH_TEXT_LIMIT {
                break;
            }
            let separator = |c: char| !c.is_alphanumeric() && c != '-' && c != '_';
            for word in fragment.split(separator).filter(|w| w.len() >= 2) {
                let lower: String = word.chars().flat_map(char::to_lowercase).collect();
                if known.insert(lower) {
                    text.push_str(word);
                    text.push(' ');
                    if text.len() >= SEARCH_TEXT_LIMIT {
                        break;
                    }
                }
            }
        }
        text
    }

    #[test]
    fn words_are_compared_lowercase_and_kept_as_first_written() {
        assert_eq!(
            words_of(&["Rota rota ROTA on-Call ON-CALL a I x_y X_Y x-y", "rOTA"]),
            "Rota on-Call x_y x-y "
        );
    }

    #[test]
    fn non_ascii_words_are_lowered_by_unicode() {
        let text = words_of(&["Größe GRÖSSE größe ÉCOLE école Ècole Σίσυφος ΣΊΣΥΦΟΣ"]);
        // 'ß' lowers to itself, not to "ss"; a final capital sigma lowers to 'σ', not
        // 'ς', as characters are lowered one by one.
        assert_eq!(text, "Größe GRÖSSE ÉCOLE Ècole Σίσυφος ΣΊΣΥΦΟΣ ");
        // Across fragments and ways of reading alike.
        assert_eq!(words_of(&["école", "ÉCOLE d'été"]), "école été ");
        let long = "Établissement-de-la-configuration";
        assert_eq!(words_of(&[long, &long.to_lowercase()]), format!("{long} "));
        // Only ASCII bytes are folded: 'ő' and 'ű' differ in the 0x20 bit of a byte.
        assert_eq!(words_of(&["főz fűz FŐZ FŰZ"]), "főz fűz ");
        // A non-ASCII character that is no letter separates words.
        assert_eq!(
            words_of(&["Dana·Moreau don’t x—y naïve"]),
            "Dana Moreau don naïve "
        );
    }

    #[test]
    fn kelvin_sign_lowers_to_the_ascii_k() {
        // U+212A KELVIN SIGN lowers to 'k': "\u{212A}m" is the word "km".
        assert_eq!(words_of(&["km \u{212A}m KM"]), "km ");
        assert_eq!(words_of(&["\u{212A}m", "km Km"]), "\u{212A}m ");
        // Alone, it is a word of three bytes whose key is the single byte 'k'.
        assert_eq!(words_of(&["\u{212A} k \u{212A}"]), "\u{212A} ");
        // Keys of eight and of more than sixteen bytes meet alike.
        assert_eq!(
            words_of(&["\u{212A}ilometr", "KILOMETR kilometr"]),
            "\u{212A}ilometr "
        );
        let long = "\u{212A}ilometres-per-hour";
        assert_eq!(words_of(&[long, "KILOMETRES-PER-HOUR"]), format!("{long} "));
        // 'İ' lowers to two characters, 'i' and a combining dot: not the word "i".
        assert_eq!(words_of(&["İx ix İX"]), "İx ix ");
    }

    #[test]
    fn words_of_every_length_anywhere_in_a_fragment() {
        // Words of lengths about the key's eight and sixteen bytes, starting and ending
        // about the sixteen-byte windows and sixty-four-byte blocks the text is read in,
        // alone, at the start, in the middle and at the very end of a fragment.
        for len in [
            1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 25, 31, 32, 33, 63, 64, 65, 70,
        ] {
            let word: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            let upper = word.to_uppercase();
            let expected = if len >= 2 {
                format!("{word} ")
            } else {
                String::new()
            };
            for lead in 0..=70 {
                let lead = " ".repeat(lead);
                for fragment in [
                    format!("{lead}{word}"),
                    format!("{lead}{word} {upper}"),
                    format!("{lead}{word}.{upper}!"),
                    format!("{lead}{word}\u{0}{upper}"),
                ] {
                    assert_eq!(words_of(&[&fragment]), expected, "{fragment:?}");
                }
                let fragment = format!("{lead}{upper} x {word}");
                assert_eq!(
                    words_of(&[&fragment]),
                    expected.to_uppercase(),
                    "{fragment:?}"
                );
            }
            // A longer word that merely begins the same is another word.
            let longer = format!("{word}z");
            assert_eq!(
                words_of(&[&format!("{word} {longer}")]),
                format!("{expected}{longer} ")
            );
        }
    }

    #[test]
    fn underscore_and_its_folded_byte_stay_apart() {
        // '_' folds to 0x7F (DEL), which is no word byte, and other bytes one 0x20
        // bit apart from word bytes ('@' and '`', '[' and '{', control bytes and
        // digits, CR and '-') separate words.
        assert_eq!(words_of(&["a_b a\u{7f}b A_B"]), "a_b ");
        assert_eq!(
            words_of(&["ab@cd ab`cd ab[ {cd \u{10}\u{19}ab\r-x"]),
            "ab cd -x "
        );
        assert_eq!(words_of(&["__ -- _- -_"]), "__ -- _- -_ ");
        assert_eq!(words_of(&["é_ É_ é\u{7f}"]), "é_ é ");
        assert_eq!(
            words_of(&["under_score_sixteen UNDER_SCORE_SIXTEEN"]),
            "under_score_sixteen "
        );
    }

    #[test]
    fn the_text_stops_after_the_word_that_reaches_the_limit() {
        let fragment: String = (0..2_000).map(|i| format!("word{i} ")).collect();
        let text = words_of(&[&fragment, "more words"]);
        assert!(text.len() >= SEARCH_TEXT_LIMIT);
        assert!(text.len() < SEARCH_TEXT_LIMIT + 10);
        assert!(!text.contains("more"));
        assert_eq!(text, plain_words_of(&[&fragment, "more words"]));
        // Words of other lengths and non-ASCII words stop alike.
        for word in [
            "w",
            "longer-word",
            "a-word-of-more-than-sixteen-bytes",
            "mot-é",
        ] {
            let fragment: String = (0..2_000).map(|i| format!("{word}{i} ")).collect();
            assert_eq!(
                words_of(&[&fragment, "more"]),
                plain_words_of(&[&fragment, "more"])
            );
        }
    }

    #[test]
    fn the_bytes_of_lowercase_forms_fold_without_merging() {
        // The claim the keys rest on: a word character's lowercase form holds no ASCII
        // characters but '0'-'9', 'a'-'z', '-' and '_'.
        let word_char = |c: &char| c.is_alphanumeric() || *c == '-' || *c == '_';
        for c in (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(word_char)
        {
            for lower in c.to_lowercase().filter(char::is_ascii) {
                assert!(
                    lower.is_ascii_lowercase() || lower.is_ascii_digit() || "-_".contains(lower),
                    "{c:?} lowers to {lower:?}"
                );
            }
        }
        // On those, setting 0x20 merges nothing, and leaves ASCII bytes, which no
        // other character's bytes are (nor `EMPTY`'s).
        let lowers: Vec<u8> = (b'0'..=b'9').chain(b'a'..=b'z').chain(*b"-_").collect();
        let folded: HashSet<u8> = lowers.iter().map(|b| b | 0x20).collect();
        assert_eq!(folded.len(), lowers.len());
        assert!(folded.iter().all(u8::is_ascii));
        // And an ASCII word byte folds as its lowercase does.
        for b in lowers.iter().copied().chain(b'A'..=b'Z') {
            assert_eq!(b | 0x20, b.to_ascii_lowercase() | 0x20);
        }
    }

    #[test]
    fn word_bytes_are_classified_sixteen_at_a_time() {
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80;
        for b in 0..=255u8 {
            for at in 0..16 {
                for fill in [0u8, b' ', b'a', b'Z', 0x7f, 0x80, 0xff] {
                    let mut window = [fill; 16];
                    window[at] = b;
                    let expected = (0..16)
                        .filter(|i| is_word(window[*i]))
                        .fold(0, |bits, i| bits | 1 << i);
                    let window = u128::from_le_bytes(window);
                    assert_eq!(classify(window), expected, "{b:#x} at {at} among {fill:#x}");
                }
            }
        }
    }

    #[test]
    fn loads_read_zero_past_the_end() {
        let all: Vec<u8> = (1..=40).collect();
        for len in 0..=all.len() {
            let bytes = &all[..len];
            for at in 0..=len {
                let expected = |n: usize| {
                    (0..n).fold(0u128, |value, i| {
                        value | u128::from(bytes.get(at + i).copied().unwrap_or(0)) << (8 * i)
                    })
                };
                assert_eq!(load16(bytes, at), expected(16), "{len} at {at}");
            }
        }
        for len in 0..=150 {
            let letters = vec![b'q'; len];
            for at in (0..len).step_by(BLOCK) {
                let expected = u64::MAX >> (BLOCK - (len - at).min(BLOCK));
                assert_eq!(classify_block(&letters, at), expected, "{len} at {at}");
            }
        }
    }

    /// Pieces that make words: mixed case, near misses and separators, ASCII or not.
    #[rustfmt::skip]
    const PIECES: [&str; 66] = [
        "a", "A", "b", "B", "k", "K", "z", "Z", "s", "S", "ss", "0", "9", "-", "_", " ", "  ",
        ".", ",", "\n", "\t", "\r", "@", "`", "[", "{", "\u{7f}", "\u{10}", "\u{0}", "é", "É",
        "ß", "ẞ", "\u{212A}", "İ", "ı", "Σ", "σ", "ς", "·", "’", "\u{a0}", "ő", "ű", "日本",
        "🦀", "ǅ", "Ⅻ", "①", "٣", "alpha", "ALPHA", "Alpha", "handbook", "HANDBOOK",
        "on-call", "x_y", "configuration", "CONFIGURATION", "école", "maintenance_window",
        "MAINTENANCE_WINDOW", "a-word-of-more-than-sixteen-bytes", "A-WORD-OF-MORE-THAN-SIXTEEN",
        "Größe", "GRÖSSE",
    ];

    /// A fragment of pieces, of printable ASCII and of any characters.
    fn fragment() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => prop::sample::select(&PIECES[..]).prop_map(str::to_string),
            1 => "[ -~]{0,12}",
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..700).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn generated_text_gives_the_words_a_plain_set_gives(
            fragments in prop::collection::vec(fragment(), 1..6)
        ) {
            let fragments: Vec<&str> = fragments.iter().map(String::as_str).collect();
            prop_assert_eq!(words_of(&fragments), plain_words_of(&fragments));
        }
    }
}
