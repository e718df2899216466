//! View models: the repository's model turned into the values the templates show
//! (names instead of ids, URLs, relative dates), built directly as template values.

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use minijinja::Value;

use super::record::{list, record};
use super::svg::{fmt_value, with_unit};
use super::urls;
use crate::check::Outcome;
use crate::load::Repository;
use crate::model::Named;
use crate::model::entities::{Goal, GoalStatus, Horizon, PageStatus};
pub use crate::model::ownership::{Owned, owner_id};
use crate::model::value::{OwnerValue, Sp, days, relative};
use crate::model::{Index, Kind, Page};

/// How many of its findings a page's header lists (the findings page has them all).
const PAGE_FINDINGS_SHOWN: usize = 20;

/// Builds views for one repository as of one day.
pub struct Views<'a> {
    pub repo: &'a Repository,
    pub outcome: &'a Outcome,
    pub index: Index,
    pub today: Date,
    /// Goal positions by parent goal id.
    children: HashMap<&'a str, Vec<usize>>,
    /// What each person owns, by person id.
    owned: HashMap<&'a str, Owned>,
    /// Positions of the findings that concern each capability.
    capability_findings: HashMap<String, Vec<usize>>,
    /// Positions of the findings in each file, in the order of their place in it.
    file_findings: rustc_hash::FxHashMap<crate::load::FileId, Vec<usize>>,
    /// The id of each file's group on the findings page, by file (files with findings).
    file_anchors: rustc_hash::FxHashMap<crate::load::FileId, String>,
    /// Positions of the cadences each page is the SOP of, by the page's file.
    page_cadences: rustc_hash::FxHashMap<crate::load::FileId, Vec<usize>>,
    /// Positions of the pages that link to each page (once each, by title), by the
    /// linked page's file.
    linked_from: rustc_hash::FxHashMap<crate::load::FileId, Vec<usize>>,
    /// Whether each page (by position) is in the site: a page whose URL another has
    /// is left out.
    published: Vec<bool>,
    /// The KPIs that measure each capability (as on the KPIs page, without charts),
    /// by capability id: one value a page's header shows for every page of it.
    capability_kpis: HashMap<&'a str, Value>,
    /// Every person and capability as a template value, built once: most pages and
    /// rows show one, and a clone only counts a reference.
    people: HashMap<&'a str, Value>,
    capabilities: HashMap<&'a str, Value>,
    /// Each page's URL (by position), as a template value.
    page_urls: Vec<Value>,
    /// Each goal's view (by position), built the first time a page shows it: a goal
    /// is shown on the goals page, its owner's page and its capability's, and the
    /// same value each time lets `cached` know its card at once.
    goals: Vec<OnceLock<Value>>,
}

/// The pages that link to each page, by the linked page's file: each linking page once,
/// ordered by title (then path). A page's links to itself, and pages not `published`,
/// are left out.
fn linked_from(
    model: &crate::model::Model,
    index: &Index,
    page_urls: &[String],
    published: &[bool],
) -> rustc_hash::FxHashMap<crate::load::FileId, Vec<usize>> {
    use rayon::prelude::*;
    // Pages by URL, made at the first link to a folder, if any.
    let by_url = OnceLock::new();
    let pages_at = || -> rustc_hash::FxHashMap<&str, usize> {
        (page_urls.iter().enumerate())
            .filter(|(i, _)| published[*i])
            .map(|(i, url)| (url.as_str(), i))
            .collect()
    };
    // Every link of every page is resolved: on all threads.
    let links: Vec<(usize, usize)> = (model.pages.par_iter().enumerate())
        .filter(|(from, _)| published[*from])
        .flat_map_iter(|(from, page)| {
            let mut targets: Vec<usize> = (page.outline.links.iter())
                .filter_map(|link| {
                    linked_page(
                        index,
                        || by_url.get_or_init(pages_at),
                        &page.path,
                        &link.dest,
                    )
                })
                .filter(|&to| to != from && published[to])
                .collect();
            targets.sort_unstable();
            targets.dedup();
            targets.into_iter().map(move |to| (to, from))
        })
        .collect();
    let mut by_page: rustc_hash::FxHashMap<_, Vec<usize>> = Default::default();
    for (to, from) in links {
        by_page.entry(model.pages[to].file).or_default().push(from);
    }
    for sources in by_page.values_mut() {
        sort_by_title(model, sources);
    }
    by_page
}

