//! Which findings a change introduced (and, the other way round, resolved). Findings
//! are matched by rule, subject and message, never by line: an edit that only moves
//! text, or moves an entity to another file, changes no finding. One function serves
//! both `opsctl diff` and `opsctl check --new-since`.

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::check::Outcome;
use crate::finding::Finding;
use crate::load::Repository;
use crate::model::{Index, Kind};

/// What a finding is about: the entity whose table holds it, else its file (a page,
/// opsctl.toml), with renamed pages under their new path.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Subject<'a> {
    Entity(Kind, &'a str),
    Path(&'a str),
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct Key<'a> {
    rule: &'static str,
    subject: Subject<'a>,
    message: Cow<'a, str>,
}

/// A checked repository: one side of a comparison.
#[derive(Clone, Copy)]
pub struct Checked<'a> {
    pub repo: &'a Repository,
    pub outcome: &'a Outcome,
}

fn keys<'k, 'a: 'k>(
    side: Checked<'a>,
    index: &'k Index,
    moved: &'k HashMap<String, String>,
) -> Vec<(Key<'k>, &'a Finding)> {
    side.outcome
        .findings
        .iter()
        .map(|finding| {
            let location = &finding.location;
            let mut message = Cow::Borrowed(finding.message.as_str());
            let subject = match index.entity_at(location.file, location.span.start) {
                Some((kind, id)) => Subject::Entity(kind, id),
                None => {
                    let path = side.repo.files.get(location.file).map_or("", |f| &f.path);
                    match moved.get(path) {
                        Some(new) => {
                            // Messages about a page name it: "page `old.md` has no owner".
                            message = Cow::Owned(finding.message.replace(path, new));
                            Subject::Path(new)
                        }
                        None => Subject::Path(path),
                    }
                }
            };
            let key = Key {
                rule: finding.rule,
                subject,
                message,
            };
            (key, finding)
        })
        .collect()
}

/// The findings of `from` that `against` does not have. Counts matter: a third
/// identical finding where there were two is one new finding.
fn unmatched<'a>(from: &[(Key, &'a Finding)], against: &[(Key, &Finding)]) -> Vec<&'a Finding> {
    // Tens of thousands of keys on a large repository: a fast hash.
    let mut seen: FxHashMap<&Key, usize> = FxHashMap::default();
    for (key, _) in against {
        *seen.entry(key).or_default() += 1;
    }
    from.iter()
        .filter_map(|(key, finding)| match seen.get_mut(key) {
            Some(count) if *count > 0 => {
                *count -= 1;
                None
            }
            _ => Some(*finding),
        })
        .collect()
}

/// The findings a change introduced (in `after`) and resolved (in `before`).
pub struct Changed<'b, 'a> {
    pub introduced: Vec<&'a Finding>,
    pub resolved: Vec<&'b Finding>,
}

/// Compares the findings of two checked versions. `moved` maps paths of `before` to
/// their paths in `after` (renamed pages).
pub fn compare<'b, 'a>(
    before: Checked<'b>,
    after: Checked<'a>,
    moved: &HashMap<String, String>,
) -> Changed<'b, 'a> {
    let (old_index, new_index) =
        rayon::join(|| before.repo.model.index(), || after.repo.model.index());
    let unmoved = HashMap::new();
    let old = keys(before, &old_index, moved);
    let new = keys(after, &new_index, &unmoved);
    Changed {
        introduced: unmatched(&new, &old),
        resolved: unmatched(&old, &new),
    }
}
