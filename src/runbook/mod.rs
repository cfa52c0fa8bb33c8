//! Runbooks: Markdown files with TOML front matter that say what they apply to
//! (alarm name globs, service name globs, symptom keywords), shipped in the
//! binary (`runbooks/*.md`) and read from user folders (config `runbook_dirs`).
//!
//! ```text
//! +++
//! title = "Unhealthy targets or a 5xx alarm"
//! alarms = ["*-5xx*", "*unhealthy*"]
//! services = []
//! symptoms = ["unhealthy-targets", "5xx"]
//! +++
//! # Unhealthy targets
//! 1. Open the [target groups](ecsdeck:tg) ...
//! ```
//!
//! A step names a console action with a link `[text](ecsdeck:ACTION)` or a
//! fenced block with the language `ecsdeck` holding one action per line. Every
//! action must be one of [`RUNBOOK_ACTIONS`]; the app maps them to its own
//! actions with [`runbook_action`] and routes the dangerous ones through its
//! confirm path.
//!
//! Everything here is pure except [`load_dir`] / [`load_all`], which read files.

mod glob;
mod layout;
mod render;
mod symptoms;

use std::fmt;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use serde::Deserialize;

use crate::action::Action;
use crate::model::{Alarm, Service};

pub(crate) use glob::{glob_match, glob_specificity};
pub(crate) use layout::LayoutCache;
pub use render::{RenderOptions, render, render_with};
pub use symptoms::{KNOWN_SYMPTOMS, infer_symptoms, symptoms_of_alarm};

/// The console actions a runbook step may name (`[roll back](ecsdeck:rollback)`).
pub const RUNBOOK_ACTIONS: &[&str] = &[
    "redeploy",
    "scale",
    "stop-task",
    "rollback",
    "logs",
    "events",
    "deployments",
    "tg",
    "alarms",
    "metrics",
    "tasks",
];

/// The app action a runbook action name stands for, where the app has one
/// (`logs` and `tasks` are views the app opens by other means).
pub(crate) fn runbook_action(name: &str) -> Option<Action> {
    Some(match name {
        "redeploy" => Action::Redeploy,
        "scale" => Action::Scale,
        "stop-task" => Action::StopTask,
        "rollback" => Action::Rollback,
        "events" => Action::ShowEvents,
        "deployments" => Action::ShowDeployments,
        "tg" => Action::ShowTargetGroups,
        "alarms" => Action::ShowAlarms,
        "metrics" => Action::ShowMetrics,
        _ => return None,
    })
}

/// The URL scheme of action links.
pub(crate) const ACTION_SCHEME: &str = "ecsdeck:";

/// The fenced-code language of action blocks.
pub(crate) const ACTION_LANG: &str = "ecsdeck";

/// The front matter of a runbook (TOML between `+++` lines).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    /// Title shown in lists.
    pub(crate) title: String,
    /// One line saying when to use it.
    #[serde(default)]
    pub(crate) summary: String,
    /// Alarm name globs (`*-5xx*`).
    #[serde(default)]
    pub(crate) alarms: Vec<String>,
    /// Service name globs (`payments*`); empty for every service.
    #[serde(default)]
    pub(crate) services: Vec<String>,
    /// Symptom keywords (see [`KNOWN_SYMPTOMS`]).
    #[serde(default)]
    pub(crate) symptoms: Vec<String>,
}

/// One runbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runbook {
    /// File stem, e.g. `unhealthy-targets`.
    pub id: String,
    /// Title from the front matter.
    pub(crate) title: String,
    /// Where it came from: `runbooks/NAME.md` for the built-in ones, the file otherwise.
    pub path: PathBuf,
    /// Whether it ships in the binary.
    pub(crate) builtin: bool,
    /// One line saying when to use it.
    pub summary: String,
    /// Alarm name globs.
    pub(crate) alarms: Vec<String>,
    /// Service name globs (empty: any service).
    pub(crate) services: Vec<String>,
    /// Symptom keywords.
    pub symptoms: Vec<String>,
    /// The Markdown after the front matter.
    pub body: String,
    /// Console actions the body names, in order of first appearance.
    pub actions: Vec<String>,
}

/// A runbook that could not be used: the file, the line when known, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunbookError {
    /// The file.
    pub(crate) path: PathBuf,
    /// 1-based line in the file, when known.
    pub(crate) line: Option<usize>,
    /// What is wrong.
    pub(crate) message: String,
}

impl fmt::Display for RunbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for RunbookError {}

