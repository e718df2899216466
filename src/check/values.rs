//! `invalid-value` and `invalid-date`: ids, words from closed sets, periods and dates.

use super::Cx;
use crate::finding::Finding;
use crate::load::FileId;
use crate::model::Kind;
use crate::model::value::{Choice, Choices, DateValue, PeriodValue, Sp};
use crate::suggest;

pub fn check(cx: &mut Cx) {
    let m = cx.model;
    for kind in Kind::ALL {
        for (file, _, id) in m.ids(kind) {
            slug(cx, file, id, kind.table());
        }
    }
    for e in &m.goals {
        choice(cx, e.file, e.horizon.as_ref(), "horizon");
        choice(cx, e.file, e.status.as_ref(), "status");
        date(cx, e.file, e.deadline.as_ref());
        if let Some(priority) = &e.priority {
            if priority.value < 1 {
                cx.push(
                    Finding::new(
                        "invalid-value",
                        cx.at(e.file, &priority.span),
                        "priority must be 1 or more",
                    )
                    .help("1 is the highest priority within a horizon"),
                );
            }
        }
        for milestone in &e.milestone {
            date(cx, e.file, milestone.due.as_ref());
        }
    }
    for e in &m.kpis {
        choice(cx, e.file, e.direction.as_ref(), "direction");
        choice(cx, e.file, e.cadence.as_ref(), "cadence");
        for reading in &e.readings {
            date(cx, e.file, Some(&reading.date));
        }
    }
    for e in &m.cadences {
        period(cx, e.file, e.every.as_ref(), "every");
    }
    for e in &m.waivers {
        date(cx, e.file, e.until.as_ref());
    }
    if let Some(default) = &cx.repo.config.check.default_review_every {
        period(cx, 0, Some(default), "default_review_every");
    }
    for page in &m.pages {
        let meta = &page.meta;
        choice(cx, page.file, meta.status.as_ref(), "status");
        choice(cx, page.file, meta.kind.as_ref(), "kind");
        period(cx, page.file, meta.review_every.as_ref(), "review_every");
        date(cx, page.file, meta.last_reviewed.as_ref());
        date(cx, page.file, meta.date.as_ref());
        for action in &meta.action {
            date(cx, page.file, action.due.as_ref());
        }
    }
}

fn slug(cx: &mut Cx, file: FileId, id: &Sp<String>, kind: &str) {
    if !crate::model::value::is_slug(&id.value) {
        let suggestion: String = id
            .value
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        cx.push(
            Finding::new(
                "invalid-value",
                cx.at(file, &id.span),
                format!("{kind} id `{}` is not a slug", id.value),
            )
            .help(format!(
                "ids use lowercase letters, digits and '-', e.g. `{}`",
                suggestion.trim_matches('-')
            )),
        );
    }
}

fn choice<E: Choices>(cx: &mut Cx, file: FileId, value: Option<&Sp<Choice<E>>>, field: &str) {
    let Some(value) = value else { return };
    if value.value.value.is_some() {
        return;
    }
    let raw = &value.value.raw;
    let help = suggest::did_you_mean(raw, E::NAMES.iter().copied())
        .unwrap_or_else(|| format!("use one of: {}", E::NAMES.join(", ")));
    cx.push(
        Finding::new(
            "invalid-value",
            cx.at(file, &value.span),
            format!("`{raw}` is not a valid {field}"),
        )
        .help(help),
    );
}

fn period(cx: &mut Cx, file: FileId, value: Option<&Sp<PeriodValue>>, field: &str) {
    let Some(value) = value else { return };
    if value.value.period.is_none() {
        cx.push(
            Finding::new(
                "invalid-value",
                cx.at(file, &value.span),
                format!("`{}` is not a valid period for `{field}`", value.value.raw),
            )
            .help("write a number and a unit, d (days), w (weeks), m (months) or q (quarters), e.g. \"90d\" or \"1q\""),
        );
    }
}

fn date(cx: &mut Cx, file: FileId, value: Option<&Sp<DateValue>>) {
    let Some(value) = value else { return };
    if let Err(reason) = &value.value.date {
        cx.push(
            Finding::new(
                "invalid-date",
                cx.at(file, &value.span),
                format!("invalid date `{}`: {reason}", value.value.raw),
            )
            .help("write a real calendar date as YYYY-MM-DD, e.g. 2026-12-31"),
        );
    }
}
