//! `capability-without-sop` and `capability-without-kpi`: capabilities that are
//! documented and measured, not just named.

use std::collections::HashSet;

use super::Cx;
use crate::finding::Finding;
use crate::model::entities::PageStatus;

pub fn check(cx: &mut Cx) {
    let m = cx.model;
    let required: HashSet<&str> = m
        .offerings
        .iter()
        .flat_map(|o| o.requires.iter().map(|r| r.value.as_str()))
        .collect();
    let documented: HashSet<&str> = m
        .pages
        .iter()
        .filter(|p| p.status() != PageStatus::Retired)
        .filter_map(|p| p.capability())
        .collect();
    let measured: HashSet<&str> = m
        .kpis
        .iter()
        .filter_map(|k| k.capability.as_ref().map(|c| c.value.as_str()))
        .collect();
    for capability in &m.capabilities {
        let id = capability.id.value.as_str();
        if required.contains(id) && !documented.contains(id) {
            cx.push(
                Finding::new(
                    "capability-without-sop",
                    cx.at(capability.file, &capability.id.span),
                    format!("capability `{id}` is needed by offerings but has no SOP"),
                )
                .help(format!("write a page with `capability = \"{id}\"` in its front matter describing how it is done"))
                .subject(id),
            );
        }
        if !measured.contains(id) {
            cx.push(
                Finding::new(
                    "capability-without-kpi",
                    cx.at(capability.file, &capability.id.span),
                    format!("capability `{id}` has no KPI to measure it"),
                )
                .help(format!(
                    "add a [[kpi]] with `capability = \"{id}\"`, a target and a direction"
                ))
                .subject(id),
            );
        }
    }
}
