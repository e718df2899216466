//! `opsctl export ics`: an RFC 5545 calendar of goal deadlines, milestones, retro
//! actions, SOP review dates and cadences (recurring), for calendar apps.
//!
//! Every event is all-day (the model has dates, not times). UIDs are derived from
//! ids and paths, so a re-imported or subscribed calendar updates its events
//! instead of duplicating them, and the output depends only on the repository and
//! `today` (which gives DTSTAMP and where recurring series start).

use jiff::civil::Date;

use crate::load::Repository;
use crate::model::entities::{GoalStatus, PageStatus};
use crate::model::ownership::owner_id;
use crate::model::value::{Choices, Period};
use crate::model::{Index, Named};
use crate::slug::{Slugger, slugify};

/// One calendar event, before it is written as text.
struct Event {
    uid: String,
    start: Date,
    summary: String,
    description: Vec<String>,
    category: &'static str,
    cancelled: bool,
    rrule: Option<String>,
}

/// Makes an id safe and unambiguous inside a UID: unusual bytes are percent-encoded.
fn uid_part(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Escapes TEXT values: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so no line exceeds 75 octets (continuations
/// start with a space), never splitting a UTF-8 character, ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line's leading space counts towards its 75 octets.
        limit = 74;
    }
}

fn date_value(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// The key of the `n`th item of a list (a milestone, an action) in its UID: the
/// slug of its title, unique within the list, so reordering keeps it; untitled
/// items fall back to their position.
fn item_key(slugs: &mut Slugger, title: Option<&str>, noun: &str, n: usize) -> String {
    slugs.unique(&title.map_or_else(|| format!("{noun} {}", n + 1), str::to_string))
}

/// The RRULE of a cadence period.
fn rrule(every: Period) -> String {
    let (freq, interval) = match every {
        Period::Days(n) => ("DAILY", n),
        Period::Weeks(n) => ("WEEKLY", n),
        Period::Months(n) => ("MONTHLY", n),
        Period::Quarters(n) => ("MONTHLY", n * 3),
        Period::Years(n) => ("YEARLY", n),
    };
    format!("FREQ={freq};INTERVAL={interval}")
}

struct Builder<'a> {
    repo: &'a Repository,
    index: Index,
    domain: String,
    events: Vec<Event>,
}

