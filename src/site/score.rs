//! The Execution Score on the home page: the total, its band, each category with
//! its reason, and (when history was sampled) the trend as a chart.

use serde_json::{Value, json};

use super::Site;
use super::svg::{ChartPoint, kpi_chart};
use crate::score::{self, Band};

/// The badge class of a band or of a category's score.
fn badge(band: Band) -> &'static str {
    match band {
        Band::StrongFoundation => "badge-ok",
        Band::Building => "badge-warn",
        Band::FixExecution => "badge-bad",
    }
}

pub fn view(site: &Site) -> Value {
    let views = &site.views;
    let score = score::compute(views.repo, views.today);
    let mut value = score::text::score_value(&score);
    value["badge"] = json!(badge(score.band));
    if let Some(categories) = value["categories"].as_array_mut() {
        for category in categories {
            let badge = match category["score"].as_u64() {
                Some(5) => "badge-ok",
                Some(3 | 4) => "badge-warn",
                _ => "badge-bad",
            };
            category["badge"] = json!(badge);
        }
    }
    // The trend reuses the KPI chart: the total over time against the 20 of a
    // strong foundation, higher being better.
    let points: Vec<ChartPoint> = site
        .score_history
        .iter()
        .filter_map(|s| {
            let date = crate::model::value::parse_date(&s.date).ok()?;
            Some(ChartPoint {
                date,
                value: f64::from(s.score.total),
            })
        })
        .collect();
    value["trend"] = if points.len() > 1 {
        json!(kpi_chart(
            "execution-score",
            "Execution Score over time (out of 25)",
            &points,
            Some(20.0),
            Some(true),
            "",
        ))
    } else {
        Value::Null
    };
    value
}
