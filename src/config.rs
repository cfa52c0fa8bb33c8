//! TOML configuration from the XDG config dir (or `--config`), over built-in defaults.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::action::Action;
use crate::keymap::{KeyCombo, Keymap};
use crate::theme::ThemeOverrides;

/// The built-in defaults, shipped in the binary.
#[cfg(test)]
pub(crate) const DEFAULT_CONFIG: &str = include_str!("../assets/default-config.toml");

/// One or several keys.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum KeyList {
    /// `quit = "q"`
    One(String),
    /// `quit = ["q", "ctrl-c"]`
    Many(Vec<String>),
}

impl KeyList {
    fn items(&self) -> Vec<&str> {
        match self {
            KeyList::One(s) => vec![s.as_str()],
            KeyList::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// The configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Seconds between refreshes.
    pub refresh_secs: u64,
    /// Read-only mode.
    pub read_only: bool,
    /// Send writes whose audit record cannot be written (off: they are refused).
    pub allow_unaudited_writes: bool,
    /// Words that mark a cluster as protected.
    pub protected_clusters: Vec<String>,
    /// Highest desired count the scale action accepts.
    pub max_scale: u32,
    /// The command a shell into a container (ECS Exec) runs.
    pub exec_shell: String,
    /// Lines kept by the log tail.
    pub log_buffer_lines: usize,
    /// Extra runbook folders.
    pub runbook_dirs: Vec<PathBuf>,
    /// Colour overrides.
    pub theme: ThemeOverrides,
    /// Key overrides by action name.
    pub(crate) keys: BTreeMap<String, toml::Spanned<KeyList>>,
    /// The API budget per AWS API family.
    pub budget: crate::budget::BudgetConfig,
    /// The accounts and regions of `:fleet`.
    pub fleet: FleetConfig,
    /// The home dashboard's panes.
    pub dashboard: DashboardConfig,
}

/// The `[fleet]` table: the profiles and regions `:fleet` shows when
/// `--profile a,b` / `--region x,y` do not say.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FleetConfig {
    /// Shared config profiles.
    pub profiles: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
}

/// The `[dashboard]` table: which panes, in what order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DashboardConfig {
    /// Pane names (`services`, `alarms`, `tasks`, `events`, `rollout`, `logs`).
    pub(crate) panes: Vec<toml::Spanned<String>>,
}

impl Default for DashboardConfig {
    fn default() -> Self {
        let panes = crate::state::dashboard::Pane::ALL
            .iter()
            .map(|p| toml::Spanned::new(0..0, p.name().to_string()))
            .collect();
        Self { panes }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            refresh_secs: 5,
            read_only: false,
            allow_unaudited_writes: false,
            protected_clusters: vec!["prod".to_string()],
            max_scale: 100,
            exec_shell: "/bin/sh".to_string(),
            log_buffer_lines: 50_000,
            runbook_dirs: Vec::new(),
            theme: ThemeOverrides::default(),
            keys: BTreeMap::new(),
            budget: crate::budget::BudgetConfig::default(),
            fleet: FleetConfig::default(),
            dashboard: DashboardConfig::default(),
        }
    }
}

/// A config file that could not be used: the file, the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub(crate) path: PathBuf,
    /// 1-based line, when known.
    pub(crate) line: Option<usize>,
    /// The offending key, when known.
    pub(crate) key: Option<String>,
    /// What is wrong.
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        write!(f, "invalid config {}", printable(&path))?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{}`", printable(key))?;
        }
        write!(f, ": {}", printable(&self.message))
    }
}

/// Text from a config file made safe for a terminal: control characters
/// (escape sequences included) are shown escaped, never written raw.
fn printable(text: &str) -> String {
    const MAX_CHARS: usize = 300;
    let count = text.chars().count();
    let mut shown: String = text
        .chars()
        .take(MAX_CHARS)
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if count > MAX_CHARS {
        shown.push_str(&format!("… ({} more characters)", count - MAX_CHARS));
    }
    shown
}

impl std::error::Error for ConfigError {}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The 1-based line where a top-level `key = ...` is set, if it is.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The key path of a TOML error, from the `in `a.b`` part of the message when present.
fn key_in_message(message: &str) -> Option<String> {
    let unknown = message.split("unknown field `").nth(1)?;
    unknown.split('`').next().map(str::to_string)
}

