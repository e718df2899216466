//! Deterministic, accessible SVG for the handbook: the capability map and KPI charts.
//!
//! Every function here returns a self-contained `<svg>` string meant to be
//! inlined in a page. No colours are written inline: all shapes carry classes
//! (`map-*`, `chart-*`) that the site stylesheet styles through CSS custom
//! properties, so the drawings follow dark mode and print. All text is escaped,
//! and numbers are written with fixed precision so the same input always gives
//! the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// An offering (what customers buy) in the capability map's left column.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOffering {
    pub id: String,
    pub name: String,
    pub url: String,
    /// Capability ids this offering depends on.
    pub requires: Vec<String>,
}

/// A capability in the capability map's right column.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCapability {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
    /// Owner display name; `None` is a gap.
    pub owner: Option<String>,
    /// Number of SOPs for the capability; 0 is a gap.
    pub sops: usize,
    /// Number of KPIs measuring the capability; 0 is a gap.
    pub kpis: usize,
    /// `false` when an offering requires the capability but it is not defined.
    pub defined: bool,
}

/// A KPI reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    pub date: jiff::civil::Date,
    pub value: f64,
}

/// Escapes text for use in SVG/HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes a string safe to use as an XML id (letters, digits, `-`, `_`).
fn id_safe(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if out.is_empty() {
        "chart".to_string()
    } else {
        out
    }
}

/// Shortens `s` to at most `max` characters, ending with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Splits `s` into at most two lines of at most `max` characters, at spaces.
fn wrap2(s: &str, max: usize) -> Vec<String> {
    if s.chars().count() <= max {
        return vec![s.to_string()];
    }
    let mut first = String::new();
    let mut rest = s;
    for (i, _) in s.match_indices(' ') {
        if s[..i].chars().count() > max {
            break;
        }
        first = s[..i].to_string();
        rest = &s[i + 1..];
    }
    if first.is_empty() {
        return vec![truncate(s, max)];
    }
    vec![first, truncate(rest.trim_start(), max)]
}

/// A coordinate with one decimal, never `-0.0` (nor NaN or infinity).
fn c(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Inserts thousands separators into an unsigned digit string.
fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    let mut until_comma = match n % 3 {
        0 => 3,
        r => r,
    };
    for ch in digits.chars() {
        if until_comma == 0 {
            out.push(',');
            until_comma = 3;
        }
        out.push(ch);
        until_comma -= 1;
    }
    out
}

