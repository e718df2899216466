//! Who owns what, and how loaded each owner is: one definition shared by the
//! `owner-overloaded` rule, the site's people pages and `opsctl owners`.

use std::collections::HashMap;

use super::Model;
use super::value::{OwnerValue, Sp};

/// Positions (in the model's vectors) of what one person owns.
#[derive(Debug, Default)]
pub struct Owned {
    pub goals: Vec<usize>,
    pub capabilities: Vec<usize>,
    pub offerings: Vec<usize>,
    pub kpis: Vec<usize>,
    pub cadences: Vec<usize>,
    pub pages: Vec<usize>,
}

impl Owned {
    /// An owner's load: the goals they own that are still to be delivered
    /// (planned or active). Done and dropped goals weigh nothing.
    pub fn open_goals(&self, model: &Model) -> usize {
        self.goals
            .iter()
            .filter(|&&i| model.goals[i].is_open())
            .count()
    }

    /// Everything owned, of every kind.
    pub fn total(&self) -> usize {
        self.goals.len()
            + self.capabilities.len()
            + self.offerings.len()
            + self.kpis.len()
            + self.cadences.len()
            + self.pages.len()
    }
}

/// Whether `open_goals` is more than one owner should carry (`max_open_goals_per_owner`).
pub fn is_overloaded(open_goals: usize, max_open: usize) -> bool {
    open_goals > max_open
}

/// The owner's id, when the owner is one id (a list is shared ownership: nobody's).
pub fn owner_id(owner: Option<&Sp<OwnerValue>>) -> Option<&str> {
    match owner.map(|o| &o.value) {
        Some(OwnerValue::One(id)) if !id.trim().is_empty() => Some(id.as_str()),
        _ => None,
    }
}

/// Indexes everything by owner id in one pass over the model. Ids that name no
/// person are kept too, so callers can show what a misspelt owner holds.
pub fn index(model: &Model) -> HashMap<&str, Owned> {
    fn add<'m>(
        owned: &mut HashMap<&'m str, Owned>,
        owner: Option<&'m Sp<OwnerValue>>,
        pick: fn(&mut Owned) -> &mut Vec<usize>,
        i: usize,
    ) {
        if let Some(id) = owner_id(owner) {
            pick(owned.entry(id).or_default()).push(i);
        }
    }
    let mut owned: HashMap<&str, Owned> = HashMap::new();
    for (i, e) in model.goals.iter().enumerate() {
        add(&mut owned, e.owner.as_ref(), |o| &mut o.goals, i);
    }
    for (i, e) in model.capabilities.iter().enumerate() {
        add(&mut owned, e.owner.as_ref(), |o| &mut o.capabilities, i);
    }
    for (i, e) in model.offerings.iter().enumerate() {
        add(&mut owned, e.owner.as_ref(), |o| &mut o.offerings, i);
    }
    for (i, e) in model.kpis.iter().enumerate() {
        add(&mut owned, e.owner.as_ref(), |o| &mut o.kpis, i);
    }
    for (i, e) in model.cadences.iter().enumerate() {
        add(&mut owned, e.owner.as_ref(), |o| &mut o.cadences, i);
    }
    for (i, p) in model.pages.iter().enumerate() {
        add(&mut owned, p.meta.owner.as_ref(), |o| &mut o.pages, i);
    }
    owned
}
