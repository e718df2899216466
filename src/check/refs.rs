//! `unknown-reference` and `missing-capability`: every id a file names must exist.

use super::Cx;
use crate::finding::Finding;
use crate::load::FileId;
use crate::model::Kind;
use crate::model::value::Sp;
use crate::suggest;

pub fn check(cx: &mut Cx) {
    let m = cx.model;
    for e in &m.people {
        reference(cx, e.file, e.team.as_ref(), Kind::Team, "team");
    }
    for e in &m.goals {
        reference(
            cx,
            e.file,
            e.capability.as_ref(),
            Kind::Capability,
            "capability",
        );
        reference(cx, e.file, e.parent.as_ref(), Kind::Goal, "parent");
        for person in &e.contributors {
            reference(cx, e.file, Some(person), Kind::Person, "contributor");
        }
    }
    for e in &m.kpis {
        reference(
            cx,
            e.file,
            e.capability.as_ref(),
            Kind::Capability,
            "capability",
        );
    }
    for e in &m.cadences {
        for person in &e.attendees {
            reference(cx, e.file, Some(person), Kind::Person, "attendee");
        }
        if let Some(sop) = &e.sop {
            page_reference(cx, e.file, sop);
        }
    }
    for page in &m.pages {
        reference(
            cx,
            page.file,
            page.meta.capability.as_ref(),
            Kind::Capability,
            "capability",
        );
    }
    for e in &m.offerings {
        for required in &e.requires {
            if !m.exists(cx.index, Kind::Capability, &required.value) {
                let help = suggest::did_you_mean(&required.value, cx.index.ids(Kind::Capability))
                    .unwrap_or_else(|| {
                        "define it as a [[capability]] with an owner, or remove it from `requires`"
                            .to_string()
                    });
                cx.push(
                    Finding::new(
                        "missing-capability",
                        cx.at(e.file, &required.span),
                        format!(
                            "offering `{}` requires capability `{}`, which is not defined",
                            e.id.value, required.value
                        ),
                    )
                    .help(help)
                    .subject(e.id.value.clone()),
                );
            }
        }
    }
}

fn reference(cx: &mut Cx, file: FileId, value: Option<&Sp<String>>, kind: Kind, field: &str) {
    let Some(value) = value else { return };
    if cx.model.exists(cx.index, kind, &value.value) {
        return;
    }
    let help = suggest::did_you_mean(&value.value, cx.index.ids(kind)).unwrap_or_else(|| {
        format!(
            "define a [[{}]] with id `{}`, or fix the reference",
            kind.table(),
            value.value
        )
    });
    cx.push(
        Finding::new(
            "unknown-reference",
            cx.at(file, &value.span),
            format!("{field} `{}` is not a known {}", value.value, kind.table()),
        )
        .help(help),
    );
}

fn page_reference(cx: &mut Cx, file: FileId, sop: &Sp<String>) {
    let path = sop.value.trim_start_matches("./");
    if cx.index.page(path).is_some() || cx.repo.paths.contains(path) {
        return;
    }
    let help = suggest::did_you_mean(path, cx.model.pages.iter().map(|p| p.path.as_str()))
        .unwrap_or_else(|| "give the path of a page relative to the repository root".to_string());
    cx.push(
        Finding::new(
            "unknown-reference",
            cx.at(file, &sop.span),
            format!("sop `{}` is not a page of this repository", sop.value),
        )
        .help(help),
    );
}