/// Sorts page positions by title as the sidebar does, regardless of case (then as
/// written, then by path).
pub fn sort_by_title(model: &crate::model::Model, pages: &mut [usize]) {
    pages.sort_by_cached_key(|&i| {
        let page = &model.pages[i];
        (
            page.title.to_lowercase(),
            page.title.as_str(),
            page.path.as_str(),
        )
    });
}

/// The page a link written in the page at `from` leads to: a page, or the page at a
/// folder's `index.html` for a link to the folder (`sub/`, `.`), as the site's links
/// lead there. `by_url` gives the pages by URL.
fn linked_page<'u>(
    index: &Index,
    by_url: impl FnOnce() -> &'u rustc_hash::FxHashMap<&'u str, usize>,
    from: &str,
    dest: &str,
) -> Option<usize> {
    let path = crate::check::link_target(from, dest)?;
    if let Some(page) = index.page(&path) {
        return Some(page);
    }
    let last = dest.split(['#', '?']).next()?.rsplit('/').next()?;
    if !matches!(last, "" | "." | "..") {
        return None;
    }
    let index_page = match path.as_str() {
        "" => "index.md".to_string(),
        folder => format!("{folder}/index.md"),
    };
    by_url().get(urls::page_url(&index_page).as_str()).copied()
}

/// Groups the findings by the capability they concern, in one pass.
fn findings_by_capability(
    repo: &Repository,
    outcome: &Outcome,
    index: &Index,
) -> HashMap<String, Vec<usize>> {
    // Keyed by borrowed ids, each made a String once: a large handbook has tens of
    // thousands of findings and a few dozen capabilities.
    let mut by: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (i, f) in outcome.findings.iter().enumerate() {
        let in_table = match index.entity_at(f.location.file, f.location.span.start) {
            Some((Kind::Capability, id)) => Some(id),
            _ => None,
        };
        let of_page = index
            .page(&repo.file(f.location.file).path)
            .and_then(|page| repo.model.pages[page].capability());
        let about = (f.subject.as_deref())
            .filter(|subject| index.position(Kind::Capability, subject).is_some());
        let mut ids = [in_table, of_page, about];
        ids.sort_unstable();
        let mut last = None;
        for id in ids.into_iter().flatten() {
            if last != Some(id) {
                by.entry(id).or_default().push(i);
                last = Some(id);
            }
        }
    }
    by.into_iter()
        .map(|(id, findings)| (id.to_string(), findings))
        .collect()
}

/// An id for each of `files` (their group on the findings page): `file-` and the
/// path, each character but an ASCII letter, digit, `-` or `_` made a `-` (ids that
/// validators accept), numbered from 2 when two paths come out alike.
fn file_anchors(
    mut files: Vec<(&str, crate::load::FileId)>,
) -> rustc_hash::FxHashMap<crate::load::FileId, String> {
    files.sort_unstable();
    let mut taken = std::collections::HashSet::new();
    files
        .into_iter()
        .map(|(path, file)| {
            let base: String = "file-"
                .chars()
                .chain(path.chars().map(|c| match c {
                    'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => c,
                    _ => '-',
                }))
                .collect();
            let mut anchor = base.clone();
            let mut n = 2;
            while !taken.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            (file, anchor)
        })
        .collect()
}

/// Whether `date` is at most `limit` days after `today`.
pub fn within(today: Date, date: Date, limit: i32) -> bool {
    days(today, date) <= limit
}

