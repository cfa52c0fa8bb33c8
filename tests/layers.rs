//! The layering rule, enforced: every `crate::…` path in a module of `src/`
//! must name a module that module's row of [`ALLOWED`] lists, and the table
//! itself has no cycle, so no import can run back up a floor.
//!
//! Test-only code (files declared under `#[cfg(test)]`, a trailing
//! `#[cfg(test)] mod tests { … }`) is not scanned: tests may reach anywhere.
//! docs/architecture.md ("Layers") draws the same table.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules it may name through `crate::`.
/// Written from the floors as they are (top first); `fixtures` (test data) is
/// allowed everywhere, as it only exists under `cfg(test)`.
const ALLOWED: &[(&str, &[&str])] = &[
    // Wiring above everything: the CLI subcommands. Nothing imports them.
    (
        "commands",
        &[
            "action",
            "app",
            "audit",
            "budget",
            "chaos",
            "cli",
            "config",
            "console_url",
            "diff",
            "exec",
            "event",
            "fetch",
            "jsonl_tail",
            "keymap",
            "logging",
            "logs",
            "model",
            "ops",
            "output",
            "palette",
            "paths",
            "poll",
            "runbook",
            "secrets",
            "source",
            "state",
            "state_files",
            "text",
            "theme",
            "timeline",
            "tui",
            "ui",
            "view",
            "watch",
        ],
    ),
    (
        "cli",
        &["budget", "config", "model", "paths", "source", "text"],
    ),
    // The app: update and the runtime.
    (
        "app",
        &[
            "fleet",
            "action",
            "audit",
            "budget",
            "chaos",
            "config",
            "console_url",
            "diff",
            "exec",
            "event",
            "fetch",
            "jsonl_tail",
            "keymap",
            "logging",
            "logs",
            "model",
            "ops",
            "output",
            "palette",
            "paths",
            "poll",
            "runbook",
            "secrets",
            "source",
            "state",
            "state_files",
            "text",
            "theme",
            "timeline",
            "tui",
            "ui",
            "view",
            "watch",
        ],
    ),
    // Config reads key and theme overrides, so it sits above ui.
    (
        "config",
        &[
            "action", "budget", "keymap", "model", "paths", "state", "text", "theme", "ui", "view",
        ],
    ),
    // Rendering: a pure function of `&State`.
    (
        "ui",
        &[
            "fleet",
            "action",
            "audit",
            "budget",
            "chaos",
            "diff",
            "event",
            "fetch",
            "jsonl_tail",
            "keymap",
            "logs",
            "model",
            "ops",
            "palette",
            "poll",
            "runbook",
            "secrets",
            "source",
            "state",
            "text",
            "theme",
            "timeline",
            "view",
            "watch",
        ],
    ),
    // What the UI shows. Never ui, app, config or the CLI.
    (
        "state",
        &[
            "fleet",
            "action",
            "audit",
            "budget",
            "chaos",
            "diff",
            "event",
            "fetch",
            "jsonl_tail",
            "keymap",
            "logs",
            "model",
            "ops",
            "palette",
            "poll",
            "runbook",
            "secrets",
            "source",
            "text",
            "theme",
            "timeline",
            "view",
            "watch",
        ],
    ),
    // What reaches update.
    (
        "event",
        &[
            "fleet",
            "audit",
            "budget",
            "chaos",
            "fetch",
            "jsonl_tail",
            "logs",
            "model",
            "ops",
            "poll",
            "source",
            "text",
        ],
    ),
    ("poll", &["fetch", "model", "source"]),
    ("fetch", &["model", "source"]),
    // Features: each in its folder or file, on the source and the ground.
    (
        "audit",
        &[
            "jsonl_tail",
            "model",
            "ops",
            "paths",
            "source",
            "state_files",
            "text",
        ],
    ),
    (
        "chaos",
        &["jsonl_tail", "model", "paths", "state_files", "text"],
    ),
    ("logs", &["budget", "model", "source", "text"]),
    ("fleet", &["budget", "model", "source"]),
    ("runbook", &["action", "keymap", "model", "text", "theme"]),
    ("ops", &["model", "source"]),
    ("diff", &["model", "secrets"]),
    ("timeline", &["model", "text"]),
    ("console_url", &[]),
    ("exec", &["model", "source"]),
    ("watch", &["model"]),
    ("palette", &["view"]),
    ("keymap", &["action"]),
    ("action", &[]),
    ("logging", &["paths", "state_files", "text"]),
    ("tui", &["output"]),
    // The data-source seam: the project's own types only.
    ("source", &["budget", "model", "text"]),
    ("budget", &[]),
    ("secrets", &["model"]),
    ("jsonl_tail", &["text"]),
    ("state_files", &[]),
    ("output", &["text"]),
    ("theme", &["model", "text"]),
    // The ground floor: imports nothing from the crate.
    ("model", &[]),
    ("text", &[]),
    ("paths", &[]),
    ("view", &[]),
];

