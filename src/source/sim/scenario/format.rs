//! The scenario file format (TOML, see docs/scenarios.md) and its checks:
//! a file is read into these types with the spans of the values the checks
//! refer to, then checked into a [`Scenario`].

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::deployment::DeploymentEntry;
use super::{AccountSpec, AlarmSpec, FamilySpec, Scenario, ServiceSpec};
use crate::source::sim::metrics::AlarmMetric;
use crate::source::sim::world::Kind;

/// Most tasks one scenario service may ask for (a typo guard, not an ECS limit).
const MAX_DESIRED: u32 = 1000;
/// Most revisions one family may register.
const MAX_REVISIONS: u32 = 1000;
/// Longest cluster, service, family or alarm name (the ECS limit).
const MAX_NAME: usize = 255;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    clusters: Spanned<Vec<Spanned<String>>>,
    default_cluster: Option<Spanned<String>>,
    generated_cluster: Option<Spanned<String>>,
    #[serde(default)]
    families: Vec<FamilyEntry>,
    #[serde(default)]
    services: Vec<ServiceEntry>,
    #[serde(default)]
    alarms: Vec<AlarmEntry>,
    #[serde(default)]
    accounts: Vec<AccountEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountEntry {
    name: Spanned<String>,
    region: Spanned<String>,
    clusters: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyEntry {
    name: Spanned<String>,
    kind: KindEntry,
    latest: Spanned<u32>,
    #[serde(default)]
    bad: Vec<Spanned<u32>>,
    #[serde(default)]
    sidecar: bool,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum KindEntry {
    Web,
    Worker,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    cluster: Spanned<String>,
    name: Spanned<String>,
    desired: Spanned<u32>,
    revision: Spanned<u32>,
    rollout_to: Option<Spanned<u32>>,
    #[serde(default)]
    flaky: bool,
    cpu: Spanned<f64>,
    memory: Spanned<f64>,
    requests_per_minute: Option<Spanned<f64>>,
    deployment: Option<DeploymentEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AlarmEntry {
    name: Spanned<String>,
    cluster: Spanned<String>,
    service: Spanned<String>,
    metric: MetricEntry,
    threshold: Spanned<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum MetricEntry {
    #[serde(rename = "errors-5xx")]
    Errors5xx,
    MemoryMax,
    UnhealthyHosts,
}

/// A check that failed: where (a byte range of the file) and what.
#[derive(Debug)]
pub(super) struct Invalid {
    pub(super) span: Range<usize>,
    pub(super) message: String,
}

pub(super) fn invalid<T>(span: Range<usize>, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid {
        span,
        message: message.into(),
    })
}

impl File {
    /// Checks the file and turns it into a scenario.
    pub(super) fn check(self) -> Result<Scenario, Invalid> {
        let mut clusters = Vec::new();
        for c in self.clusters.get_ref() {
            check_name(c, "cluster")?;
            if clusters.contains(c.get_ref()) {
                return invalid(c.span(), format!("cluster `{c}` is listed twice"));
            }
            clusters.push(c.get_ref().clone());
        }
        let Some(first) = clusters.first().cloned() else {
            return invalid(self.clusters.span(), "`clusters` lists no cluster");
        };
        let known_cluster = |c: &Spanned<String>| {
            if clusters.contains(c.get_ref()) {
                Ok(c.get_ref().clone())
            } else {
                invalid(
                    c.span(),
                    format!(
                        "no cluster named `{c}`; `clusters` lists {}",
                        clusters.join(", ")
                    ),
                )
            }
        };
        let default_cluster = match &self.default_cluster {
            Some(c) => known_cluster(c)?,
            None => first.clone(),
        };
        let generated_cluster = match &self.generated_cluster {
            Some(c) => known_cluster(c)?,
            None => first,
        };
        let families = check_families(self.families)?;
        let mut services: Vec<ServiceSpec> = Vec::new();
        for s in self.services {
            let cluster = known_cluster(&s.cluster)?;
            check_own_name(&s.name, "service")?;
            let name = s.name.get_ref().clone();
            if services
                .iter()
                .any(|o| o.cluster == cluster && o.name == name)
            {
                return invalid(
                    s.name.span(),
                    format!("service `{name}` is listed twice in cluster `{cluster}`"),
                );
            }
            let Some(family) = families.iter().find(|f| f.name == name) else {
                return invalid(
                    s.name.span(),
                    format!(
                        "no family named `{name}`: a service runs the family of its name; add a [[families]] entry"
                    ),
                );
            };
            let desired = *s.desired.get_ref();
            if desired > MAX_DESIRED {
                return invalid(
                    s.desired.span(),
                    format!("desired {desired} is more than {MAX_DESIRED}"),
                );
            }
            let revision = check_revision(&s.revision, family)?;
            let rollout_to = match &s.rollout_to {
                Some(r) => {
                    let to = check_revision(r, family)?;
                    if to == revision {
                        return invalid(
                            r.span(),
                            format!("rollout_to {to} is the revision the service already runs"),
                        );
                    }
                    Some(to)
                }
                None => None,
            };
            if let (Some(r), Some(d)) = (&s.rollout_to, &s.deployment)
                && d.refuses_rollout_to()
            {
                return invalid(
                    r.span(),
                    "rollout_to starts a rolling deployment; with a [services.deployment] strategy use its `in_progress` and `to`",
                );
            }
            let deployment = match s.deployment {
                Some(d) => Some(d.check(family, revision)?),
                None => None,
            };
            services.push(ServiceSpec {
                cluster,
                name,
                kind: family.kind,
                desired,
                revision,
                rollout_to,
                flaky: s.flaky,
                cpu: check_percent(&s.cpu, "cpu")?,
                mem: check_percent(&s.memory, "memory")?,
                rpm: match &s.requests_per_minute {
                    Some(r) => check_rate(r)?,
                    None => 0.0,
                },
                deployment,
            });
        }
        let mut alarms: Vec<AlarmSpec> = Vec::new();
        for a in self.alarms {
            check_name(&a.name, "alarm")?;
            let name = a.name.get_ref().clone();
            if alarms.iter().any(|o| o.name == name) {
                return invalid(a.name.span(), format!("alarm `{name}` is listed twice"));
            }
            let cluster = known_cluster(&a.cluster)?;
            let service = a.service.get_ref().clone();
            if !services
                .iter()
                .any(|s| s.cluster == cluster && s.name == service)
            {
                return invalid(
                    a.service.span(),
                    format!("no service `{service}` in cluster `{cluster}`"),
                );
            }
            let metric = match a.metric {
                MetricEntry::Errors5xx => AlarmMetric::Errors5xx,
                MetricEntry::MemoryMax => AlarmMetric::MemoryMax,
                MetricEntry::UnhealthyHosts => AlarmMetric::UnhealthyHosts,
            };
            alarms.push(AlarmSpec {
                name,
                cluster,
                service,
                metric,
                threshold: check_threshold(&a.threshold, metric)?,
            });
        }
        let accounts = check_accounts(self.accounts, &clusters, self.clusters.span())?;
        Ok(Scenario {
            clusters,
            default_cluster,
            generated_cluster,
            families,
            services,
            alarms,
            accounts,
        })
    }
}

/// Accounts: each holds known clusters, each cluster in one account; when
/// any account is given, every cluster is in one.
fn check_accounts(
    entries: Vec<AccountEntry>,
    clusters: &[String],
    clusters_span: Range<usize>,
) -> Result<Vec<AccountSpec>, Invalid> {
    let mut out: Vec<AccountSpec> = Vec::new();
    for a in entries {
        check_name(&a.name, "account")?;
        let name = a.name.get_ref().clone();
        if out.iter().any(|o| o.name == name) {
            return invalid(a.name.span(), format!("account `{name}` is listed twice"));
        }
        let region = a.region.get_ref();
        let region_ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if region.is_empty() || region.len() > 32 || !region.chars().all(region_ok) {
            return invalid(
                a.region.span(),
                "region must be 1 to 32 lower-case letters, digits or hyphens, e.g. eu-west-1",
            );
        }
        let mut own = Vec::new();
        for c in a.clusters.get_ref() {
            if !clusters.contains(c.get_ref()) {
                return invalid(
                    c.span(),
                    format!(
                        "no cluster named `{c}`; `clusters` lists {}",
                        clusters.join(", ")
                    ),
                );
            }
            if own.contains(c.get_ref()) || out.iter().any(|o| o.clusters.contains(c.get_ref())) {
                return invalid(c.span(), format!("cluster `{c}` is in two accounts"));
            }
            own.push(c.get_ref().clone());
        }
        if own.is_empty() {
            return invalid(
                a.clusters.span(),
                format!("account `{name}` holds no cluster"),
            );
        }
        out.push(AccountSpec {
            name,
            region: region.clone(),
            clusters: own,
        });
    }
    if !out.is_empty()
        && let Some(c) = clusters
            .iter()
            .find(|c| !out.iter().any(|a| a.clusters.contains(c)))
    {
        return invalid(clusters_span, format!("cluster `{c}` is in no account"));
    }
    Ok(out)
}

fn check_families(entries: Vec<FamilyEntry>) -> Result<Vec<FamilySpec>, Invalid> {
    let mut out: Vec<FamilySpec> = Vec::new();
    for f in entries {
        check_own_name(&f.name, "family")?;
        let name = f.name.get_ref().clone();
        if out.iter().any(|o| o.name == name) {
            return invalid(f.name.span(), format!("family `{name}` is listed twice"));
        }
        let latest = *f.latest.get_ref();
        if !(1..=MAX_REVISIONS).contains(&latest) {
            return invalid(
                f.latest.span(),
                format!("latest must be 1 to {MAX_REVISIONS}, not {latest}"),
            );
        }
        let mut bad = BTreeSet::new();
        for b in &f.bad {
            let rev = *b.get_ref();
            if !(1..=latest).contains(&rev) {
                return invalid(
                    b.span(),
                    format!("bad revision {rev} is not registered (1 to {latest})"),
                );
            }
            bad.insert(rev);
        }
        out.push(FamilySpec {
            name,
            latest,
            bad: bad.into_iter().collect(),
            sidecar: f.sidecar,
            kind: match f.kind {
                KindEntry::Web => Kind::Web,
                KindEntry::Worker => Kind::Worker,
            },
        });
    }
    Ok(out)
}

pub(super) fn check_revision(r: &Spanned<u32>, family: &FamilySpec) -> Result<u32, Invalid> {
    let rev = *r.get_ref();
    if (1..=family.latest).contains(&rev) {
        Ok(rev)
    } else {
        invalid(
            r.span(),
            format!(
                "revision {rev} of `{}` is not registered (1 to {})",
                family.name, family.latest
            ),
        )
    }
}

fn check_percent(v: &Spanned<f64>, key: &str) -> Result<f64, Invalid> {
    let x = *v.get_ref();
    if (0.0..=100.0).contains(&x) {
        Ok(x)
    } else {
        invalid(v.span(), format!("{key} must be a percentage, 0 to 100"))
    }
}

/// An alarm's threshold: a percentage for memory, a count (0 or more) for
/// the others, so the line drawn on its chart is one the metric can reach.
fn check_threshold(v: &Spanned<f64>, metric: AlarmMetric) -> Result<f64, Invalid> {
    let x = *v.get_ref();
    match metric {
        AlarmMetric::MemoryMax => check_percent(v, "a memory-max threshold"),
        AlarmMetric::Errors5xx | AlarmMetric::UnhealthyHosts if x.is_finite() && x >= 0.0 => Ok(x),
        AlarmMetric::Errors5xx | AlarmMetric::UnhealthyHosts => {
            invalid(v.span(), "threshold must be a finite number, 0 or more")
        }
    }
}

fn check_rate(v: &Spanned<f64>) -> Result<f64, Invalid> {
    let x = *v.get_ref();
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        invalid(
            v.span(),
            "requests_per_minute must be a finite number, 0 or more",
        )
    }
}

/// ECS names: 1 to 255 letters, digits, hyphens and underscores.
pub(super) fn check_name(name: &Spanned<String>, what: &str) -> Result<(), Invalid> {
    let n = name.get_ref();
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if n.is_empty() || n.len() > MAX_NAME || !n.chars().all(allowed) {
        return invalid(
            name.span(),
            format!("{what} name must be 1 to {MAX_NAME} letters, digits, hyphens or underscores"),
        );
    }
    Ok(())
}

/// [`check_name`] for a service or family, whose names must not clash with
/// the ones `--demo-services` generates (`svc-` and digits).
fn check_own_name(name: &Spanned<String>, what: &str) -> Result<(), Invalid> {
    check_name(name, what)?;
    let generated = name
        .get_ref()
        .strip_prefix("svc-")
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if generated {
        return invalid(
            name.span(),
            format!("{what} name `{name}` is kept for the services --demo-services generates"),
        );
    }
    Ok(())
}
