//! The Execution Score delta between the two sides of a diff: both totals, and for
//! each category that moved, the checks whose counts changed.

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

/// The score on both sides, when the total or any category moved; `None` when the
/// change leaves the score as it was.
pub fn delta(base: &Side, head: &Side) -> Option<ScoreDelta> {
    let (before, after) = (&base.score, &head.score);
    let categories: Vec<CategoryDelta> = before
        .categories
        .iter()
        .zip(&after.categories)
        .filter(|(b, a)| b.score != a.score)
        .map(|(b, a)| CategoryDelta {
            name: a.name.to_string(),
            before: u32::from(b.score),
            after: u32::from(a.score),
            why: moved_checks(b, a),
        })
        .collect();
    if categories.is_empty() && before.total == after.total {
        return None;
    }
    Some(ScoreDelta {
        before: u32::from(before.total),
        after: u32::from(after.total),
        out_of: 25,
        categories,
    })
}

impl ScoreDelta {
    /// The total, then a line per moved category with what moved it, in plain words
    /// (the human and Markdown writers format them).
    pub fn lines(&self) -> (String, Vec<String>) {
        let total = format!("{} → {} of {}", self.before, self.after, self.out_of);
        let categories = self
            .categories
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {} ({})",
                    c.name,
                    c.before,
                    c.after,
                    c.why.join("; ")
                )
            })
            .collect();
        (total, categories)
    }
}

/// The checks of a category whose share changed, as "what: met/of → met/of" (3/3 →
/// 2/2 is no change: the check was and is fully met).
fn moved_checks(before: &crate::score::Category, after: &crate::score::Category) -> Vec<String> {
    after
        .checks
        .iter()
        .filter_map(|a| {
            let b = before.checks.iter().find(|b| b.what == a.what);
            let (bm, bo) = b.map_or((0, 0), |b| (b.met, b.of));
            // Shares compared by cross-multiplication; a check with nothing to count
            // (of = 0) is left out of the score, so it only moves by appearing.
            let moved = match (bo, a.of) {
                (0, 0) => false,
                (0, _) | (_, 0) => true,
                _ => bm * a.of != a.met * bo,
            };
            moved.then(|| format!("{}: {bm}/{bo} → {}/{}", a.what, a.met, a.of))
        })
        .collect()
}