impl Config {
    /// Parses config text; `path` names the file in errors.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            ConfigError {
                path: path.to_path_buf(),
                line: e.span().map(|s| line_of(text, s.start)),
                key: key_in_message(&message),
                message,
            }
        })?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let err = |line: Option<usize>, key: &str, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            key: Some(key.to_string()),
            message,
        };
        if let Err(m) = check_refresh_secs(self.refresh_secs) {
            let line = line_of_key(text, "refresh_secs");
            return Err(err(line, "refresh_secs", m));
        }
        if let Err(m) = check_log_buffer_lines(self.log_buffer_lines) {
            let line = line_of_key(text, "log_buffer_lines");
            return Err(err(line, "log_buffer_lines", m));
        }
        if self.exec_shell.trim().is_empty() {
            let line = line_of_key(text, "exec_shell");
            return Err(err(
                line,
                "exec_shell",
                "the shell command is empty; the default is \"/bin/sh\"".into(),
            ));
        }
        if let Err(message) = self.budget.check() {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("[budget"))
                .map(|i| i + 1);
            return Err(err(line, "budget", message));
        }
        self.check_panes(text, path)?;
        for (name, keys) in &self.keys {
            let line = Some(line_of(text, keys.span().start));
            let key = format!("keys.{name}");
            if Action::from_name(name).is_none() {
                let known: Vec<String> = Action::ALL.iter().map(|a| a.name()).collect();
                return Err(err(
                    line,
                    &key,
                    format!("unknown action; known actions: {}", known.join(", ")),
                ));
            }
            for k in keys.get_ref().items() {
                KeyCombo::parse(k).map_err(|m| err(line, &key, m))?;
            }
        }
        self.check_collisions(text, path)
    }

    /// Every name in `[dashboard] panes` is a pane, named once, and there is one at least.
    fn check_panes(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        use crate::state::dashboard::Pane;
        let err = |line: Option<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            key: Some("dashboard.panes".into()),
            message,
        };
        let known: Vec<&str> = Pane::ALL.iter().map(|p| p.name()).collect();
        let mut seen = Vec::new();
        for name in &self.dashboard.panes {
            let line = Some(line_of(text, name.span().start));
            if Pane::from_name(name.get_ref()).is_none() {
                return Err(err(
                    line,
                    format!(
                        "unknown pane {:?}; known panes: {}",
                        name.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
            if seen.contains(name.get_ref()) {
                return Err(err(
                    line,
                    format!("pane {:?} is named twice", name.get_ref()),
                ));
            }
            seen.push(name.get_ref().clone());
        }
        if seen.is_empty() {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("panes"))
                .map(|i| i + 1);
            return Err(err(
                line,
                format!("name one pane at least: {}", known.join(", ")),
            ));
        }
        Ok(())
    }

    /// The dashboard's panes, in the configured order.
    pub fn dashboard_panes(&self) -> Vec<crate::state::dashboard::Pane> {
        self.dashboard
            .panes
            .iter()
            .filter_map(|n| crate::state::dashboard::Pane::from_name(n.get_ref()))
            .collect()
    }

    /// A key override that takes a key another action uses in the same view
    /// is an error naming both actions, the key and the override's line.
    fn check_collisions(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let Some(c) = self.keymap().collisions().into_iter().next() else {
            return Ok(());
        };
        let (first, second) = (c.first.1.name(), c.second.1.name());
        let configured = [&first, &second]
            .into_iter()
            .find_map(|name| self.keys.get_key_value(name.as_str()));
        let (key, line) = match configured {
            Some((name, keys)) => (
                format!("keys.{name}"),
                Some(line_of(text, keys.span().start)),
            ),
            None => (format!("keys.{first}"), None),
        };
        Err(ConfigError {
            path: path.to_path_buf(),
            line,
            key: Some(key),
            message: format!(
                "key `{}` is bound to both `{first}` ({}) and `{second}` ({}), which are active \
                 in the same view; pick another key for one of them",
                c.key,
                c.first.0.label(),
                c.second.0.label()
            ),
        })
    }

    /// Reads a config file. A missing default file is not an error; a missing `--config` file is.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, &path),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
                    Err(ConfigError {
                        line: Some(line_of(prefix, valid)),
                        path,
                        key: None,
                        message: "not valid UTF-8 text (TOML files must be UTF-8)".into(),
                    })
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                Ok(Config::default())
            }
            Err(e) => Err(ConfigError {
                path,
                line: None,
                key: None,
                message: e.to_string(),
            }),
        }
    }

    /// The keymap with this config's overrides applied.
    pub fn keymap(&self) -> Keymap {
        let mut km = Keymap::defaults();
        for (name, keys) in &self.keys {
            let Some(action) = Action::from_name(name) else {
                continue;
            };
            let combos = keys
                .get_ref()
                .items()
                .into_iter()
                .filter_map(|k| KeyCombo::parse(k).ok())
                .collect();
            km.rebind(action, combos);
        }
        km
    }
}

/// Fewest seconds between refreshes (`--refresh`, `refresh_secs`).
pub(crate) const MIN_REFRESH_SECS: u64 = 1;
/// Most seconds between refreshes.
pub(crate) const MAX_REFRESH_SECS: u64 = 3600;
/// Fewest lines the log tail keeps (`log_buffer_lines`).
pub(crate) const MIN_LOG_BUFFER_LINES: usize = 100;
/// Most lines the log tail keeps (bounded memory: about 1 KB a line).
pub(crate) const MAX_LOG_BUFFER_LINES: usize = 1_000_000;

/// The one check of a refresh interval, for the flag and the config alike.
pub(crate) fn check_refresh_secs(secs: u64) -> Result<std::time::Duration, String> {
    if (MIN_REFRESH_SECS..=MAX_REFRESH_SECS).contains(&secs) {
        Ok(std::time::Duration::from_secs(secs))
    } else {
        Err(format!(
            "{secs} is out of range: the refresh interval must be between {MIN_REFRESH_SECS} and {MAX_REFRESH_SECS} seconds"
        ))
    }
}