/// Arrows that still run up on this branch, each removed by a named move.
/// A listed arrow that no longer occurs fails the test: delete its line.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Names declared as `#[cfg(test)] mod name;` in a file (their files are test-only).
fn test_only_children(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut after_cfg_test = false;
    for line in text.lines() {
        let line = line.trim();
        if after_cfg_test && let Some(rest) = line.strip_suffix(';') {
            let rest = rest
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            if let Some(name) = rest.strip_prefix("mod ") {
                out.insert(name.trim().to_string());
            }
        }
        after_cfg_test = line == "#[cfg(test)]";
    }
    out
}

/// The code of a file without comments, `#[cfg(test)]` items of one line, and
/// a trailing `#[cfg(test)] mod tests { … }`.
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]" {
            match lines.peek().map(|l| l.trim()) {
                Some(next) if next.starts_with("mod ") && next.ends_with('{') => break,
                Some(next) if next.ends_with(';') => {
                    lines.next();
                    continue;
                }
                _ => continue,
            }
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every top-level module a piece of code names through `crate::`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `ecsdeck_crate::` or similar: not this crate's root
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut expect_name = true;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 1 => expect_name = true,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                if depth == 1 && expect_name {
                    if c.is_alphanumeric() || c == '_' {
                        name.push(c);
                    } else if !name.is_empty() {
                        out.insert(std::mem::take(&mut name));
                        expect_name = false;
                    }
                }
            }
            if !name.is_empty() {
                out.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// (file relative to src/, its top-level module, its production code).
fn production_files() -> Vec<(String, String, String)> {
    fn walk(dir: &Path, skip: &BTreeSet<PathBuf>, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if skip.contains(&path) {
                continue;
            }
            if path.is_dir() {
                walk(&path, skip, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    let src = src_dir();
    let mut files = Vec::new();
    walk(&src, &BTreeSet::new(), &mut files);
    // Drop the files (and folders) declared under #[cfg(test)].
    let mut skip = BTreeSet::new();
    for f in &files {
        let text = fs::read_to_string(f).expect("read source");
        let dir = match f.file_name().and_then(|n| n.to_str()) {
            Some("mod.rs" | "lib.rs") => f.parent().expect("parent").to_path_buf(),
            _ => f.with_extension(""),
        };
        for child in test_only_children(&text) {
            skip.insert(dir.join(format!("{child}.rs")));
            skip.insert(dir.join(&child));
        }
    }
    let mut kept = Vec::new();
    walk(&src, &skip, &mut kept);
    kept.into_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(&src).expect("under src").to_path_buf();
            let rel_s = rel.to_string_lossy().replace('\\', "/");
            if rel_s == "lib.rs" || rel_s == "main.rs" {
                return None; // wiring: declares every module
            }
            let top = rel_s
                .split('/')
                .next()
                .expect("a component")
                .trim_end_matches(".rs")
                .to_string();
            let text = fs::read_to_string(&f).expect("read source");
            Some((rel_s, top, production_code(&text)))
        })
        .collect()
}

fn allowed() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect()
}

#[test]
fn no_import_runs_back_up() {
    let table = allowed();
    let mut violations = Vec::new();
    let mut exceptions_seen = BTreeSet::new();
    for (file, top, code) in production_files() {
        let Some(ok) = table.get(top.as_str()) else {
            violations.push(format!("{file}: module `{top}` has no row in ALLOWED"));
            continue;
        };
        for used in crate_paths(&code) {
            if used == top || used == "fixtures" || ok.contains(used.as_str()) {
                continue;
            }
            if let Some(e) = EXCEPTIONS.iter().find(|(m, d, _)| *m == top && *d == used) {
                exceptions_seen.insert((e.0, e.1));
                continue;
            }
            violations.push(format!("{file}: `{top}` imports `crate::{used}`"));
        }
    }
    assert!(
        violations.is_empty(),
        "imports against the layers (tests/layers.rs, docs/architecture.md):\n{}",
        violations.join("\n")
    );
    for (m, d, why) in EXCEPTIONS {
        assert!(
            exceptions_seen.contains(&(*m, *d)),
            "`{m}` no longer imports `{d}` ({why}): delete the exception from tests/layers.rs"
        );
    }
}

#[test]
fn the_table_has_no_cycle() {
    let table = allowed();
    // Depth-first search for a back edge.
    fn visit<'a>(
        m: &'a str,
        table: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        on_path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Result<(), String> {
        if done.contains(m) {
            return Ok(());
        }
        if let Some(at) = on_path.iter().position(|p| *p == m) {
            let mut cycle = on_path[at..].to_vec();
            cycle.push(m);
            return Err(cycle.join(" → "));
        }
        on_path.push(m);
        for dep in table.get(m).into_iter().flatten() {
            visit(dep, table, on_path, done)?;
        }
        on_path.pop();
        done.insert(m);
        Ok(())
    }
    let mut done = BTreeSet::new();
    for m in table.keys() {
        if let Err(cycle) = visit(m, &table, &mut Vec::new(), &mut done) {
            panic!("the allowed table has a cycle: {cycle}");
        }
    }
    for (m, deps) in &table {
        for d in deps {
            assert!(
                table.contains_key(d),
                "`{m}` may import `{d}`, which has no row"
            );
        }
    }
}

#[test]
fn every_module_of_the_crate_has_a_row() {
    let table = allowed();
    for (file, top, _) in production_files() {
        assert!(
            table.contains_key(top.as_str()),
            "{file}: `{top}` has no row"
        );
    }
}

/// Inside the app, only its root names the update dispatcher: handlers
/// (actions, logs, runbooks, …) take `Command`, `set_status` and `push_view`
/// from `app` itself, and the dispatcher calls them, not the other way.
#[test]
fn app_handlers_do_not_import_the_dispatcher() {
    for (file, top, code) in production_files() {
        if top != "app" || file == "app/mod.rs" {
            continue;
        }
        for needle in [
            "app::update::",
            "super::update::",
            "app::dispatch::",
            "super::dispatch::",
        ] {
            // The event dispatcher, and the palette, which runs its line as an action.
            let allowed_here = matches!(
                file.as_str(),
                "app/update.rs" | "app/overlay_keys/palette.rs"
            ) && needle.ends_with("dispatch::");
            assert!(
                allowed_here || !code.contains(needle),
                "{file} names `{needle}`: take it from `crate::app` or return what to do"
            );
        }
    }
}

#[test]
fn the_scanner_reads_groups_and_skips_comments() {
    let code = production_code(
        "use crate::{model::Service, text::{self, sanitize}};\n\
         // crate::ui in a comment\n\
         let x = crate::paths::state_dir();\n\
         #[cfg(test)]\nuse crate::fixtures;\n\
         #[cfg(test)]\nmod tests {\n use crate::app;\n}\n",
    );
    let found: Vec<String> = crate_paths(&code).into_iter().collect();
    assert_eq!(found, ["model", "paths", "text"]);
}