/// Formats a number with exactly `decimals` decimals and thousands separators.
fn fmt_fixed(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let is_zero = s.chars().all(|ch| ch == '0' || ch == '.');
    let mut out = String::new();
    if v < 0.0 && !is_zero {
        out.push('-');
    }
    out.push_str(&group_thousands(int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Formats a value with up to four decimals, trailing zeros removed, and thousands
/// separators: `135000.0` → `135,000`, `4.40` → `4.4` (also used beside the charts).
pub fn fmt_value(v: f64) -> String {
    let mut s = fmt_fixed(v, 4);
    if s.contains('.') {
        s.truncate(s.trim_end_matches('0').trim_end_matches('.').len());
    }
    s
}

/// Appends a unit to a formatted number: "4.4 hours", "99.9%", "3.2x", "3".
pub fn with_unit(num: &str, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        num.to_string()
    } else if matches!(unit, "%" | "x" | "×" | "‰") {
        format!("{num}{unit}")
    } else {
        format!("{num} {unit}")
    }
}

/// "1 SOP", "3 SOPs", "no SOP".
fn count_label(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}"),
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

// Capability map layout (SVG user units).
const MAP_W: f64 = 760.0;
const MAP_TOP: f64 = 44.0;
const OFF_X: f64 = 16.0;
const OFF_W: f64 = 256.0;
const OFF_H: f64 = 52.0;
const OFF_PITCH: f64 = 64.0;
const CAP_X: f64 = 404.0;
const CAP_W: f64 = 340.0;
const CAP_H: f64 = 58.0;
const CAP_PITCH: f64 = 70.0;
const PILL_W: f64 = 64.0;
const PILL_H: f64 = 18.0;
const LEGEND_H: f64 = 40.0;

/// What is missing for a capability, in words ("no SOP", "no owner", …).
fn capability_gaps(cap: &MapCapability) -> Vec<&'static str> {
    if !cap.defined {
        return vec!["required but not defined"];
    }
    let mut gaps = Vec::new();
    if cap.owner.is_none() {
        gaps.push("no owner");
    }
    if cap.sops == 0 {
        gaps.push("no SOP");
    }
    if cap.kpis == 0 {
        gaps.push("no KPI");
    }
    gaps
}

/// Offerings (left column) → capabilities (right column) with edges; each
/// capability shows its SOP and KPI counts; gaps (`defined == false`,
/// `sops == 0`, `kpis == 0`, `owner == None`) are visibly marked (dashed, with
/// the `map-capability-gap` / `map-capability-missing` class and a short text
/// like "no SOP"). Nodes are `<a href>` links when a url is given. The height
/// grows with the number of nodes; the width is fixed at 760.
///
/// A capability required by an offering but absent from `capabilities` is
/// drawn as missing. Capabilities are ordered to reduce edge crossings (by the
/// offerings that require them, then input order); offerings keep input order.
/// When the map contains links the root has `role="group"` (links inside
/// `role="img"` would be hidden from assistive technology), else `role="img"`.
pub fn capability_map(offerings: &[MapOffering], capabilities: &[MapCapability]) -> String {
    // Capabilities by id, plus synthetic "missing" ones for unknown requirements.
    let mut caps: Vec<MapCapability> = capabilities.to_vec();
    let mut known: BTreeSet<String> = caps.iter().map(|c| c.id.clone()).collect();
    for off in offerings {
        for req in &off.requires {
            if known.insert(req.clone()) {
                caps.push(MapCapability {
                    id: req.clone(),
                    name: req.clone(),
                    url: None,
                    owner: None,
                    sops: 0,
                    kpis: 0,
                    defined: false,
                });
            }
        }
    }

    // Which offerings (by index) require each capability id.
    let mut required_by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, off) in offerings.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for req in &off.requires {
            if seen.insert(req.as_str()) {
                required_by.entry(req.as_str()).or_default().push(i);
            }
        }
    }

    // Order capabilities by barycentre of their offerings; unrequired last.
    let mut order: Vec<usize> = (0..caps.len()).collect();
    let key = |ci: usize| -> (u8, u64, usize, usize) {
        match required_by.get(caps[ci].id.as_str()) {
            Some(offs) if !offs.is_empty() => {
                let sum: usize = offs.iter().sum();
                // Barycentre scaled to an integer for a total, deterministic order.
                let bary = (sum as u64 * 1000) / offs.len() as u64;
                (0, bary, offs[0], ci)
            }
            _ => (1, 0, 0, ci),
        }
    };
    order.sort_by_key(|&ci| key(ci));

    let n_caps = caps.len();
    let n_offs = offerings.len();
    let col_caps = if n_caps == 0 {
        0.0
    } else {
        n_caps as f64 * CAP_PITCH - (CAP_PITCH - CAP_H)
    };
    let col_offs = if n_offs == 0 {
        0.0
    } else {
        n_offs as f64 * OFF_PITCH - (OFF_PITCH - OFF_H)
    };
    let content_h = col_caps.max(col_offs).max(40.0);
    let cap_top = MAP_TOP + (content_h - col_caps) / 2.0;
    let off_top = MAP_TOP + (content_h - col_offs) / 2.0;
    let legend_y = MAP_TOP + content_h + 16.0;
    let height = legend_y + LEGEND_H;

    // Vertical centre of each capability by id, and the class its edges add: an edge
    // to a gap is drawn in the gap's colour, one to an undefined capability in its.
    let mut cap_pos: BTreeMap<&str, (f64, &str)> = BTreeMap::new();
    for (row, &ci) in order.iter().enumerate() {
        let cap = &caps[ci];
        let y = cap_top + row as f64 * CAP_PITCH + CAP_H / 2.0;
        let edge = if !cap.defined {
            " map-edge-missing"
        } else if !capability_gaps(cap).is_empty() {
            " map-edge-gap"
        } else {
            ""
        };
        cap_pos.entry(cap.id.as_str()).or_insert((y, edge));
    }

    let has_links =
        offerings.iter().any(|o| !o.url.is_empty()) || caps.iter().any(|c| c.url.is_some());
    let gapped: Vec<(&MapCapability, Vec<&str>)> = order
        .iter()
        .map(|&ci| (&caps[ci], capability_gaps(&caps[ci])))
        .filter(|(_, g)| !g.is_empty())
        .collect();

    let mut desc = format!(
        "{} offering{} and {} capabilit{}.",
        n_offs,
        if n_offs == 1 { "" } else { "s" },
        n_caps,
        if n_caps == 1 { "y" } else { "ies" }
    );
    if gapped.is_empty() {
        if n_caps > 0 {
            desc.push_str(" Every capability has an owner, an SOP and a KPI.");
        }
    } else {
        desc.push_str(" Gaps: ");
        let parts: Vec<String> = gapped
            .iter()
            .map(|(cap, g)| format!("{} ({})", cap.name, g.join(", ")))
            .collect();
        desc.push_str(&parts.join("; "));
        desc.push('.');
    }
    for off in offerings {
        if !off.requires.is_empty() {
            let names: Vec<&str> = off
                .requires
                .iter()
                .map(|r| {
                    caps.iter()
                        .find(|c| &c.id == r)
                        .map_or(r.as_str(), |c| c.name.as_str())
                })
                .collect();
            let _ = write!(desc, " {} requires {}.", off.name, names.join(", "));
        }
    }

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"capability-map\" role=\"{}\" \
         aria-labelledby=\"capability-map-title\" aria-describedby=\"capability-map-desc\" \
         viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\">",
        if has_links { "group" } else { "img" },
        c(MAP_W),
        c(height),
        c(MAP_W),
        c(height)
    );
    s.push_str("<title id=\"capability-map-title\">Capability map: offerings and the capabilities they require</title>");
    let _ = write!(s, "<desc id=\"capability-map-desc\">{}</desc>", esc(&desc));

    // Column headings.
    let _ = write!(
        s,
        "<text class=\"map-heading\" x=\"{}\" y=\"24\">Offerings</text>\
         <text class=\"map-heading\" x=\"{}\" y=\"24\">Capabilities</text>",
        c(OFF_X),
        c(CAP_X)
    );

    if n_offs == 0 && n_caps == 0 {
        let _ = write!(
            s,
            "<text class=\"chart-label chart-empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">No offerings or capabilities defined yet</text>",
            c(MAP_W / 2.0),
            c(MAP_TOP + content_h / 2.0 + 4.0)
        );
    }

    // Edges first, so nodes are drawn over them.
    s.push_str("<g class=\"map-edges\">");
    for (i, off) in offerings.iter().enumerate() {
        let y1 = off_top + i as f64 * OFF_PITCH + OFF_H / 2.0;
        let x1 = OFF_X + OFF_W;
        let x2 = CAP_X;
        let xm = (x1 + x2) / 2.0;
        let mut seen = BTreeSet::new();
        for req in &off.requires {
            if !seen.insert(req.as_str()) {
                continue;
            }
            let Some(&(y2, edge)) = cap_pos.get(req.as_str()) else {
                continue;
            };
            let _ = write!(
                s,
                "<path class=\"map-edge{}\" d=\"M{} {} C{} {} {} {} {} {}\"/>",
                edge,
                c(x1),
                c(y1),
                c(xm),
                c(y1),
                c(xm),
                c(y2),
                c(x2),
                c(y2)
            );
        }
    }
    s.push_str("</g>");

    // Offerings.
    for (i, off) in offerings.iter().enumerate() {
        let y = off_top + i as f64 * OFF_PITCH;
        let lines = wrap2(&off.name, 32);
        let n_req = off.requires.iter().collect::<BTreeSet<_>>().len();
        let tooltip = format!(
            "{}: requires {} capabilit{}",
            off.name,
            n_req,
            if n_req == 1 { "y" } else { "ies" }
        );
        if !off.url.is_empty() {
            let _ = write!(s, "<a class=\"map-link\" href=\"{}\">", esc(&off.url));
        }
        let _ = write!(
            s,
            "<g class=\"map-node map-offering\"><title>{}</title>\
             <rect class=\"map-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            esc(&tooltip),
            c(OFF_X),
            c(y),
            c(OFF_W),
            c(OFF_H),
        );
        let first_y = if lines.len() == 1 { y + 31.0 } else { y + 22.0 };
        for (li, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                "<text class=\"map-name\" x=\"{}\" y=\"{}\">{}</text>",
                c(OFF_X + 14.0),
                c(first_y + li as f64 * 17.0),
                esc(line)
            );
        }
        s.push_str("</g>");
        if !off.url.is_empty() {
            s.push_str("</a>");
        }
    }

    // Capabilities.
    for (row, &ci) in order.iter().enumerate() {
        let cap = &caps[ci];
        let y = cap_top + row as f64 * CAP_PITCH;
        let gaps = capability_gaps(cap);
        let class = if !cap.defined {
            "map-node map-capability map-capability-missing"
        } else if !gaps.is_empty() {
            "map-node map-capability map-capability-gap"
        } else {
            "map-node map-capability"
        };
        let mut tooltip = cap.name.clone();
        if cap.defined {
            let _ = write!(
                tooltip,
                ": owner {}, {}, {}",
                cap.owner.as_deref().unwrap_or("none"),
                count_label(cap.sops, "SOP"),
                count_label(cap.kpis, "KPI")
            );
        } else {
            tooltip.push_str(": required but not defined");
        }
        if let Some(url) = &cap.url {
            let _ = write!(s, "<a class=\"map-link\" href=\"{}\">", esc(url));
        }
        let _ = write!(
            s,
            "<g class=\"{class}\"><title>{}</title>\
             <rect class=\"map-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>\
             <text class=\"map-name\" x=\"{}\" y=\"{}\">{}</text>",
            esc(&tooltip),
            c(CAP_X),
            c(y),
            c(CAP_W),
            c(CAP_H),
            c(CAP_X + 14.0),
            c(y + 23.0),
            esc(&truncate(&cap.name, 38)),
        );
        let line2_y = y + 44.0;
        if !cap.defined {
            let _ = write!(
                s,
                "<text class=\"map-gap-note\" x=\"{}\" y=\"{}\">required but not defined</text>",
                c(CAP_X + 14.0),
                c(line2_y)
            );
        } else {
            match &cap.owner {
                Some(owner) => {
                    let _ = write!(
                        s,
                        "<text class=\"map-sub\" x=\"{}\" y=\"{}\">{}</text>",
                        c(CAP_X + 14.0),
                        c(line2_y),
                        esc(&truncate(owner, 24))
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<text class=\"map-gap-note map-gap-warn\" x=\"{}\" y=\"{}\">no owner</text>",
                        c(CAP_X + 14.0),
                        c(line2_y)
                    );
                }
            }
            let pill_y = y + CAP_H - 12.0 - PILL_H;
            let kpi_x = CAP_X + CAP_W - 12.0 - PILL_W;
            let sop_x = kpi_x - 6.0 - PILL_W;
            for (x, cls, n, noun) in [
                (sop_x, "map-doc", cap.sops, "SOP"),
                (kpi_x, "map-kpi", cap.kpis, "KPI"),
            ] {
                let _ = write!(
                    s,
                    "<g class=\"map-pill {cls}{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"9\"/>\
                     <text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
                    if n == 0 { " map-pill-gap" } else { "" },
                    c(x),
                    c(pill_y),
                    c(PILL_W),
                    c(PILL_H),
                    c(x + PILL_W / 2.0),
                    c(pill_y + 13.0),
                    count_label(n, noun)
                );
            }
        }
        s.push_str("</g>");
        if cap.url.is_some() {
            s.push_str("</a>");
        }
    }

    if n_offs == 0 && n_caps == 0 {
        s.push_str("</svg>");
        return s;
    }

    // Legend.
    let ly = legend_y;
    let _ = write!(
        s,
        "<g class=\"map-legend\" aria-hidden=\"true\">\
         <g class=\"map-capability\"><rect class=\"map-box\" x=\"{x0}\" y=\"{y}\" width=\"22\" height=\"14\" rx=\"3\"/></g>\
         <text class=\"chart-label\" x=\"{x0t}\" y=\"{ty}\">covered</text>\
         <g class=\"map-capability map-capability-gap\"><rect class=\"map-box\" x=\"{x1}\" y=\"{y}\" width=\"22\" height=\"14\" rx=\"3\"/></g>\
         <text class=\"chart-label\" x=\"{x1t}\" y=\"{ty}\">gap: no owner, SOP or KPI</text>\
         <g class=\"map-capability map-capability-missing\"><rect class=\"map-box\" x=\"{x2}\" y=\"{y}\" width=\"22\" height=\"14\" rx=\"3\"/></g>\
         <text class=\"chart-label\" x=\"{x2t}\" y=\"{ty}\">required but not defined</text></g>",
        x0 = c(OFF_X),
        x0t = c(OFF_X + 30.0),
        x1 = c(OFF_X + 120.0),
        x1t = c(OFF_X + 150.0),
        x2 = c(OFF_X + 340.0),
        x2t = c(OFF_X + 370.0),
        y = c(ly),
        ty = c(ly + 11.5),
    );
    s.push_str("</svg>");
    s
}