/// The runbooks shipped in the binary: `(file name, contents)`.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "unhealthy-targets.md",
        include_str!("../../runbooks/unhealthy-targets.md"),
    ),
    (
        "deployment-rollback.md",
        include_str!("../../runbooks/deployment-rollback.md"),
    ),
    (
        "task-crash-loop.md",
        include_str!("../../runbooks/task-crash-loop.md"),
    ),
    (
        "high-cpu-memory.md",
        include_str!("../../runbooks/high-cpu-memory.md"),
    ),
    (
        "credentials-permissions.md",
        include_str!("../../runbooks/credentials-permissions.md"),
    ),
    (
        "self-healing-demo.md",
        include_str!("../../runbooks/self-healing-demo.md"),
    ),
];

impl Runbook {
    /// Parses a runbook from its text; `path` names it in errors and its stem is the id.
    pub fn parse(path: &Path, text: &str) -> Result<Runbook, RunbookError> {
        let err = |line: Option<usize>, message: String| RunbookError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let (fm_text, body, body_line) = split_front_matter(text).map_err(|m| err(Some(1), m))?;
        let fm: FrontMatter = toml::from_str(fm_text).map_err(|e| {
            // The front matter starts on line 2 (after the opening fence).
            let line = e
                .span()
                .map(|s| 2 + fm_text[..s.start.min(fm_text.len())].matches('\n').count());
            err(line, format!("front matter: {}", e.message()))
        })?;
        if fm.title.trim().is_empty() {
            return Err(err(Some(2), "front matter: `title` is empty".into()));
        }
        for s in &fm.symptoms {
            if s.is_empty()
                || !s
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(err(
                    Some(2),
                    format!("front matter: symptom {s:?} must be lowercase-kebab-case"),
                ));
            }
        }
        let actions = scan_actions(body).map_err(|(offset, m)| {
            err(
                Some(body_line + body[..offset.min(body.len())].matches('\n').count()),
                m,
            )
        })?;
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Runbook {
            id,
            title: fm.title,
            path: path.to_path_buf(),
            builtin: false,
            summary: fm.summary,
            alarms: fm.alarms,
            services: fm.services,
            symptoms: fm.symptoms,
            body: body.to_string(),
            actions,
        })
    }
}

/// Splits `+++\nTOML\n+++\nbody` into (TOML, body, 1-based line of the body).
fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or_default().trim_end();
    if first == "---" {
        return Err("front matter must be TOML between `+++` lines (found `---`)".into());
    }
    if first != "+++" {
        return Err("missing front matter: the file must start with a `+++` line".into());
    }
    let after = text.find('\n').map_or(text.len(), |i| i + 1);
    let rest = &text[after..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 3 + fm.matches('\n').count();
            return Ok((fm, body, body_line));
        }
        offset += line.len();
    }
    Err("front matter is not closed: no second `+++` line".into())
}

