//! `kpi-no-target` and `kpi-stale`: a KPI needs a target, a direction and fresh readings.

use jiff::civil::Date;

use super::Cx;
use crate::finding::Finding;
use crate::model::entities::{Kpi, KpiCadence};
use crate::model::value::days;

/// How many days a reading stays current for each cadence.
pub(crate) fn allowed_age(cadence: KpiCadence) -> i32 {
    match cadence {
        KpiCadence::Daily => 1,
        KpiCadence::Weekly => 7,
        KpiCadence::Monthly => 31,
        KpiCadence::Quarterly => 92,
    }
}

/// `kpi-stale` for one KPI: it has a cadence, and no reading or none recent enough
/// (also what `opsctl list kpis --stale` selects).
pub(crate) fn is_stale(kpi: &Kpi, today: Date) -> bool {
    let Some(cadence) = kpi.cadence.as_ref().and_then(|c| c.value.value) else {
        return false;
    };
    kpi.newest_reading()
        .is_none_or(|(date, _)| days(date, today) > allowed_age(cadence))
}

pub fn check(cx: &mut Cx) {
    for kpi in &cx.model.kpis {
        let id = &kpi.id;
        let missing: Vec<&str> = [
            ("target", kpi.target.is_none()),
            ("direction", kpi.direction.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        if !missing.is_empty() {
            cx.push(
                Finding::new(
                    "kpi-no-target",
                    cx.at(kpi.file, &id.span),
                    format!("KPI `{}` has no {}", id.value, missing.join(" and no ")),
                )
                .help("add `target = <number>` and `direction = \"up\"` or `\"down\"` (which way is better)")
                .subject(id.value.clone()),
            );
        }
        let Some(cadence) = kpi.cadence.as_ref().and_then(|c| c.value.value) else {
            continue;
        };
        let newest = kpi
            .readings
            .iter()
            .filter_map(|r| r.date.value.get().map(|d| (d, &r.date.span)))
            .max_by_key(|(d, _)| *d);
        match newest {
            None => cx.push(
                Finding::new(
                    "kpi-stale",
                    cx.at(kpi.file, &id.span),
                    format!("KPI `{}` has no readings", id.value),
                )
                .help("add `readings = [{ date = YYYY-MM-DD, value = … }]`")
                .subject(id.value.clone()),
            ),
            Some((date, span)) => {
                let age = days(date, cx.today);
                if age > allowed_age(cadence) {
                    cx.push(
                        Finding::new(
                            "kpi-stale",
                            cx.at(kpi.file, span),
                            format!(
                                "KPI `{}` was last read {age} days ago ({date}); it is read {}",
                                id.value,
                                cadence_word(cadence)
                            ),
                        )
                        .help("add the latest reading, or change the KPI's cadence")
                        .subject(id.value.clone()),
                    );
                }
            }
        }
    }
}

fn cadence_word(cadence: KpiCadence) -> &'static str {
    match cadence {
        KpiCadence::Daily => "daily",
        KpiCadence::Weekly => "weekly",
        KpiCadence::Monthly => "monthly",
        KpiCadence::Quarterly => "quarterly",
    }
}
