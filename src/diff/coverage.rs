//! Capability coverage changes: a capability that loses (or gains) its last SOP, KPI
//! or owner, and an offering whose required capability disappeared.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::model::Model;
use crate::model::entities::PageStatus;
use crate::model::value::OwnerValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// The capability's last SOP is gone (removed, retired, or moved to another capability).
    LostSop,
    LostKpi,
    /// Its owner field is gone, or names a person who no longer exists.
    LostOwner,
    /// An offering requires a capability that existed before and does not now.
    RequiredCapabilityGone,
    GainedSop,
    GainedKpi,
    GainedOwner,
}

impl Coverage {
    pub fn risky(self) -> bool {
        matches!(
            self,
            Coverage::LostSop
                | Coverage::LostKpi
                | Coverage::LostOwner
                | Coverage::RequiredCapabilityGone
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageChange {
    pub change: Coverage,
    /// The capability, or for `RequiredCapabilityGone` the offering.
    pub id: String,
    /// For `RequiredCapabilityGone`, the capability that disappeared.
    pub capability: Option<String>,
    /// How many SOPs or KPIs the capability had before (for lost ones).
    pub had: usize,
}

/// What covers each capability on one side.
#[derive(Default)]
struct Facts<'a> {
    capabilities: HashSet<&'a str>,
    sops: HashMap<&'a str, usize>,
    kpis: HashMap<&'a str, usize>,
    owned: HashSet<&'a str>,
}

fn facts(model: &Model) -> Facts<'_> {
    let mut facts = Facts::default();
    let people: HashSet<&str> = model.people.iter().map(|p| p.id.value.as_str()).collect();
    for capability in &model.capabilities {
        let id = capability.id.value.as_str();
        facts.capabilities.insert(id);
        if let Some(OwnerValue::One(owner)) = capability.owner.as_ref().map(|o| &o.value) {
            if people.contains(owner.as_str()) {
                facts.owned.insert(id);
            }
        }
    }
    // Retired pages do not document anything any more, as the coverage rule says.
    let live = model
        .pages
        .iter()
        .filter(|p| p.status() != PageStatus::Retired);
    for capability in live.filter_map(|p| p.capability()) {
        *facts.sops.entry(capability).or_default() += 1;
    }
    for kpi in &model.kpis {
        if let Some(capability) = &kpi.capability {
            *facts.kpis.entry(capability.value.as_str()).or_default() += 1;
        }
    }
    facts
}

/// Coverage changes of the capabilities on both sides, and offerings' lost capabilities.
pub fn compare(base: &Model, head: &Model) -> Vec<CoverageChange> {
    let (old, new) = (facts(base), facts(head));
    let mut changes = Vec::new();
    let mut push = |change, id: &str, capability: Option<&str>, had| {
        changes.push(CoverageChange {
            change,
            id: id.to_string(),
            capability: capability.map(str::to_string),
            had,
        })
    };
    for capability in &head.capabilities {
        let id = capability.id.value.as_str();
        if !old.capabilities.contains(id) {
            continue;
        }
        let count = |m: &HashMap<&str, usize>| m.get(id).copied().unwrap_or(0);
        let pairs = [
            (
                count(&old.sops),
                count(&new.sops),
                Coverage::LostSop,
                Coverage::GainedSop,
            ),
            (
                count(&old.kpis),
                count(&new.kpis),
                Coverage::LostKpi,
                Coverage::GainedKpi,
            ),
            (
                usize::from(old.owned.contains(id)),
                usize::from(new.owned.contains(id)),
                Coverage::LostOwner,
                Coverage::GainedOwner,
            ),
        ];
        for (had, has, lost, gained) in pairs {
            if had > 0 && has == 0 {
                push(lost, id, None, had);
            } else if had == 0 && has > 0 {
                push(gained, id, None, 0);
            }
        }
    }
    for offering in &head.offerings {
        for required in &offering.requires {
            let gone = required.value.as_str();
            if old.capabilities.contains(gone) && !new.capabilities.contains(gone) {
                push(
                    Coverage::RequiredCapabilityGone,
                    &offering.id.value,
                    Some(gone),
                    0,
                );
            }
        }
    }
    changes.sort_by(|a, b| (a.change, &a.id).cmp(&(b.change, &b.id)));
    changes.dedup();
    changes
}