// KPI chart layout.
const CHART_W: f64 = 640.0;
const CHART_H: f64 = 260.0;
const CHART_TOP: f64 = 30.0;
const CHART_BOTTOM: f64 = 36.0;
const CHART_RIGHT: f64 = 20.0;

/// A "nice" tick step (1, 2, 2.5 or 5 × 10^k) for roughly `n` intervals.
fn nice_step(range: f64, n: f64) -> f64 {
    let raw = range / n;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// Decimals needed to show multiples of `step` exactly (0–6).
fn step_decimals(step: f64) -> usize {
    let mut d = 0;
    while d < 6 {
        let scaled = step * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0) {
            break;
        }
        d += 1;
    }
    d
}

/// A line chart of readings (x: date, y: value) with the target as a
/// horizontal dashed line, the "good" side of the target shaded
/// (`up_is_better` `Some(true)` = up is better, `Some(false)` = down is
/// better, `None` = no shading), axis labels (first/last date, value ticks
/// with the unit), and each point with a `<title>` tooltip such as
/// "2026-11-09: 4.4 hours". Handles no readings (an empty chart saying "No
/// readings yet"), one reading, equal values and a target outside the data
/// range (the y-range always includes the target). Readings are sorted by date;
/// non-finite values are ignored.
pub fn kpi_chart(
    id: &str,
    title: &str,
    points: &[ChartPoint],
    target: Option<f64>,
    up_is_better: Option<bool>,
    unit: &str,
) -> String {
    let id = id_safe(id);
    let target = target.filter(|t| t.is_finite());
    let mut pts: Vec<ChartPoint> = points
        .iter()
        .copied()
        .filter(|p| p.value.is_finite())
        .collect();
    pts.sort_by_key(|p| p.date);

    // Y range: data and target, padded, extended to nice ticks.
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in pts.iter().map(|p| p.value).chain(target) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if hi - lo < 1e-9 * hi.abs().max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    } else {
        let pad = (hi - lo) * 0.08;
        // Do not push a non-negative series below zero just for padding, nor a
        // share that stays within 100% past it ("100.05%" reads as a mistake).
        lo = if lo >= 0.0 {
            (lo - pad).max(0.0)
        } else {
            lo - pad
        };
        hi = if unit == "%" && hi <= 100.0 {
            (hi + pad).min(100.0)
        } else {
            hi + pad
        };
    }
    let mut step = nice_step(hi - lo, 4.0);
    let (mut y_min, mut y_max) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if !(step.is_finite() && step > 0.0 && y_min.is_finite() && y_max.is_finite() && y_max > y_min)
    {
        // Absurd magnitudes (overflowing ranges): fall back to a fixed frame.
        (y_min, y_max, step) = (0.0, 1.0, 0.25);
    }
    let decimals = step_decimals(step);
    let ticks: Vec<f64> = {
        let n = ((y_max - y_min) / step).round().clamp(1.0, 20.0) as i64;
        (0..=n).map(|i| y_min + i as f64 * step).collect()
    };
    let tick_labels: Vec<String> = ticks
        .iter()
        .map(|&t| with_unit(&fmt_fixed(t, decimals), unit))
        .collect();
    let longest = tick_labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1);
    let left = (longest as f64 * 6.8 + 18.0).clamp(44.0, 150.0).round();

    let plot_x0 = left;
    let plot_x1 = CHART_W - CHART_RIGHT;
    let plot_y0 = CHART_TOP;
    let plot_y1 = CHART_H - CHART_BOTTOM;
    let sy = |v: f64| {
        // Fraction of the frame; clamped so overflowing values stay finite.
        let t = (v - y_min) / (y_max - y_min);
        let t = if t.is_nan() {
            0.5
        } else {
            t.clamp(-0.05, 1.05)
        };
        plot_y1 - t * (plot_y1 - plot_y0)
    };

    let first = pts.first().map(|p| p.date);
    let last = pts.last().map(|p| p.date);
    let span_days = match (first, last) {
        (Some(f), Some(l)) => l.duration_since(f).as_secs() as f64 / 86_400.0,
        _ => 0.0,
    };
    let inset = 12.0;
    let sx = |d: jiff::civil::Date| -> f64 {
        match first {
            Some(f) if span_days > 0.0 => {
                let days = d.duration_since(f).as_secs() as f64 / 86_400.0;
                plot_x0 + inset + days / span_days * (plot_x1 - plot_x0 - 2.0 * inset)
            }
            _ => (plot_x0 + plot_x1) / 2.0,
        }
    };

    // Description for assistive technology.
    let fmt_u = |v: f64| with_unit(&fmt_value(v), unit);
    let mut desc = String::new();
    match pts.len() {
        0 => desc.push_str("No readings yet."),
        1 => {
            let _ = write!(
                desc,
                "1 reading on {}: {}.",
                pts[0].date,
                fmt_u(pts[0].value)
            );
        }
        n => {
            let l = pts[n - 1];
            let _ = write!(
                desc,
                "{n} readings from {} to {}; first {}, latest {}.",
                pts[0].date,
                l.date,
                fmt_u(pts[0].value),
                fmt_u(l.value)
            );
        }
    }
    if let Some(t) = target {
        let _ = write!(desc, " Target {}", fmt_u(t));
        match up_is_better {
            Some(true) => desc.push_str(", higher is better."),
            Some(false) => desc.push_str(", lower is better."),
            None => desc.push('.'),
        }
    } else if let Some(up) = up_is_better {
        desc.push_str(if up {
            " Higher is better."
        } else {
            " Lower is better."
        });
    }

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kpi-chart\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(&desc),
        w = c(CHART_W),
        h = c(CHART_H),
    );

    // Good zone.
    if let (Some(t), Some(up)) = (target, up_is_better) {
        let ty = sy(t);
        let (y0, y1) = if up { (plot_y0, ty) } else { (ty, plot_y1) };
        if y1 - y0 > 0.0 {
            let _ = write!(
                s,
                "<rect class=\"chart-good-zone\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                c(plot_x0),
                c(y0),
                c(plot_x1 - plot_x0),
                c(y1 - y0)
            );
        }
    }

    // Grid and y labels.
    s.push_str("<g class=\"chart-grid\">");
    for &t in &ticks {
        let y = sy(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            c(plot_x0),
            c(y),
            c(plot_x1),
            c(y)
        );
    }
    s.push_str("</g>");
    for (t, label) in ticks.iter().zip(&tick_labels) {
        let _ = write!(
            s,
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            c(plot_x0 - 8.0),
            c(sy(*t) + 4.0),
            esc(label)
        );
    }

    // Axes.
    let _ = write!(
        s,
        "<path class=\"chart-axis\" d=\"M{} {} V{} H{}\"/>",
        c(plot_x0),
        c(plot_y0),
        c(plot_y1),
        c(plot_x1)
    );

    // Direction note.
    if let Some(up) = up_is_better {
        let _ = write!(
            s,
            "<text class=\"chart-label chart-direction\" x=\"{}\" y=\"18\" text-anchor=\"end\">{}</text>",
            c(plot_x1),
            if up {
                "↑ higher is better"
            } else {
                "↓ lower is better"
            }
        );
    }

    // Target.
    if let Some(t) = target {
        let ty = sy(t);
        let _ = write!(
            s,
            "<line class=\"chart-target\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\
             <text class=\"chart-label chart-target-label\" x=\"{}\" y=\"18\">target {}</text>",
            c(plot_x0),
            c(ty),
            c(plot_x1),
            c(ty),
            c(plot_x0),
            esc(&fmt_u(t))
        );
    }

    // X labels.
    match (first, last) {
        (Some(f), Some(l)) if f != l => {
            let _ = write!(
                s,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"start\">{}</text>\
                 <text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                c(plot_x0),
                c(plot_y1 + 20.0),
                f,
                c(plot_x1),
                c(plot_y1 + 20.0),
                l
            );
        }
        (Some(f), _) => {
            let _ = write!(
                s,
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                c(sx(f)),
                c(plot_y1 + 20.0),
                f
            );
        }
        _ => {}
    }

    if pts.is_empty() {
        let _ = write!(
            s,
            "<text class=\"chart-label chart-empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">No readings yet</text>",
            c((plot_x0 + plot_x1) / 2.0),
            c(plot_y0 + (plot_y1 - plot_y0) * 0.3 + 5.0)
        );
    } else {
        if pts.len() > 1 {
            let coords: Vec<String> = pts
                .iter()
                .map(|p| format!("{},{}", c(sx(p.date)), c(sy(p.value))))
                .collect();
            let _ = write!(
                s,
                "<polyline class=\"chart-line\" points=\"{}\"/>",
                coords.join(" ")
            );
        }
        s.push_str("<g class=\"chart-points\">");
        let n = pts.len();
        for (i, p) in pts.iter().enumerate() {
            let _ = write!(
                s,
                "<circle class=\"chart-point{}\" cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{}: {}</title></circle>",
                if i + 1 == n {
                    " chart-point-latest"
                } else {
                    ""
                },
                c(sx(p.date)),
                c(sy(p.value)),
                if i + 1 == n { "5" } else { "3.5" },
                p.date,
                esc(&fmt_u(p.value))
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(super::fmt_value(135000.0), "135,000");
        assert_eq!(super::fmt_value(4.40), "4.4");
        assert_eq!(super::fmt_value(-1234.5), "-1,234.5");
        assert_eq!(super::fmt_value(0.0), "0");
    }

    use super::*;
    use jiff::civil::date;

    fn cap(id: &str, owner: Option<&str>, sops: usize, kpis: usize) -> MapCapability {
        MapCapability {
            id: id.to_string(),
            name: format!("Cap {id}"),
            url: Some(format!("capabilities/{id}.html")),
            owner: owner.map(str::to_string),
            sops,
            kpis,
            defined: true,
        }
    }

    fn offering(id: &str, requires: &[&str]) -> MapOffering {
        MapOffering {
            id: id.to_string(),
            name: format!("Offering {id}"),
            url: format!("offerings/{id}.html"),
            requires: requires.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn readings() -> Vec<ChartPoint> {
        vec![
            ChartPoint {
                date: date(2026, 11, 2),
                value: 5.1,
            },
            ChartPoint {
                date: date(2026, 10, 26),
                value: 6.0,
            },
            ChartPoint {
                date: date(2026, 11, 9),
                value: 4.4,
            },
        ]
    }

    #[test]
    fn escapes_text() {
        assert_eq!(esc(r#"a&b<c>"d"'e"#), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e");
        let mut c1 = cap("x", Some("<script>alert('x')</script>"), 1, 1);
        c1.name = "R&D \"lab\"".into();
        c1.url = Some("a.html?x=1&y=\"2\"".into());
        let map = capability_map(&[offering("o", &["x"])], &[c1]);
        assert!(!map.contains("<script>"));
        assert!(map.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assert!(map.contains("R&amp;D &quot;lab&quot;"));
        assert!(map.contains("href=\"a.html?x=1&amp;y=&quot;2&quot;\""));

        let chart = kpi_chart(
            "k\"><x",
            "<b>Time & money</b>",
            &readings(),
            Some(5.0),
            None,
            "<h>",
        );
        assert!(chart.contains("&lt;b&gt;Time &amp; money&lt;/b&gt;"));
        assert!(chart.contains("id=\"k---x-title\""));
        assert!(chart.contains("4.4 &lt;h&gt;"));
        assert!(!chart.contains("<b>") && !chart.contains("<h>"));
    }

    #[test]
    fn output_is_deterministic() {
        let offs = [offering("a", &["x", "y", "z"]), offering("b", &["y"])];
        let caps = [cap("x", Some("Dev"), 2, 1), cap("y", None, 0, 3)];
        let m1 = capability_map(&offs, &caps);
        let m2 = capability_map(&offs.clone(), &caps.clone());
        assert_eq!(m1, m2);
        let k1 = kpi_chart("k", "K", &readings(), Some(5.0), Some(false), "hours");
        let k2 = kpi_chart("k", "K", &readings(), Some(5.0), Some(false), "hours");
        assert_eq!(k1, k2);
        assert!(!k1.contains("-0\"") && !k1.contains("NaN") && !k1.contains("inf"));
    }

    #[test]
    fn gaps_are_marked() {
        let offs = [offering("a", &["ok", "nosop", "nokpi", "noowner", "ghost"])];
        let caps = [
            cap("ok", Some("Dev"), 2, 1),
            cap("nosop", Some("Dev"), 0, 1),
            cap("nokpi", Some("Dev"), 1, 0),
            cap("noowner", None, 1, 1),
        ];
        let map = capability_map(&offs, &caps);
        assert!(map.starts_with("<svg ") && map.ends_with("</svg>"));
        assert_eq!(
            map.matches("class=\"map-node map-capability map-capability-gap\"")
                .count(),
            3
        );
        assert_eq!(
            map.matches("class=\"map-node map-capability map-capability-missing\"")
                .count(),
            1
        );
        assert_eq!(map.matches("class=\"map-node map-capability\"").count(), 1);
        assert!(map.contains(">no SOP<") && map.contains(">no KPI<") && map.contains(">no owner<"));
        assert!(map.contains(">required but not defined<"));
        assert_eq!(map.matches("class=\"map-edge map-edge-gap\"").count(), 3);
        assert_eq!(
            map.matches("class=\"map-edge map-edge-missing\"").count(),
            1
        );
        assert_eq!(map.matches("class=\"map-edge\"").count(), 1);
        assert!(map.contains(">2 SOPs<") && map.contains(">1 KPI<"));
        assert!(map.contains("href=\"offerings/a.html\""));
        assert!(map.contains("role=\"group\""));
        assert!(map.contains("<title id=\"capability-map-title\">") && map.contains("<desc "));
        assert!(map.contains("Gaps: Cap nosop (no SOP)"));
    }

    #[test]
    fn map_grows_with_nodes() {
        let height = |m: &str| -> f64 {
            let v = m.split("viewBox=\"0 0 760 ").nth(1).unwrap();
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        let small = capability_map(&[], &[cap("a", Some("X"), 1, 1)]);
        let caps: Vec<_> = (0..10)
            .map(|i| cap(&i.to_string(), Some("X"), 1, 1))
            .collect();
        let big = capability_map(&[], &caps);
        assert!(height(&big) > height(&small) + 500.0);
        let empty = capability_map(&[], &[]);
        assert!(empty.contains("No offerings or capabilities defined yet"));
        assert!(empty.contains("role=\"img\""));
    }

    #[test]
    fn empty_chart() {
        let chart = kpi_chart("empty", "Empty", &[], None, Some(true), "USD");
        assert!(chart.contains(">No readings yet<"));
        assert!(chart.contains("role=\"img\""));
        assert!(chart.contains("<title id=\"empty-title\">Empty</title>"));
        assert!(chart.contains("<desc id=\"empty-desc\">No readings yet."));
        assert!(!chart.contains("chart-point") && !chart.contains("chart-line"));
        assert!(!chart.contains("NaN"));
    }

    #[test]
    fn single_and_equal_readings() {
        let one = kpi_chart("one", "One", &readings()[..1], None, None, "hours");
        assert!(one.contains("<title>2026-11-02: 5.1 hours</title>"));
        assert!(!one.contains("chart-line") && !one.contains("NaN"));
        let flat: Vec<_> = readings()
            .into_iter()
            .map(|p| ChartPoint { value: 3.0, ..p })
            .collect();
        let chart = kpi_chart("flat", "Flat", &flat, None, None, "");
        assert_eq!(chart.matches("<circle class=\"chart-point").count(), 3);
        assert!(!chart.contains("NaN") && !chart.contains("inf"));
        let zero: Vec<_> = readings()
            .into_iter()
            .map(|p| ChartPoint { value: 0.0, ..p })
            .collect();
        assert!(!kpi_chart("z", "Z", &zero, None, None, "").contains("NaN"));
    }

    #[test]
    fn target_is_in_range_and_shaded() {
        let pts = readings();
        // Target far below the data: the y-range must include it.
        let chart = kpi_chart("t", "T", &pts, Some(1.0), Some(false), "hours");
        assert!(chart.contains("class=\"chart-target\""));
        assert!(chart.contains("target 1 hours"));
        assert!(chart.contains("class=\"chart-good-zone\""));
        assert!(chart.contains("<title>2026-11-09: 4.4 hours</title>"));
        assert!(chart.contains("lower is better"));
        let target_y: f64 = {
            let v = chart.split("class=\"chart-target\"").nth(1).unwrap();
            let v = v.split("y1=\"").nth(1).unwrap();
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        assert!((CHART_TOP..=CHART_H - CHART_BOTTOM).contains(&target_y));
        // Points are sorted by date in the polyline, and the latest is marked.
        let line = chart.split("points=\"").nth(1).unwrap();
        let xs: Vec<f64> = line[..line.find('"').unwrap()]
            .split(' ')
            .map(|p| p.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        assert!(chart.contains("chart-point-latest"));
        // No direction: no shading.
        let plain = kpi_chart("t", "T", &pts, Some(100.0), None, "hours");
        assert!(!plain.contains("chart-good-zone"));
        assert!(plain.contains("target 100 hours"));
    }

    #[test]
    fn a_share_near_all_stops_at_100_percent() {
        let shares: Vec<_> = [99.95, 99.82, 99.99]
            .into_iter()
            .zip(readings())
            .map(|(value, p)| ChartPoint { value, ..p })
            .collect();
        let labels = |chart: &str| -> Vec<String> {
            chart
                .split("<text class=\"chart-label\"")
                .skip(1)
                .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string())
                .collect()
        };
        let share = labels(&kpi_chart("a", "A", &shares, Some(99.9), Some(true), "%"));
        assert!(share.contains(&"100.00%".to_string()), "{share:?}");
        assert!(!share.contains(&"100.05%".to_string()), "{share:?}");
        // Other units are padded past the data as before.
        let hours = labels(&kpi_chart(
            "a",
            "A",
            &shares,
            Some(99.9),
            Some(true),
            "hours",
        ));
        assert!(hours.contains(&"100.05 hours".to_string()), "{hours:?}");
    }

    #[test]
    fn extreme_values_do_not_break_the_chart() {
        let pts = [
            ChartPoint {
                date: date(2026, 1, 1),
                value: f64::MAX,
            },
            ChartPoint {
                date: date(2026, 1, 1),
                value: -f64::MAX,
            },
            ChartPoint {
                date: date(2026, 2, 1),
                value: f64::NAN,
            },
        ];
        let chart = kpi_chart("x", "X", &pts, Some(f64::INFINITY), Some(true), "");
        assert!(!chart.contains("NaN") && !chart.contains("inf"));
        let tiny = [ChartPoint {
            date: date(2026, 1, 1),
            value: 1e-9,
        }];
        assert!(!kpi_chart("t", "T", &tiny, Some(2e-9), None, "").contains("NaN"));
    }

    #[test]
    fn numbers_are_formatted() {
        assert_eq!(fmt_value(135000.0), "135,000");
        assert_eq!(fmt_value(4.4), "4.4");
        assert_eq!(fmt_value(-0.00001), "0");
        assert_eq!(fmt_value(-1234.5), "-1,234.5");
        assert_eq!(fmt_fixed(2.5, 1), "2.5");
        assert_eq!(with_unit("99.9", "%"), "99.9%");
        assert_eq!(with_unit("3.2", "x"), "3.2x");
        assert_eq!(with_unit("4", " hours "), "4 hours");
        assert_eq!(c(-0.01), "0");
        assert_eq!(c(12.34), "12.3");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(
            wrap2("Acme Onboard (software subscription)", 32),
            vec!["Acme Onboard (software", "subscription)"]
        );
    }
}