/// Collects the action names of a body; an unknown action is an error at its byte offset.
fn scan_actions(body: &str) -> Result<Vec<String>, (usize, String)> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str, offset: usize| -> Result<(), (usize, String)> {
        let name = name.trim();
        if !RUNBOOK_ACTIONS.contains(&name) {
            return Err((
                offset,
                format!(
                    "unknown ecsdeck action {name:?} (known: {})",
                    RUNBOOK_ACTIONS.join(", ")
                ),
            ));
        }
        if !out.iter().any(|a| a == name) {
            out.push(name.to_string());
        }
        Ok(())
    };
    let mut in_action_block = false;
    for (ev, range) in Parser::new(body).into_offset_iter() {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(name) = dest_url.strip_prefix(ACTION_SCHEME) {
                    push(name, range.start)?;
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                in_action_block = lang.trim() == ACTION_LANG;
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_action_block = false,
            Event::Text(t) if in_action_block => {
                for (i, line) in t.lines().enumerate() {
                    if !line.trim().is_empty() {
                        let at =
                            range.start + t.lines().take(i).map(|l| l.len() + 1).sum::<usize>();
                        push(line, at)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The built-in runbooks. They are checked by the test suite, so a failure
/// here is a build defect; such a runbook is skipped rather than crashing.
pub fn builtin() -> Vec<Runbook> {
    EMBEDDED
        .iter()
        .filter_map(|(name, text)| {
            let path = Path::new("runbooks").join(name);
            Runbook::parse(&path, text).ok().map(|mut r| {
                r.builtin = true;
                r
            })
        })
        .collect()
}

/// Reads every `*.md` file of a folder (sorted by name). Unreadable or invalid
/// files are reported one by one; the valid ones are still returned.
pub fn load_dir(dir: &Path) -> (Vec<Runbook>, Vec<RunbookError>) {
    let mut runbooks = Vec::new();
    let mut errors = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(RunbookError {
                path: dir.to_path_buf(),
                line: None,
                message: format!("cannot read runbook folder: {e}"),
            });
            return (runbooks, errors);
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("md")) && p.is_file())
        .collect();
    files.sort();
    for path in files {
        match read_limited(&path) {
            Ok(text) => match Runbook::parse(&path, &text) {
                Ok(r) => runbooks.push(r),
                Err(e) => errors.push(e),
            },
            Err(message) => errors.push(RunbookError {
                path: path.clone(),
                line: None,
                message,
            }),
        }
    }
    (runbooks, errors)
}

/// Largest runbook file accepted: a runbook is read by a person during an
/// incident, and each one is parsed and laid out in memory.
pub const MAX_RUNBOOK_BYTES: u64 = 1024 * 1024;

/// Reads a runbook file of at most [`MAX_RUNBOOK_BYTES`] (never more is read).
fn read_limited(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_RUNBOOK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_RUNBOOK_BYTES {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(format!(
            "too large ({:.1} MB): runbooks are limited to {} MB; split it into smaller runbooks",
            size as f64 / 1_048_576.0,
            MAX_RUNBOOK_BYTES / 1_048_576
        ));
    }
    String::from_utf8(bytes).map_err(|_| "cannot read: not valid UTF-8 text".to_string())
}

/// The built-in runbooks plus those of `dirs`. A user runbook with the same id
/// as an earlier one replaces it (so a team can override a built-in runbook).
pub fn load_all(dirs: &[PathBuf]) -> (Vec<Runbook>, Vec<RunbookError>) {
    let mut all = builtin();
    let mut errors = Vec::new();
    for dir in dirs {
        let (found, errs) = load_dir(dir);
        errors.extend(errs);
        for r in found {
            match all.iter_mut().find(|x| x.id == r.id) {
                Some(slot) => *slot = r,
                None => all.push(r),
            }
        }
    }
    (all, errors)
}

/// A runbook with the score that ranked it (higher is more specific).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked<'a> {
    /// The runbook.
    pub runbook: &'a Runbook,
    /// Its score.
    pub(crate) score: u32,
}

/// Score of the best-matching glob of `patterns` for `name` (0: none matches).
fn glob_score(patterns: &[String], name: &str, base: u32) -> u32 {
    patterns
        .iter()
        .filter(|p| glob_match(p, name))
        .map(|p| base + glob_specificity(p))
        .max()
        .unwrap_or(0)
}

fn symptom_score(runbook: &Runbook, symptoms: &[&str]) -> u32 {
    let n = runbook
        .symptoms
        .iter()
        .filter(|s| symptoms.contains(&s.as_str()))
        .count() as u32;
    n * 100
}

fn sorted(mut v: Vec<Ranked<'_>>) -> Vec<Ranked<'_>> {
    v.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.runbook.title.cmp(&b.runbook.title))
    });
    v
}

/// Runbooks for an alarm, most specific first: a glob of `alarms` matching the
/// alarm name (longer literal patterns rank higher) beats a match on the
/// symptoms the alarm's metric implies (`HTTPCode_Target_5XX_Count` → `5xx`).
pub fn matching<'a>(runbooks: &'a [Runbook], alarm: &Alarm) -> Vec<Ranked<'a>> {
    let implied = symptoms_of_alarm(alarm);
    let v = runbooks
        .iter()
        .filter_map(|r| {
            let name = glob_score(&r.alarms, &alarm.name, 1000);
            let sym = symptom_score(r, &implied);
            let score = name + sym;
            (score > 0).then_some(Ranked { runbook: r, score })
        })
        .collect();
    sorted(v)
}

/// Runbooks for a service showing `symptoms`, most specific first. A runbook
/// scoped to other services (`services` globs that do not match) is left out;
/// one scoped to this service always shows and ranks above a generic one with
/// as many matching symptoms; a generic runbook shows only when a symptom matches.
pub(crate) fn for_service<'a>(
    runbooks: &'a [Runbook],
    service: &Service,
    symptoms: &[&str],
) -> Vec<Ranked<'a>> {
    let v = runbooks
        .iter()
        .filter_map(|r| {
            let svc = if r.services.is_empty() {
                0
            } else {
                match glob_score(&r.services, &service.name, 10) {
                    0 => return None,
                    s => s,
                }
            };
            let sym = symptom_score(r, symptoms);
            let score = svc + sym;
            (score > 0).then_some(Ranked { runbook: r, score })
        })
        .collect();
    sorted(v)
}

/// Finds a runbook by id.
pub(crate) fn by_id<'a>(runbooks: &'a [Runbook], id: &str) -> Option<&'a Runbook> {
    runbooks.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests;
