//! Scenarios: the simulated world as data. A scenario file (TOML, described
//! in docs/scenarios.md) lists the clusters, task definition families,
//! services and alarms the simulator starts with; [`build`] turns one into a
//! [`World`](super::world::World). The built-in demo world is
//! `assets/scenarios/demo.toml`, embedded in the binary; `--demo-scenario
//! FILE` runs another.

mod build;
mod format;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub(crate) use build::build;

use super::metrics::AlarmMetric;
use super::world::Kind;

/// The built-in demo world, shipped in the binary.
pub(crate) const BUILTIN: &str = include_str!("../../../../assets/scenarios/demo.toml");

/// The name the built-in scenario has in errors.
const BUILTIN_PATH: &str = "assets/scenarios/demo.toml";

static BUILTIN_SCENARIO: LazyLock<Scenario> = LazyLock::new(|| {
    Scenario::parse(BUILTIN, Path::new(BUILTIN_PATH)).unwrap_or_else(|e| {
        tracing::error!("the built-in scenario is invalid: {e}");
        Scenario::default()
    })
});

/// A world to start the simulator with, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    clusters: Vec<String>,
    default_cluster: String,
    generated_cluster: String,
    families: Vec<FamilySpec>,
    services: Vec<ServiceSpec>,
    alarms: Vec<AlarmSpec>,
}

/// A task definition family: revisions `1..=latest` are registered.
#[derive(Debug, Clone, PartialEq)]
struct FamilySpec {
    name: String,
    latest: u32,
    /// Revisions whose containers fail their health checks.
    bad: Vec<u32>,
    /// Whether a non-essential agent container runs beside the app.
    sidecar: bool,
    kind: Kind,
}

/// A service, running its family's `revision`.
#[derive(Debug, Clone, PartialEq)]
struct ServiceSpec {
    cluster: String,
    name: String,
    kind: Kind,
    desired: u32,
    revision: u32,
    /// Revision a rollout in progress at start is moving to.
    rollout_to: Option<u32>,
    flaky: bool,
    cpu: f64,
    mem: f64,
    rpm: f64,
}

/// A CloudWatch alarm on one service.
#[derive(Debug, Clone, PartialEq)]
struct AlarmSpec {
    name: String,
    cluster: String,
    service: String,
    metric: AlarmMetric,
    threshold: f64,
}

impl Scenario {
    /// Cluster names, in display order.
    #[cfg(test)]
    pub(crate) fn clusters(&self) -> &[String] {
        &self.clusters
    }

    /// The built-in demo world. It is checked by the test suite, so a failure
    /// to parse it is a build defect; it then gives an empty world rather
    /// than a crash.
    pub(crate) fn builtin() -> Scenario {
        BUILTIN_SCENARIO.clone()
    }

    /// Parses and checks scenario text; `path` names the file in errors.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = span.map(|s| line_column(text, s.start)).unzip();
            ScenarioError {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let file: format::File =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().trim().to_string()))?;
        file.check().map_err(|e| error(Some(e.span), e.message))
    }

    /// Reads, parses and checks a scenario file.
    pub(crate) fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!("cannot read: {e}"),
        })?;
        Self::parse(&text, path)
    }

    /// The cluster the dashboard opens when `--cluster` is not given.
    pub fn default_cluster(&self) -> &str {
        &self.default_cluster
    }
}

/// A scenario file that could not be used: the file, where and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The file.
    pub(crate) path: PathBuf,
    /// 1-based line, when known.
    pub(crate) line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub(crate) column: Option<usize>,
    /// What is wrong.
    pub(crate) message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid scenario {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests;
