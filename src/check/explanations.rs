//! The long form of each rule for `opsctl explain`: what it checks, why it matters,
//! a small repository that makes it fire, and how to fix it. A test loads every
//! example and checks that its rule really fires, so the text cannot drift from the
//! checker.

/// The explanation of one rule of [`super::rules::RULES`].
pub struct Explanation {
    pub id: &'static str,
    pub checks: &'static str,
    pub why: &'static str,
    /// Files (path, text) of a repository in which the rule fires. Empty when the
    /// situation cannot be written down as files (`unreadable`); `note` says it instead.
    pub example: &'static [(&'static str, &'static str)],
    pub note: Option<&'static str>,
    pub fix: &'static str,
}

pub fn find(id: &str) -> Option<&'static Explanation> {
    EXPLANATIONS.iter().find(|e| e.id == id)
}

/// One person, so that owners in the examples are real and only the rule at hand fires.
const PEOPLE: (&str, &str) = (
    "people.toml",
    "[[person]]\nid = \"maya\"\nname = \"Maya Chen\"\n",
);

pub const EXPLANATIONS: &[Explanation] = &[
    Explanation {
        id: "syntax",
        checks: "Every entity file, opsctl.toml and every page's front matter (TOML between `+++` lines, YAML between `---` lines) parses, and every file is UTF-8. A front matter whose closing fence is missing is a syntax error too.",
        why: "A file that does not parse contributes nothing: its goals, owners and deadlines vanish from the model, the site and the score. The rest of the repository is still checked, so this finding is the only sign that they are missing.",
        example: &[(
            "goals.toml",
            "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\nowner = \"maya\"\n",
        )],
        note: None,
        fix: "Go to the line shown. The parser stops where the file stops making sense, often just after the real mistake: an unclosed quote or bracket, a missing `=`, a key written twice. Strings take straight double quotes; dates are bare (`deadline = 2026-12-31`). An editor that knows the JSON Schemas (`opsctl schema`) shows the error as you type.",
    },
    Explanation {
        id: "unreadable",
        checks: "Every file and directory below the root (outside the site's output directory and excluded paths) can be read.",
        why: "A file opsctl cannot read is a file whose goals and SOPs nobody checks. On a CI runner it usually means a permissions or checkout problem that hides part of the repository.",
        example: &[],
        note: Some("A page the current user may not read, e.g. after `chmod 000 sops/payroll.md`."),
        fix: "Fix the permissions (`chmod u+r FILE`), or, when the path is not part of the handbook, exclude it in opsctl.toml: `[check] exclude = [\"private/**\"]`.",
    },
    Explanation {
        id: "unknown-field",
        checks: "Every table of an entity file is a known kind (person, team, capability, offering, goal, kpi, cadence), and every key of an entity, of opsctl.toml and of a page's front matter is a known field. Front-matter keys of other site generators (layout, permalink, weight, …) and those in `[check] allow_front_matter` are accepted.",
        why: "A misspelt key is not harmlessly ignored: `ownr = \"maya\"` leaves a goal without an owner while the file looks right to every reader. Strict keys turn a typo into an error on the line where it happens.",
        example: &[(
            "people.toml",
            "[[person]]\nid = \"maya\"\nname = \"Maya Chen\"\nemial = \"maya@acme.example\"\n",
        )],
        note: None,
        fix: "Use the spelling the help line suggests (\"did you mean …?\"), or remove the key. For front-matter keys another tool needs, list them in opsctl.toml: `[check] allow_front_matter = [\"nav_order\"]`.",
    },
    Explanation {
        id: "invalid-value",
        checks: "Values have the right type and come from their allowed set: horizon (annual, quarter), goal and page status, a KPI's direction (up, down) and cadence (daily, weekly, monthly, quarterly), priority (an integer of at least 1), periods such as `review_every` and `every` (a number and d, w, m, q or y), and ids (lowercase letters, digits and '-').",
        why: "A value opsctl does not understand cannot be used: a goal with horizon \"yearly\" belongs to no horizon, so it drops out of the plan, the priorities and the horizon checks.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"yearly\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Use one of the values the help line lists (it suggests the closest). Periods are written like \"90d\" or \"1q\"; priorities are bare numbers (`priority = 1`).",
    },
    Explanation {
        id: "duplicate-id",
        checks: "Ids are unique within each kind across all files. Kinds are separate namespaces: a goal and a KPI may share an id, two goals may not.",
        why: "Every owner, parent, capability and `requires` points at an id. With two entities behind one id, references go to the first and the second one's owner, deadline or readings are silently lost.",
        example: &[(
            "people.toml",
            "[[person]]\nid = \"maya\"\nname = \"Maya Chen\"\n\n[[person]]\nid = \"maya\"\nname = \"Maya Ortiz\"\n",
        )],
        note: None,
        fix: "Give one of them another id (both places are shown) and update the references to it; if one is an accidental copy of the other, delete it.",
    },
    Explanation {
        id: "unknown-reference",
        checks: "Every reference names something that exists: `owner`, `lead`, `attendees` and `contributors` (person ids), `team`, `capability`, `parent` (a goal id), a cadence's `sop` (a page path relative to the root) and a waiver's `rule`.",
        why: "A reference to nothing is an owner who is nobody, a capability that is not there: the outcome looks owned and aligned in the file, but it is not, and the site cannot link it.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"mya\"\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Correct the id (the help line suggests the closest one that exists), or add what is missing: `opsctl new person`, `opsctl new capability`, `opsctl new sop` …",
    },
    Explanation {
        id: "missing-owner",
        checks: "Goals, capabilities, offerings, KPIs, cadences, retrospective actions and waivers each have an `owner`. (Pages without one are `page-unowned`.)",
        why: "An outcome without an owner is the one nobody delivers. \"Who owns this?\" is the first of the three questions every outcome answers before work starts.",
        example: &[(
            "capabilities.toml",
            "[[capability]]\nid = \"customer-support\"\nname = \"Customer Support\"\nkind = \"support\"\n",
        )],
        note: None,
        fix: "Add `owner = \"<person id>\"` naming the one person accountable. Others who help belong in `contributors` (goals) or `attendees` (cadences).",
    },
    Explanation {
        id: "shared-owner",
        checks: "An owner is exactly one person: not a list, not a placeholder such as \"everyone\", \"all\", \"team\" or \"tbd\", and not a team. A team's `lead` must be one person too.",
        why: "Shared ownership is no ownership: when two people or a whole team own a goal, each can assume another is on it. One name makes the follow-up question obvious.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = [\"maya\", \"sam\"]\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n",
            ),
            (
                "people.toml",
                "[[person]]\nid = \"maya\"\nname = \"Maya Chen\"\n\n[[person]]\nid = \"sam\"\nname = \"Sam Okafor\"\n",
            ),
        ],
        note: None,
        fix: "Name the one person accountable (for a team, usually its lead) and move the others to `contributors`.",
    },
    Explanation {
        id: "missing-deadline",
        checks: "A goal that is not done or dropped has a `deadline`; a retrospective action that is not done has a `due` date.",
        why: "\"By when?\" is the second question. Without a date an outcome can never be late, so it is never urgent, and it appears on no calendar and in no list of upcoming deadlines.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add `deadline = YYYY-MM-DD` (`due` for an action). If the work has no date because it is not going to happen, say so with `status = \"dropped\"`.",
    },
    Explanation {
        id: "invalid-date",
        checks: "Every date (deadline, due, last_reviewed, a reading's date, a waiver's until, a retrospective's date) is a real calendar date written YYYY-MM-DD, without a time.",
        why: "An impossible date cannot be compared with today: the goal is never overdue and the page never stale. It is usually a typo of the date that was meant.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = \"2099-02-30\"\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Write the real date that was meant, e.g. `deadline = 2099-02-28`. Prefer bare TOML dates (`2026-12-31`) to quoted strings: editors check them as you type.",
    },
    Explanation {
        id: "missing-metric",
        checks: "Every goal has a non-empty `metric`: how we will know it is done.",
        why: "\"How will we know it's done?\" is the third question. Without a measurable finish line a goal is an intention, and whether it is done is a matter of opinion.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add `metric = \"…\"` with a number, a threshold and where it is read, e.g. \"ARR on the finance dashboard ≥ $2,000,000 at the December close\".",
    },
    Explanation {
        id: "missing-capability",
        checks: "Every capability an offering `requires` is defined as a `[[capability]]`.",
        why: "An offering is only as good as the capabilities behind it. A required capability missing from the model has no owner, no SOP and no KPI, yet customers are sold what it delivers.",
        example: &[
            (
                "capabilities.toml",
                "[[capability]]\nid = \"sales\"\nname = \"Sales\"\nkind = \"sales\"\nowner = \"maya\"\n\n[[offering]]\nid = \"subscription\"\nname = \"Software subscription\"\nowner = \"maya\"\nrequires = [\"sales\", \"billing\"]\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Define the capability with an owner (`opsctl new capability --id billing …`), or correct the id in `requires`.",
    },
    Explanation {
        id: "capability-without-sop",
        checks: "A capability that at least one offering requires has a page with `capability = \"<id>\"` in its front matter whose status is not retired: an SOP.",
        why: "What customers buy has to be repeatable. A capability that lives only in someone's head stops when that person is away, and cannot be taught, audited or improved.",
        example: &[
            (
                "capabilities.toml",
                "[[capability]]\nid = \"sales\"\nname = \"Sales\"\nkind = \"sales\"\nowner = \"maya\"\n\n[[offering]]\nid = \"subscription\"\nname = \"Software subscription\"\nowner = \"maya\"\nrequires = [\"sales\"]\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Write the SOP: `opsctl new sop --capability <id> --title \"…\" --owner <person>` creates the page with its front matter filled in. If a page already documents it, add `capability = \"<id>\"` to its front matter.",
    },
    Explanation {
        id: "capability-without-kpi",
        checks: "Every capability has at least one KPI with `capability = \"<id>\"`.",
        why: "A capability nobody measures cannot be managed: there is no way to tell whether it is getting better or worse until a customer says so.",
        example: &[
            (
                "capabilities.toml",
                "[[capability]]\nid = \"sales\"\nname = \"Sales\"\nkind = \"sales\"\nowner = \"maya\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add a KPI with a target, a direction and a cadence: `opsctl new kpi --capability <id> …`. When no honest measure exists yet, say so with a `[[waiver]]` that has an owner, a reason and an until date.",
    },
    Explanation {
        id: "goal-overdue",
        checks: "A goal whose deadline is before today while its status is planned or active (the default).",
        why: "A plan that shows late goals as active is a plan nobody believes: either the work is late and needs a decision, or it is done and nobody said so.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2020-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\nstatus = \"active\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Set `status = \"done\"` or `\"dropped\"` if that is the truth. Otherwise move the deadline and say why in the commit message, so the slip is visible in the history.",
    },
    Explanation {
        id: "action-overdue",
        checks: "A retrospective action (`[[action]]` in a page with `kind = \"retro\"`) whose due date is before today and that is not `done`.",
        why: "Retrospective actions are how a company learns from the last quarter. Actions that quietly go stale mean the same problems come back at the next retrospective.",
        example: &[
            (
                "retros/2020-q2.md",
                "+++\nkind = \"retro\"\ntitle = \"Q2 2020 retrospective\"\ndate = 2020-07-03\nowner = \"maya\"\n\n[[action]]\ntitle = \"Publish the escalation SOP\"\nowner = \"maya\"\ndue = 2020-07-31\n+++\n\n# Q2 2020 retrospective\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Set `done = true` when it is done; otherwise agree a new `due` date with its owner, or drop the action at the next retrospective and note why.",
    },
    Explanation {
        id: "milestone-after-deadline",
        checks: "Every `[[goal.milestone]]` is due on or before its goal's deadline.",
        why: "A step due after the goal it leads to means the plan cannot work as written: either the milestone or the deadline is wrong.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-06-30\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n\n[[goal.milestone]]\ntitle = \"Pricing page live\"\ndue = 2099-09-30\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Move the milestone before the deadline, or move the deadline (and say why in the commit message).",
    },
    Explanation {
        id: "horizon-exceeded",
        checks: "An open quarter goal ends at most 92 days after today, and not after the annual goal it serves (`parent`).",
        why: "Quarter goals are the 90-day plan. One that ends next year is an annual goal in disguise and escapes the quarterly review; one that ends after its parent cannot help the parent in time.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\n\n[[goal]]\nid = \"q2-pipeline\"\ntitle = \"Build a 3x pipeline\"\nhorizon = \"quarter\"\nparent = \"arr-2m\"\nowner = \"maya\"\ndeadline = 2099-06-30\nmetric = \"Weighted pipeline ≥ 3x the quarter target\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Make it an annual goal, or split it so this quarter's part ends within 92 days; a quarter goal's deadline also goes no later than its parent's.",
    },
    Explanation {
        id: "orphan-goal",
        checks: "An open quarter goal has a `parent` that is an annual goal.",
        why: "Alignment: every 90-day goal should move an annual goal forward. A quarter goal that serves nothing competes for time with the ones that do.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"faq-refresh\"\ntitle = \"Refresh the FAQ\"\nhorizon = \"quarter\"\nowner = \"maya\"\ndeadline = 2020-03-31\nmetric = \"The 20 most-read answers rewritten\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Set `parent = \"<annual goal id>\"` to the annual goal it serves. If it serves none, ask whether it belongs in the plan at all.",
    },
    Explanation {
        id: "priority-tie",
        checks: "Open goals of one horizon and one period (annual: the deadline's year; quarter: its year and quarter) have distinct `priority` ranks.",
        why: "A priority is a rank: it says what wins when two goals compete for the same people. Two goals ranked 1 leave that decision to whoever is asked first.",
        example: &[
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\npriority = 1\n\n[[goal]]\nid = \"csat-95\"\ntitle = \"Customer satisfaction at 95%\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"Monthly CSAT ≥ 95% for three months\"\npriority = 1\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Decide which comes first and renumber: 1 is the highest, each rank used once per horizon and period.",
    },
    Explanation {
        id: "owner-overloaded",
        checks: "No person owns more open (planned or active) goals than `[check] max_open_goals_per_owner` in opsctl.toml (default 7).",
        why: "An owner with too many goals owns none of them well. Load is the structural reason goals slip, and it is visible long before the deadlines are.",
        example: &[
            ("opsctl.toml", "[check]\nmax_open_goals_per_owner = 1\n"),
            (
                "goals.toml",
                "[[goal]]\nid = \"arr-2m\"\ntitle = \"Reach $2M ARR\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"ARR on the finance dashboard ≥ $2,000,000\"\npriority = 1\n\n[[goal]]\nid = \"csat-95\"\ntitle = \"Customer satisfaction at 95%\"\nhorizon = \"annual\"\nowner = \"maya\"\ndeadline = 2099-12-31\nmetric = \"Monthly CSAT ≥ 95% for three months\"\npriority = 2\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Hand some goals to other owners, finish or drop some, or move the less important ones to `status = \"planned\"` for a later period. Raise the limit only if the team agrees it is realistic.",
    },
    Explanation {
        id: "sop-stale",
        checks: "A page that is not retired and has `last_reviewed` is reviewed again within `review_every` (default `[check] default_review_every`, else 180 days).",
        why: "An SOP nobody has looked at for a year describes how the company used to work. People follow it anyway, or stop trusting the handbook altogether.",
        example: &[
            (
                "sops/month-end-close.md",
                "+++\ntitle = \"Month-end close\"\nowner = \"maya\"\nreview_every = \"90d\"\nlast_reviewed = 2020-01-15\n+++\n\n# Month-end close\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Have the owner read it against how the work is really done, fix what changed, and set `last_reviewed` to today. A procedure no longer used gets `status = \"retired\"`.",
    },
    Explanation {
        id: "page-unowned",
        checks: "Every page that is not retired has an `owner` in its front matter.",
        why: "A page without an owner is nobody's job to keep true. When it goes out of date, nobody is asked to fix it and nobody reviews the change.",
        example: &[(
            "sops/refunds.md",
            "+++\ntitle = \"Issuing a refund\"\n+++\n\n# Issuing a refund\n",
        )],
        note: None,
        fix: "Add `owner = \"<person id>\"` to the front matter (in a page without front matter, start it with `+++` lines). `opsctl export codeowners` then routes its changes to that person.",
    },
    Explanation {
        id: "broken-link",
        checks: "Every relative link in a page (or one starting with `/`, meaning the repository root) leads to a file that exists and that the site publishes: not through a symbolic link (opsctl never follows one), not to a Markdown file the handbook leaves out (hidden, or excluded by `[check] exclude`), and to a folder only when it has an index page (`index.md` or `README.md`) and the link ends in `/`. Every `#anchor` to a heading of the target page (GitHub-style heading slugs). Links with a scheme (`https:`, `mailto:`) are not checked.",
        why: "A handbook is used by following links. A broken one stops the reader in the middle of a procedure, often the one about an incident.",
        example: &[
            (
                "sops/refunds.md",
                "+++\ntitle = \"Issuing a refund\"\nowner = \"maya\"\n+++\n\n# Issuing a refund\n\nAbove $500, follow the [approval rules](approvals.md#limits).\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Point the link at the file's current path relative to the page (or create the page); for an anchor, use the heading's slug: lowercase, punctuation dropped, spaces as '-'.",
    },
    Explanation {
        id: "page-url-conflict",
        checks: "No two pages are published at one URL (a folder's `README.md` and `index.md`), and no page sits where the site puts a generated page (`goals.md`, `capability/<id>.md`, `person/<id>.md`, anything under `assets/`). The same holds for the files pages link to (images, attachments), which are published at their own path: not where a generated page, a page, a folder of pages or another linked file is (`My File.png` and `My-File.png` both become `My-File.png`). No name in a published path is longer than the 255 bytes file systems take.",
        why: "Only one page can live at a URL: the other would silently overwrite it or be overwritten, so readers would see the wrong page. `opsctl build` leaves the conflicting page or file out.",
        example: &[
            (
                "goals.md",
                "+++\ntitle = \"Our goals\"\nowner = \"maya\"\n+++\n\n# Our goals\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Rename or move the page or file (e.g. `goals.md` to `planning/goals.md`), or merge the two pages into one.",
    },
    Explanation {
        id: "kpi-no-target",
        checks: "Every KPI has a `target` and a `direction` (up or down: which way is better).",
        why: "A number without a target is a statistic, not a measure: nobody can tell whether this month's reading is good news or bad.",
        example: &[
            (
                "kpis.toml",
                "[[kpi]]\nid = \"first-response-time\"\nname = \"First response time\"\nowner = \"maya\"\nunit = \"hours\"\ndirection = \"down\"\ncadence = \"weekly\"\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add `target = <number>` and `direction = \"up\"` or `\"down\"`.",
    },
    Explanation {
        id: "kpi-stale",
        checks: "A KPI's newest reading is no older than its cadence allows (daily 1 day, weekly 7, monthly 31, quarterly 92 days), and it has at least one reading.",
        why: "A KPI that is not read on its cadence is not managing anything: decisions in the weekly review are made on numbers from weeks ago.",
        example: &[
            (
                "kpis.toml",
                "[[kpi]]\nid = \"first-response-time\"\nname = \"First response time\"\nowner = \"maya\"\nunit = \"hours\"\ntarget = 4\ndirection = \"down\"\ncadence = \"weekly\"\nreadings = [{ date = 2020-01-06, value = 5.1 }]\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add the latest reading: `readings = [..., { date = YYYY-MM-DD, value = N }]`. If it is read less often than its cadence says, change `cadence`.",
    },
    Explanation {
        id: "waiver-expired",
        checks: "Every `[[waiver]]` in opsctl.toml has an `until` date that is today or later. An expired waiver hides nothing.",
        why: "Waivers are exceptions, and exceptions that never end become the rule. The expiry date forces someone to decide again whether the exception is still justified.",
        example: &[
            (
                "opsctl.toml",
                "[[waiver]]\nrule = \"page-unowned\"\ntarget = \"drafts/**\"\nowner = \"maya\"\nreason = \"Drafts get owners when they are published.\"\nuntil = 2020-12-31\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Fix what the waiver was hiding and delete it; or, if the exception still holds, extend `until` and update `reason` so the next reader knows why.",
    },
    Explanation {
        id: "waiver-invalid",
        checks: "Every `[[waiver]]` names a known rule and has a `reason` and an `until` date (and, through `missing-owner`, an owner).",
        why: "An exception is only acceptable when it is owned, justified and expiring. A waiver without a reason or an end date is a silent, permanent switch-off.",
        example: &[
            (
                "opsctl.toml",
                "[[waiver]]\nrule = \"page-unowned\"\ntarget = \"drafts/**\"\nowner = \"maya\"\nuntil = 2099-12-31\n",
            ),
            PEOPLE,
        ],
        note: None,
        fix: "Add the missing `reason` or `until`, or correct the rule id (`opsctl explain` lists them all).",
    },
];