/// `--refresh` parsed with [`check_refresh_secs`] (clap names the flag in its error).
pub(crate) fn parse_refresh_flag(text: &str) -> Result<u64, String> {
    let secs: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number of seconds"))?;
    check_refresh_secs(secs).map(|_| secs)
}

/// The check of the log tail's capacity.
pub(crate) fn check_log_buffer_lines(lines: usize) -> Result<usize, String> {
    if (MIN_LOG_BUFFER_LINES..=MAX_LOG_BUFFER_LINES).contains(&lines) {
        Ok(lines)
    } else {
        Err(format!(
            "{lines} is out of range: the log tail keeps between {MIN_LOG_BUFFER_LINES} and {MAX_LOG_BUFFER_LINES} lines"
        ))
    }
}

/// `$XDG_CONFIG_HOME/ecsdeck/config.toml`.
pub(crate) fn default_path() -> Option<PathBuf> {
    crate::paths::config_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/tmp/ecsdeck.toml"))
    }

    #[test]
    fn embedded_defaults_equal_the_default() {
        assert_eq!(parse(DEFAULT_CONFIG), Ok(Config::default()));
    }

    #[test]
    fn the_sweep_is_read_and_checked() {
        let c = parse("[budget]\nsweep = { max_per_refresh = 170 }\n").expect("valid");
        assert_eq!(c.budget.sweep.max_per_refresh, 170);
        assert_eq!(c.budget.sweep.period_secs, 60);
        let e = parse("[budget]\nsweep = { period_secs = 1 }\n").unwrap_err();
        assert!(
            e.message.contains("budget.sweep.period_secs"),
            "{}",
            e.message
        );
        let e = parse("[budget]\nsweep = { max_per_refresh = 0 }\n").unwrap_err();
        assert!(
            e.message.contains("budget.sweep.max_per_refresh"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_budget_table_is_read_and_checked() {
        let c = parse("[budget]\necs_reads = { per_sec = 1.5, burst = 50 }\n").expect("valid");
        assert_eq!(c.budget.ecs_reads.per_sec, 1.5);
        assert_eq!(c.budget.ecs_reads.burst, 50.0);
        assert_eq!(c.budget.logs, crate::budget::BudgetConfig::default().logs);
        let e =
            parse("max_scale = 10\n[budget]\nelbv2 = { per_sec = 0, burst = 5 }\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.key.as_deref(), Some("budget"));
        assert!(e.message.contains("budget.elbv2.per_sec"), "{}", e.message);
        let e = parse("[budget]\nceiling = 3\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
    }

    #[test]
    fn the_dashboard_panes_are_read_in_order_and_checked() {
        use crate::state::dashboard::Pane;
        assert_eq!(Config::default().dashboard_panes(), Pane::ALL.to_vec());
        let c = parse("[dashboard]\npanes = [\"logs\", \"services\"]\n").expect("valid");
        assert_eq!(c.dashboard_panes(), vec![Pane::Logs, Pane::Services]);
        let e = parse("max_scale = 9\n[dashboard]\npanes = [\n  \"services\",\n  \"graphs\",\n]\n")
            .unwrap_err();
        assert_eq!(e.line, Some(5));
        assert_eq!(e.key.as_deref(), Some("dashboard.panes"));
        assert!(e.message.contains("\"graphs\""), "{}", e.message);
        assert!(
            e.message.contains("alarms, services, tasks"),
            "{}",
            e.message
        );
        let e = parse("[dashboard]\npanes = [\"logs\", \"logs\"]\n").unwrap_err();
        assert!(e.message.contains("twice"), "{}", e.message);
        let e = parse("[dashboard]\npanes = []\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("[dashboard]\ncolumns = 3\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c = parse("refresh_secs = 9\n[keys]\nquit = \"Q\"\n").expect("valid");
        assert_eq!(c.refresh_secs, 9);
        assert_eq!(c.max_scale, 100);
        let km = c.keymap();
        assert_eq!(
            km.resolve(&[crate::keymap::KeyContext::Global], KeyCombo::ch('Q')),
            Some(Action::Quit)
        );
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = parse("refresh_secs = 5\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.key.as_deref(), Some("bogus"));
        assert!(e.to_string().contains("/tmp/ecsdeck.toml"), "{e}");

        let e = parse("refresh_secs = \"fast\"\n").unwrap_err();
        assert_eq!(e.line, Some(1));

        let e = parse("[keys]\n\nlaunch_rockets = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("keys.launch_rockets"));

        let e = parse("[keys]\nquit = \"hyper-q\"\n").unwrap_err();
        assert!(e.message.contains("hyper-q"));

        let e = parse("[theme]\nok = \"octarine\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("octarine"));

        let e = parse("refresh_secs = 5\n[[[").unwrap_err();
        assert_eq!(e.line, Some(2));

        let e = parse("# tuned\nmax_scale = 10\n  refresh_secs = 0\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("refresh_secs"));
    }
}
