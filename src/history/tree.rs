//! Comparing git trees from their raw bytes: both trees' entries are already sorted,
//! so one merge pass finds what changed without parsing them into objects.
//!
//! libgit2 parses every entry of every tree it loads (allocating, converting modes
//! from octal text, checking UTF-8); in a history walk that was most of the time.

use std::cmp::Ordering;

use git2::{Odb, OdbObject, Oid};

/// A tree object's bytes, as the object database holds them (not copied): entries
/// of `<octal mode> <name>\0<20-byte id>`.
pub struct RawTree<'odb>(Data<'odb>);

enum Data<'odb> {
    Object(OdbObject<'odb>),
    #[cfg(test)]
    Bytes(Vec<u8>),
}

impl Data<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Data::Object(object) => object.data(),
            #[cfg(test)]
            Data::Bytes(bytes) => bytes,
        }
    }
}

/// One entry of a raw tree.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    pub mode: u32,
    pub name: &'a [u8],
    pub id: &'a [u8],
}

impl Entry<'_> {
    pub fn is_tree(&self) -> bool {
        self.mode == 0o40000
    }

    /// Regular files and executables; symlinks and submodules are not pages.
    pub fn is_file(&self) -> bool {
        matches!(self.mode, 0o100644 | 0o100755 | 0o100664)
    }

    pub fn oid(&self) -> Option<Oid> {
        Oid::from_bytes(self.id).ok()
    }
}

impl<'odb> RawTree<'odb> {
    pub fn read(odb: &'odb Odb, id: Oid) -> Result<RawTree<'odb>, git2::Error> {
        Ok(RawTree(Data::Object(odb.read(id)?)))
    }

    pub fn entries(&self) -> Entries<'_> {
        Entries(self.0.bytes())
    }

    /// The entry named `name`, if any.
    pub fn get(&self, name: &[u8]) -> Option<Entry<'_>> {
        self.entries().find(|e| e.name == name)
    }
}

/// Iterates a raw tree's entries; stops at the first malformed one.
pub struct Entries<'a>(&'a [u8]);

/// The length of an object id (SHA-1), the only format libgit2 reads by default.
const ID_LEN: usize = 20;

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        let data = self.0;
        // The mode is at most six digits: a plain scan beats a memchr call.
        let space = data.iter().take(8).position(|&b| b == b' ')?;
        let nul = space + 1 + memchr::memchr(0, &data[space + 1..])?;
        let end = nul + 1 + ID_LEN;
        if end > data.len() {
            self.0 = &[];
            return None;
        }
        let mode = data[..space].iter().try_fold(0u32, |m, &d| {
            d.is_ascii_digit().then(|| m * 8 + u32::from(d - b'0'))
        })?;
        self.0 = &data[end..];
        Some(Entry {
            mode,
            name: &data[space + 1..nul],
            id: &data[nul + 1..end],
        })
    }
}

/// git's order of tree entries: by name, a tree's name compared as if it ended in `/`.
fn order(a: &Entry, b: &Entry) -> Ordering {
    let common = a.name.len().min(b.name.len());
    match a.name[..common].cmp(&b.name[..common]) {
        Ordering::Equal => {
            let next = |e: &Entry| match e.name.get(common) {
                Some(&c) => c,
                None if e.is_tree() => b'/',
                None => 0,
            };
            next(a).cmp(&next(b))
        }
        other => other,
    }
}

/// Calls `found` with the path and id of every file in `new` that is not identical
/// in `old` (added or modified). Subtrees with the same id are skipped unread.
pub fn changed(
    odb: &Odb,
    new: &RawTree,
    old: Option<&RawTree>,
    dir: &mut Vec<u8>,
    found: &mut dyn FnMut(&[u8], Oid),
) -> Result<(), git2::Error> {
    let mut olds = old.map(RawTree::entries).into_iter().flatten().peekable();
    for entry in new.entries() {
        // Advance the old side past entries that sort before this one (deleted ones).
        let mut before = None;
        while let Some(candidate) = olds.peek() {
            match order(candidate, &entry) {
                Ordering::Less => {
                    olds.next();
                }
                Ordering::Equal => {
                    before = olds.next();
                    break;
                }
                Ordering::Greater => break,
            }
        }
        if before.is_some_and(|b| b.id == entry.id && b.mode == entry.mode) {
            continue;
        }
        let len = dir.len();
        dir.extend_from_slice(entry.name);
        if entry.is_file() {
            if let Some(id) = entry.oid() {
                found(dir, id);
            }
        } else if entry.is_tree() {
            if let Some(id) = entry.oid() {
                let sub = RawTree::read(odb, id)?;
                let old_sub = match before.filter(Entry::is_tree).and_then(|b| b.oid()) {
                    Some(id) => Some(RawTree::read(odb, id)?),
                    None => None,
                };
                dir.push(b'/');
                changed(odb, &sub, old_sub.as_ref(), dir, found)?;
            }
        }
        dir.truncate(len);
    }
    Ok(())
}

/// The id of the file or tree at `path` ("a/b.md") below `tree`.
pub fn lookup(odb: &Odb, tree: &RawTree, path: &[u8]) -> Option<Oid> {
    let (first, rest) = match memchr::memchr(b'/', path) {
        Some(i) => (&path[..i], Some(&path[i + 1..])),
        None => (path, None),
    };
    let entry = tree.get(first)?;
    match rest {
        None => entry.oid(),
        Some(rest) if entry.is_tree() => {
            let sub = RawTree::read(odb, entry.oid()?).ok()?;
            lookup(odb, &sub, rest)
        }
        Some(_) => None,
    }
}

/// The tree at `dir` ("ops/" or "" for the top) below `tree`, if it exists.
pub fn subtree<'odb>(odb: &'odb Odb, tree: RawTree<'odb>, dir: &str) -> Option<RawTree<'odb>> {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return Some(tree);
    }
    RawTree::read(odb, lookup(odb, &tree, dir.as_bytes())?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(mode: u32, name: &'static str) -> Entry<'static> {
        Entry {
            mode,
            name: name.as_bytes(),
            id: &[0; 20],
        }
    }

    #[test]
    fn trees_sort_as_if_their_names_ended_in_a_slash() {
        // "a.md" < "a/" because '.' (0x2e) < '/' (0x2f); "a/" < "a0" since '/' < '0'.
        assert_eq!(
            order(&entry(0o100644, "a.md"), &entry(0o40000, "a")),
            Ordering::Less
        );
        assert_eq!(
            order(&entry(0o40000, "a"), &entry(0o100644, "a0")),
            Ordering::Less
        );
        assert_eq!(
            order(&entry(0o100644, "a"), &entry(0o40000, "a")),
            Ordering::Less
        );
        assert_eq!(
            order(&entry(0o100644, "b"), &entry(0o100644, "b")),
            Ordering::Equal
        );
    }

    #[test]
    fn entries_are_parsed_and_a_truncated_tree_ends_quietly() {
        let mut data = b"100644 a.md\0".to_vec();
        data.extend_from_slice(&[1; 20]);
        data.extend_from_slice(b"40000 dir\0");
        data.extend_from_slice(&[2; 20]);
        data.extend_from_slice(b"100644 cut\0abc");
        let tree = RawTree(Data::Bytes(data));
        let entries: Vec<(u32, &[u8])> = tree.entries().map(|e| (e.mode, e.name)).collect();
        assert_eq!(entries, [(0o100644, &b"a.md"[..]), (0o40000, &b"dir"[..])]);
        assert!(tree.get(b"dir").unwrap().is_tree());
    }
}