impl<'a> Views<'a> {
    /// Views of `repo` checked as `outcome`, on `today`; `page_urls` holds every
    /// page's URL in model order, and `left_out` the positions of the pages that are
    /// not in the site.
    pub fn new(
        repo: &'a Repository,
        outcome: &'a Outcome,
        today: Date,
        page_urls: &[String],
        left_out: &rustc_hash::FxHashSet<usize>,
    ) -> Self {
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, goal) in repo.model.goals.iter().enumerate() {
            if let Some(parent) = &goal.parent {
                children.entry(parent.value.as_str()).or_default().push(i);
            }
        }
        let model = &repo.model;
        // The two costly parts on a large handbook, side by side.
        let ((index, capability_findings), (owned, file_findings)) = rayon::join(
            || {
                let index = model.index();
                let by_capability = findings_by_capability(repo, outcome, &index);
                (index, by_capability)
            },
            || {
                let mut by_file: rustc_hash::FxHashMap<_, Vec<usize>> = Default::default();
                for (i, f) in outcome.findings.iter().enumerate() {
                    by_file.entry(f.location.file).or_default().push(i);
                }
                // In the order of their place in the file, as a page lists them.
                for found in by_file.values_mut() {
                    found.sort_by_key(|&i| outcome.findings[i].location.span.start);
                }
                (crate::model::ownership::index(model), by_file)
            },
        );
        let file_anchors = file_anchors(
            (file_findings.keys())
                .map(|&f| (repo.file(f).path.as_str(), f))
                .collect(),
        );
        let mut page_cadences: rustc_hash::FxHashMap<_, Vec<usize>> = Default::default();
        for (i, cadence) in model.cadences.iter().enumerate() {
            if let Some(page) = cadence
                .sop
                .as_ref()
                .and_then(|s| index.page(sop_path(&s.value)))
            {
                page_cadences
                    .entry(model.pages[page].file)
                    .or_default()
                    .push(i);
            }
        }
        let published: Vec<bool> = (0..model.pages.len())
            .map(|i| !left_out.contains(&i))
            .collect();
        let linked_from = linked_from(model, &index, page_urls, &published);
        let people = model
            .people
            .iter()
            .map(|p| {
                let id = p.id.value.as_str();
                let view =
                    record! {"id" => id, "name" => p.display_name(), "url" => urls::person_url(id)};
                (id, view)
            })
            .collect();
        let capabilities = model
            .capabilities
            .iter()
            .map(|c| {
                let id = c.id.value.as_str();
                let view = record! {"id" => id, "name" => c.display_name(), "url" => urls::capability_url(id)};
                (id, view)
            })
            .collect();
        // A page left out of the site has no URL: its own is another page's.
        let page_urls = (page_urls.iter().zip(&published))
            .map(|(url, &published)| match published {
                true => Value::from(url.as_str()),
                false => Value::from(()),
            })
            .collect();
        let mut views = Views {
            repo,
            outcome,
            index,
            today,
            children,
            owned,
            capability_findings,
            file_findings,
            file_anchors,
            page_cadences,
            linked_from,
            published,
            capability_kpis: HashMap::new(),
            people,
            capabilities,
            page_urls,
            goals: model.goals.iter().map(|_| OnceLock::new()).collect(),
        };
        let mut measured: HashMap<&str, Vec<Value>> = HashMap::new();
        for (i, kpi) in model.kpis.iter().enumerate() {
            if let Some(capability) = &kpi.capability {
                measured
                    .entry(capability.value.as_str())
                    .or_default()
                    .push(views.kpi(i, None));
            }
        }
        views.capability_kpis = measured
            .into_iter()
            .map(|(id, kpis)| (id, list(kpis)))
            .collect();
        views
    }

    /// The findings that concern a capability: in its table, about it, or in its SOPs.
    pub fn capability_findings(&self, id: &str) -> &[usize] {
        self.capability_findings.get(id).map_or(&[], Vec::as_slice)
    }

    /// What `person` owns (nothing when they own nothing).
    pub fn owned(&self, person: &str) -> &Owned {
        static NOTHING: OnceLock<Owned> = OnceLock::new();
        self.owned
            .get(person)
            .unwrap_or_else(|| NOTHING.get_or_init(Owned::default))
    }

    /// The HTML id for the entity of `kind` at `index` in its model vector: its id,
    /// unless an earlier one has the same id (an error the check reports), then
    /// `ID_2`, `ID_3`… (skipping any that another entity has as its id), so that a
    /// page's ids stay unique and links to the id reach the first.
    pub fn anchor(&self, kind: Kind, index: usize, id: &str) -> String {
        if self.index.position(kind, id) == Some(index) {
            return id.to_string();
        }
        // Only a repository with duplicate ids comes here: the suffixes are handed out
        // in the order of the model, each one not taken yet.
        let ids = self.repo.model.ids(kind);
        let mut taken: std::collections::HashSet<String> =
            ids.iter().map(|e| e.2.value.clone()).collect();
        let mut anchor = id.to_string();
        for (i, entry) in ids.iter().enumerate().take(index + 1) {
            let id = &entry.2.value;
            if self.index.position(kind, id) == Some(i) {
                continue;
            }
            let mut n = 2;
            while taken.contains(&format!("{id}_{n}")) {
                n += 1;
            }
            anchor = format!("{id}_{n}");
            taken.insert(anchor.clone());
        }
        anchor
    }

    /// Whether the page at `index` in the model is in the site.
    pub fn published(&self, index: usize) -> bool {
        self.published[index]
    }

    /// The URL of the page at `index` in the model; none for a page not in the site
    /// (whose URL is another page's), so that no list links it to the wrong page.
    pub fn page_url(&self, index: usize) -> Value {
        self.page_urls[index].clone()
    }

    /// A person by id: their name and page, or the bare id when unknown.
    pub fn person(&self, id: &str) -> Value {
        match self.people.get(id) {
            Some(view) => view.clone(),
            None => record! {"id" => id, "name" => id, "url" => ()},
        }
    }

    pub fn owner(&self, owner: Option<&Sp<OwnerValue>>) -> Value {
        match owner.map(|o| &o.value) {
            Some(OwnerValue::One(id)) => self.person(id),
            Some(OwnerValue::Many(ids)) => {
                record! {"id" => (), "name" => ids.join(", "), "url" => (), "shared" => true}
            }
            None => Value::from(()),
        }
    }

    pub fn capability(&self, id: &str) -> Value {
        match self.capabilities.get(id) {
            Some(view) => view.clone(),
            None => record! {"id" => id, "name" => id, "url" => ()},
        }
    }

    /// A date with how far it is from today, in words and as a CSS class.
    pub fn due(&self, date: Date) -> Value {
        let d = days(self.today, date);
        let label = relative(self.today, date);
        let class = if d < 0 {
            "due-overdue"
        } else if d <= 30 {
            "due-soon"
        } else {
            "due-later"
        };
        record! {"date" => date.to_string(), "label" => label, "class" => class, "days" => d}
    }

    /// The deadline of something done or dropped: its date, neither overdue nor soon.
    pub fn closed_due(&self, date: Date) -> Value {
        record! {"date" => date.to_string(), "label" => date.to_string(), "class" => "due-closed", "days" => days(self.today, date)}
    }

    /// A team by id: its name and anchor on the people page, or the bare id (and no
    /// anchor) when no team has it.
    pub fn team(&self, id: &str) -> Value {
        let anchor = (self.index.position(Kind::Team, id)).map(|i| self.anchor(Kind::Team, i, id));
        record! {"id" => id, "name" => self.team_name(id), "anchor" => anchor}
    }

    /// A team's name by id, or the id when no team has it.
    pub fn team_name<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        (self.index.position(Kind::Team, id))
            .map_or(id, |i| self.repo.model.teams[i].display_name())
    }

    /// The waivers in `opsctl.toml` in force today (expired ones are findings), those
    /// whose target is `target` when one is given: what the check knowingly leaves
    /// unreported, why, and until when.
    pub fn waivers(&self, target: Option<&str>) -> Value {
        list(self.repo.model.waivers.iter().filter_map(|w| {
            let until = w.until.as_ref()?.value.get().filter(|d| *d >= self.today)?;
            let aimed = w.target.as_ref().map(|t| t.value.as_str());
            if target.is_some() && aimed != target {
                return None;
            }
            Some(record! {
                "rule" => w.rule.value.as_str(), "target" => aimed,
                "owner" => self.owner(w.owner.as_ref()),
                "reason" => w.reason.as_ref().map(|r| r.value.as_str()),
                "until" => self.due(until),
            })
        }))
    }

    /// The goal at `index` in the model.
    pub fn goal(&self, index: usize) -> Value {
        self.goals[index]
            .get_or_init(|| self.goal_view(index))
            .clone()
    }

    fn goal_view(&self, index: usize) -> Value {
        let goal = &self.repo.model.goals[index];
        let deadline = goal.deadline.as_ref().and_then(|d| d.value.get());
        let milestones = list(goal.milestone.iter().map(|m| {
            record! {
                "title" => m.title.as_ref().map(|t| t.value.as_str()),
                "due" => m.due.as_ref().and_then(|d| d.value.get()).map(|d| self.due(d)),
                "done" => m.done,
            }
        }));
        let done = goal.milestone.iter().filter(|m| m.done).count();
        let children = list(
            self.children
                .get(goal.id.value.as_str())
                .into_iter()
                .flatten()
                .map(|&i| &self.repo.model.goals[i])
                .map(|g| record! {"id" => g.id.value.as_str(), "title" => title_of(g)}),
        );
        let parent = goal.parent.as_ref().map(|p| {
            let title = self
                .repo
                .model
                .goal(&self.index, &p.value)
                .map_or(p.value.as_str(), |g| title_of(g));
            record! {"id" => p.value.as_str(), "title" => title}
        });
        let horizon = goal.horizon().map(|h| match h {
            Horizon::Annual => "annual",
            Horizon::Quarter => "quarter",
        });
        record! {
            "id" => goal.id.value.as_str(),
            "anchor" => self.anchor(Kind::Goal, index, &goal.id.value),
            "title" => title_of(goal),
            "horizon" => horizon,
            "status" => status_word(goal.status()),
            "open" => goal.is_open(),
            "owner" => self.owner(goal.owner.as_ref()),
            "deadline" => deadline.map(|d| match goal.is_open() {
                true => self.due(d),
                false => self.closed_due(d),
            }),
            "overdue" => goal.is_open() && deadline.is_some_and(|d| d < self.today),
            "metric" => goal.metric.as_ref().map(|m| m.value.as_str()),
            "priority" => goal.priority.as_ref().map(|p| p.value),
            "period" => goal.period().map(|p| p.to_string()),
            "capability" => goal.capability.as_ref().map(|c| self.capability(&c.value)),
            "parent" => parent,
            "children" => children,
            "milestones" => milestones,
            "progress" => record! {"done" => done, "total" => goal.milestone.len()},
            "contributors" => list(goal.contributors.iter().map(|c| self.person(&c.value))),
            "description" => goal.description.as_ref().map(|d| d.value.as_str()),
        }
    }

    /// A page as a row of a list (a capability's SOPs, what a person owns): its title
    /// and URL, with the owner, capability and review badge under `meta`. Lighter
    /// than [`Views::page_meta`]: a large handbook lists every page this way.
    pub fn page_row(&self, index: usize) -> Value {
        let page = &self.repo.model.pages[index];
        record! {
            "title" => page.title.as_str(),
            "url" => self.page_url(index),
            "meta" => record! {
                "owner" => self.owner(page.meta.owner.as_ref()),
                "capability" => page.meta.capability.as_ref().map(|c| self.capability(&c.value)),
                "review" => self.review_badge(page),
            },
        }
    }

    /// The review badge of a page: its label, class, last review and due date.
    fn review_badge(&self, page: &Page) -> Option<Value> {
        self.repo.review_of(page).map(|review| {
            let d = days(self.today, review.due);
            let (label, class) = if d < 0 {
                (format!("review overdue by {} days", -d), "badge-bad")
            } else if d <= 30 {
                (format!("review due in {d} days"), "badge-warn")
            } else {
                let last = match review.last_change {
                    Some(_) => format!("last changed {}", review.last),
                    None => format!("reviewed {}", review.last),
                };
                (format!("{last}; next review in {d} days"), "badge-ok")
            };
            record! {"label" => label, "class" => class, "last" => review.last.to_string(), "due" => review.due.to_string()}
        })
    }

    /// The check's findings in `page`'s file in the order of their place in it (the
    /// first [`PAGE_FINDINGS_SHOWN`]), how many there are, and the worst of their levels.
    fn page_findings(&self, page: &Page) -> (Option<Value>, usize, Option<&'static str>) {
        let Some(found) = self.file_findings.get(&page.file) else {
            return (None, 0, None);
        };
        let findings = found.iter().map(|&i| &self.outcome.findings[i]);
        let worst = findings.clone().map(|f| f.level).max();
        let shown = findings.take(PAGE_FINDINGS_SHOWN);
        (
            Some(list(shown.map(|f| self.finding(f)))),
            found.len(),
            worst.map(|level| level.as_str()),
        )
    }

    /// The id of the group of `file`'s findings on the findings page.
    pub fn file_anchor(&self, file: crate::load::FileId) -> Option<&str> {
        self.file_anchors.get(&file).map(String::as_str)
    }

    /// The cadences whose SOP is `page`: name, anchor on the cadences page, and how
    /// often they meet.
    fn page_cadences(&self, page: &Page) -> Option<Value> {
        let cadences = self.page_cadences.get(&page.file)?;
        Some(list(cadences.iter().map(|&i| {
            let cadence = &self.repo.model.cadences[i];
            record! {
                "name" => cadence.display_name(),
                "anchor" => self.anchor(Kind::Cadence, i, &cadence.id.value),
                "every" => cadence.every.as_ref().map(|e| e.value.describe()),
            }
        })))
    }

    /// The pages that link to `page`: title and URL of each.
    /// Pages with the same title also have `path`, their file, to tell them apart.
    fn linked_from(&self, page: &Page) -> Option<Value> {
        let sources = self.linked_from.get(&page.file)?;
        let pages = &self.repo.model.pages;
        // Sorted by title: pages with the same title are next to each other.
        let same_title = |a: Option<&usize>, b: usize| {
            a.is_some_and(|&a| pages[a].title.to_lowercase() == pages[b].title.to_lowercase())
        };
        Some(list(sources.iter().enumerate().map(|(at, &i)| {
            let alike = (at > 0 && same_title(sources.get(at - 1), i))
                || same_title(sources.get(at + 1), i);
            record! {
                "title" => pages[i].title.as_str(),
                "url" => self.page_url(i),
                "path" => alike.then_some(pages[i].path.as_str()),
            }
        })))
    }

    /// Who owns a page, what it documents, when it is due for review, its history,
    /// the KPIs that measure its capability, the cadences it is the SOP of, the pages
    /// that link to it, and the check's findings in it.
    pub fn page_meta(&self, page: &Page) -> Value {
        let meta = &page.meta;
        let history = self.repo.history.as_deref();
        let change = |c: &crate::history::Change| {
            record! {"date" => c.date.to_string(), "author" => c.author.as_str(), "commit" => c.commit.as_str()}
        };
        let page_history = history.and_then(|h| {
            let file = h.file(&page.path)?;
            Some(record! {
                "created" => file.created.as_ref().map(change),
                "last_changed" => file.last_changed.as_ref().map(change),
                "contributors" => list(file.contributors.iter().map(Value::from)),
                "shallow_before" => h.shallow_before.map(|d| d.to_string()),
            })
        });
        let edit_url = self
            .repo
            .config
            .site
            .edit_url
            .as_ref()
            .filter(|u| crate::config::edit_url_problem(&u.value).is_none())
            .map(|u| (u.value).replace("{path}", &urls::percent_encode_path(&page.path)));
        let (findings, findings_count, findings_level) = self.page_findings(page);
        let status = match page.status() {
            PageStatus::Draft => "draft",
            PageStatus::Active => "active",
            PageStatus::Retired => "retired",
        };
        record! {
            "owner" => self.owner(meta.owner.as_ref()),
            "capability" => meta.capability.as_ref().map(|c| self.capability(&c.value)),
            "review" => self.review_badge(page),
            "history" => page_history,
            "status" => status,
            "tags" => list(super::tags::of_page(page).into_iter().map(Value::from)),
            "edit_url" => edit_url,
            "description" => meta.description.as_ref().map(|d| d.value.as_str()),
            "path" => page.path.as_str(),
            "cadences" => self.page_cadences(page),
            "linked_from" => self.linked_from(page),
            "kpis" => page.capability().and_then(|c| self.capability_kpis.get(c).cloned()),
            "findings" => findings,
            "findings_count" => findings_count,
            "findings_level" => findings_level,
            "findings_anchor" => self.file_anchor(page.file),
        }
    }

    /// A KPI, with its chart when it is drawn (on the KPI and capability pages).
    /// The KPI at `index` in the model, with its chart when the page shows one.
    pub fn kpi(&self, index: usize, chart: Option<String>) -> Value {
        let kpi = &self.repo.model.kpis[index];
        let newest = kpi.newest_reading();
        let unit = kpi.unit.as_ref().map_or("", |u| u.value.as_str());
        record! {
            "id" => kpi.id.value.as_str(),
            "anchor" => self.anchor(Kind::Kpi, index, &kpi.id.value),
            "name" => kpi.display_name(),
            "owner" => self.owner(kpi.owner.as_ref()),
            "capability" => kpi.capability.as_ref().map(|c| self.capability(&c.value)),
            "unit" => kpi.unit.as_ref().map(|u| u.value.as_str()),
            "target" => kpi.target.as_ref().map(|t| fmt_value(t.value)),
            "direction" => kpi.direction.as_ref().map(|d| d.value.raw.as_str()),
            "cadence" => kpi.cadence.as_ref().map(|c| c.value.raw.as_str()),
            "target_shown" => kpi.target.as_ref().map(|t| with_unit(&fmt_value(t.value), unit)),
            "latest" => newest.map(|(d, v)| {
                let value = fmt_value(v);
                record! {"date" => d.to_string(), "shown" => with_unit(&value, unit), "value" => value}
            }),
            "on_target" => newest.and_then(|(_, v)| kpi.on_target(v)),
            "stale" => newest.is_some() && crate::check::kpi_is_stale(kpi, self.today),
            "description" => kpi.description.as_ref().map(|d| d.value.as_str()),
            "chart" => chart,
        }
    }

    /// A finding with a link to the page that shows what it is about.
    pub fn finding(&self, finding: &crate::finding::Finding) -> Value {
        let file = self.repo.file(finding.location.file);
        let (start, _) = file.locate(&finding.location.span);
        let url = if let Some(i) = self.index.page(&file.path) {
            Some(self.page_url(i))
        } else {
            // The card of the entity the finding is in, even when another has its id.
            let link = |(kind, id, i): (Kind, &str, usize)| {
                let anchor = || self.anchor(kind, i, id);
                match kind {
                    Kind::Capability => urls::capability_url(id),
                    Kind::Person => urls::person_url(id),
                    Kind::Goal => format!("goals.html#goal-{}", anchor()),
                    Kind::Kpi => format!("kpis.html#kpi-{}", anchor()),
                    Kind::Offering => format!("offerings.html#offering-{}", anchor()),
                    Kind::Cadence => format!("cadences.html#cadence-{}", anchor()),
                    Kind::Team => format!("people.html#team-{}", anchor()),
                }
            };
            self.index
                .entity_with_position_at(finding.location.file, finding.location.span.start)
                .map(|entity| Value::from(link(entity)))
        };
        record! {
            "rule" => finding.rule,
            "level" => finding.level.as_str(),
            "message" => finding.message.as_str(),
            "help" => finding.help.as_deref(),
            "file" => file.path.as_str(),
            "line" => start.line,
            "url" => url,
        }
    }
}

/// The repository path a cadence's `sop` names (written with or without `./`).
pub fn sop_path(sop: &str) -> &str {
    sop.trim_start_matches("./")
}

pub fn title_of(goal: &Goal) -> &str {
    goal.title
        .as_ref()
        .map_or(goal.id.value.as_str(), |t| t.value.as_str())
}

fn status_word(status: GoalStatus) -> &'static str {
    match status {
        GoalStatus::Planned => "planned",
        GoalStatus::Active => "active",
        GoalStatus::Done => "done",
        GoalStatus::Dropped => "dropped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_anchors_are_valid_ids_and_unique() {
        let anchors = file_anchors(vec![
            ("a/b.md", 0),
            ("a-b.md", 1),
            ("a-b-md-2", 2),
            ("Über uns.md", 3),
        ]);
        let id = |f| anchors[&f].as_str();
        assert_eq!(
            [id(0), id(1), id(2), id(3)],
            [
                "file-a-b-md-3",
                "file-a-b-md",
                "file-a-b-md-2",
                "file--ber-uns-md"
            ]
        );
    }
}