impl Builder<'_> {
    fn uid(&self, kind: &str, id: &str) -> String {
        format!("{kind}-{}@{}", uid_part(id), self.domain)
    }

    /// "Owner: Maya Chen (maya)", or the owner as written when it names nobody.
    fn owner_line(
        &self,
        owner: Option<&crate::model::value::Sp<crate::model::value::OwnerValue>>,
    ) -> Option<String> {
        let id = owner_id(owner)?;
        Some(match self.repo.model.person(&self.index, id) {
            Some(p) => format!("Owner: {} ({id})", p.display_name()),
            None => format!("Owner: {id}"),
        })
    }

    fn person_name(&self, id: &str) -> String {
        self.repo
            .model
            .person(&self.index, id)
            .map_or(id.to_string(), |p| p.display_name().to_string())
    }

    fn goals(&mut self) {
        let model = &self.repo.model;
        for goal in &model.goals {
            let id = goal.id.value.as_str();
            let status = goal.status();
            let suffix = match status {
                GoalStatus::Done => " (done)",
                GoalStatus::Dropped => " (dropped)",
                _ => "",
            };
            let mut about: Vec<String> = self.owner_line(goal.owner.as_ref()).into_iter().collect();
            if let Some(metric) = &goal.metric {
                about.push(format!("Metric: {}", metric.value));
            }
            about.push(format!("Status: {}", status.name()));
            about.push(format!("File: {}", self.repo.file(goal.file).path));
            if let Some(deadline) = goal.deadline.as_ref().and_then(|d| d.value.get()) {
                self.events.push(Event {
                    uid: self.uid("goal", id),
                    start: deadline,
                    summary: format!("Goal due: {}{suffix}", goal.display_name()),
                    description: about.clone(),
                    category: "goal",
                    cancelled: status == GoalStatus::Dropped,
                    rrule: None,
                });
            }
            let mut slugs = Slugger::default();
            for (n, milestone) in goal.milestone.iter().enumerate() {
                let title = milestone.title.as_ref().map(|t| t.value.as_str());
                let key = item_key(&mut slugs, title, "milestone", n);
                let Some(due) = milestone.due.as_ref().and_then(|d| d.value.get()) else {
                    continue;
                };
                let done = if milestone.done { " (done)" } else { "" };
                self.events.push(Event {
                    uid: self.uid("milestone", &format!("{id}/{key}")),
                    start: due,
                    summary: format!(
                        "Milestone: {} — {}{done}",
                        title.unwrap_or("untitled"),
                        goal.display_name()
                    ),
                    description: about.clone(),
                    category: "milestone",
                    cancelled: status == GoalStatus::Dropped,
                    rrule: None,
                });
            }
        }
    }

    fn pages(&mut self) {
        for page in &self.repo.model.pages {
            let mut slugs = Slugger::default();
            for (n, action) in page.meta.action.iter().enumerate() {
                let title = action.title.as_ref().map(|t| t.value.as_str());
                let key = item_key(&mut slugs, title, "action", n);
                let Some(due) = action.due.as_ref().and_then(|d| d.value.get()) else {
                    continue;
                };
                let done = if action.done { " (done)" } else { "" };
                let mut about: Vec<String> =
                    self.owner_line(action.owner.as_ref()).into_iter().collect();
                about.push(format!("From: {} ({})", page.title, page.path));
                self.events.push(Event {
                    uid: self.uid("action", &format!("{}/{key}", page.path)),
                    start: due,
                    summary: format!("Action due: {}{done}", title.unwrap_or("untitled")),
                    description: about,
                    category: "action",
                    cancelled: false,
                    rrule: None,
                });
            }
            if page.status() == PageStatus::Retired {
                continue;
            }
            let Some(review) = self.repo.review_of(page) else {
                continue;
            };
            let (last, due) = (review.last, review.due);
            let mut about: Vec<String> = self
                .owner_line(page.meta.owner.as_ref())
                .into_iter()
                .collect();
            about.push(match review.last_change {
                Some(_) => format!("Last changed: {last}"),
                None => format!("Last reviewed: {last}"),
            });
            about.push(format!("Page: {}", page.path));
            self.events.push(Event {
                uid: self.uid("review", &page.path),
                start: due,
                summary: format!("Review due: {}", page.title),
                description: about,
                category: "review",
                cancelled: false,
                rrule: None,
            });
        }
    }

    /// Cadences recur from the start of the current period (see [`Period::holding`]),
    /// so every export describes the same series.
    fn cadences(&mut self, today: Date) {
        for cadence in &self.repo.model.cadences {
            let Some(every) = cadence.every.as_ref().and_then(|e| e.value.period) else {
                continue;
            };
            let (_, start, _) = every.holding(today);
            let mut about: Vec<String> = self
                .owner_line(cadence.owner.as_ref())
                .into_iter()
                .collect();
            if !cadence.attendees.is_empty() {
                let names: Vec<String> = cadence
                    .attendees
                    .iter()
                    .map(|a| self.person_name(&a.value))
                    .collect();
                about.push(format!("Attendees: {}", names.join(", ")));
            }
            if let Some(sop) = &cadence.sop {
                about.push(format!("How it runs: {}", sop.value));
            }
            if let Some(description) = &cadence.description {
                about.push(description.value.clone());
            }
            self.events.push(Event {
                uid: self.uid("cadence", &cadence.id.value),
                start,
                summary: cadence.display_name().to_string(),
                description: about,
                category: "cadence",
                cancelled: false,
                rrule: Some(rrule(every)),
            });
        }
    }
}

/// The calendar of `repo` as of `today`, with CRLF line endings.
pub fn calendar(repo: &Repository, today: Date) -> String {
    let org = repo.config.org.name.clone().unwrap_or_else(|| "ops".into());
    let domain = match slugify(&org).as_str() {
        "" => "ops.opsctl".to_string(),
        slug => format!("{}.opsctl", uid_part(slug)),
    };
    let mut builder = Builder {
        repo,
        index: repo.model.index(),
        domain,
        events: Vec::new(),
    };
    builder.goals();
    builder.pages();
    builder.cadences(today);
    let stamp = format!("{}T000000Z", date_value(today));
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:-//opsctl//opsctl {}//EN", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!("{org}: deadlines, reviews and cadences"))
        ),
    ] {
        push_line(&mut out, &line);
    }
    let mut seen = std::collections::HashSet::new();
    for event in &builder.events {
        // Two entities with one id (a duplicate-id finding) would share a UID.
        if !seen.insert(event.uid.as_str()) {
            continue;
        }
        let end = event.start.tomorrow().unwrap_or(event.start);
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", event.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", date_value(event.start)),
            format!("DTEND;VALUE=DATE:{}", date_value(end)),
        ];
        if let Some(rule) = &event.rrule {
            lines.push(format!("RRULE:{rule}"));
        }
        lines.push(format!("SUMMARY:{}", escape(&event.summary)));
        if !event.description.is_empty() {
            lines.push(format!(
                "DESCRIPTION:{}",
                escape(&event.description.join("\n"))
            ));
        }
        lines.push(format!("CATEGORIES:{}", event.category));
        lines.push(format!(
            "STATUS:{}",
            if event.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ));
        // Deadlines mark a day; they do not make anyone busy.
        lines.push("TRANSP:TRANSPARENT".to_string());
        lines.push("END:VEVENT".to_string());
        for line in lines {
            push_line(&mut out, &line);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é".repeat(60));
        push_line(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped_and_ids_are_safe_in_uids() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(uid_part("sops/a b.md"), "sops%2Fa%20b.md");
    }
}
