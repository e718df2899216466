//! `duplicate-id`: two entities of one kind share an id.

use std::collections::HashMap;
use std::ops::Range;

use super::Cx;
use crate::finding::Finding;
use crate::load::FileId;
use crate::model::Kind;

/// Where one id is written.
type IdAt<'a> = (FileId, &'a str, &'a Range<usize>);

pub fn check(cx: &mut Cx) {
    let m = cx.model;
    let kinds: [(Kind, Vec<IdAt>); 7] = [
        (
            Kind::Person,
            m.people
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Team,
            m.teams
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Capability,
            m.capabilities
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Offering,
            m.offerings
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Goal,
            m.goals
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Kpi,
            m.kpis
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
        (
            Kind::Cadence,
            m.cadences
                .iter()
                .map(|e| (e.file, e.id.as_str(), &e.id.span))
                .collect(),
        ),
    ];
    for (kind, entries) in kinds {
        let mut first: HashMap<&str, (FileId, &Range<usize>)> = HashMap::new();
        for (file, id, span) in entries {
            match first.get(id) {
                None => {
                    first.insert(id, (file, span));
                }
                Some(&(first_file, first_span)) => {
                    let finding = Finding::new(
                        "duplicate-id",
                        cx.at(file, span),
                        format!("{} id `{id}` is already used", kind.table()),
                    )
                    .label(cx.at(first_file, first_span), "first defined here")
                    .help("give one of them another id (ids must be unique within a kind)")
                    .subject(id);
                    cx.push(finding);
                }
            }
        }
    }
}
