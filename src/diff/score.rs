//! Extension point: the Execution Score delta between the two sides of a diff.
//!
//! The Execution Score (`opsctl score`, five categories of 1–5) is being built
//! separately. When it lands, `delta` computes the score of both checked sides and
//! fills in a `ScoreDelta`; every output format already carries it (JSON `score`,
//! a "Score" line in human and Markdown output) and shows nothing while it is `None`.

use serde::Serialize;

use super::Side;

/// The score on both sides, in total and per category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreDelta {
    pub before: u32,
    pub after: u32,
    /// Out of how many points (25).
    pub out_of: u32,
    pub categories: Vec<CategoryDelta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryDelta {
    pub name: String,
    pub before: u32,
    pub after: u32,
    /// What moved it, in the score's own words.
    pub why: Vec<String>,
}

/// The Execution Score delta; `None` until the score exists.
pub fn delta(_base: &Side, _head: &Side) -> Option<ScoreDelta> {
    None
}
