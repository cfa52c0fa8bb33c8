//! What a table is made of: its columns, each with a name (drawn in the
//! header), a sort key and a filter text. The sorter, the `column:value`
//! filter and the header read the same [`Table`], so they cannot disagree.
//! The tables themselves are described in [`super::columns`].

use std::cmp::Ordering;

use crate::model::Time;

use super::State;
use super::filter::Query;
use super::nav::filter_matches;

/// The tables whose sort the session remembers (one entry each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TableKind {
    /// The services list.
    Services,
    /// The `:scaling` table.
    Scaling,
    /// Tasks (the service detail's and `:tasks`).
    Tasks,
    /// Targets of the target groups.
    Targets,
    /// Alarms.
    Alarms,
    /// A service's events.
    Events,
    /// A service's deployments.
    Deployments,
    /// A service's service-deployment history.
    ServiceDeployments,
    /// Task definition revisions.
    Revisions,
    /// The audit log.
    Audit,
}

/// The value a column sorts by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortKey {
    /// A number (counts, percentages, ports).
    Num(f64),
    /// A time.
    Time(Time),
    /// Text, compared without case.
    Text(String),
    /// No value: last, whichever the direction.
    Missing,
}

impl SortKey {
    /// Text, compared without case (missing when empty).
    pub(crate) fn text(s: &str) -> Self {
        if s.is_empty() {
            SortKey::Missing
        } else {
            SortKey::Text(s.to_lowercase())
        }
    }

    /// A time, missing when absent.
    pub(crate) fn time(t: Option<Time>) -> Self {
        t.map_or(SortKey::Missing, SortKey::Time)
    }

    /// A number, missing when absent.
    pub(crate) fn num(n: Option<f64>) -> Self {
        n.map_or(SortKey::Missing, SortKey::Num)
    }

    /// Orders two keys; missing values go last in both directions, and keys
    /// of different kinds (which one column never mixes) compare equal.
    pub(crate) fn order(&self, other: &Self, descending: bool) -> Ordering {
        let present = match (self, other) {
            (SortKey::Missing, SortKey::Missing) => return Ordering::Equal,
            (SortKey::Missing, _) => return Ordering::Greater,
            (_, SortKey::Missing) => return Ordering::Less,
            (SortKey::Num(a), SortKey::Num(b)) => a.total_cmp(b),
            (SortKey::Time(a), SortKey::Time(b)) => a.cmp(b),
            (SortKey::Text(a), SortKey::Text(b)) => a.cmp(b),
            _ => Ordering::Equal,
        };
        if descending {
            present.reverse()
        } else {
            present
        }
    }
}

/// A table's sort: by the column of this name, in this direction. A table
/// without one keeps its own order (the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sort {
    /// The column's name.
    pub(crate) column: &'static str,
    /// Largest, newest or last in the alphabet first.
    pub(crate) descending: bool,
}

/// One column of a table of `R` rows.
pub(crate) struct Column<R> {
    /// The name in the header, in `column:value` terms and in messages.
    pub(crate) name: &'static str,
    /// Drawn after the name in the header (a legend), never matched.
    pub(crate) legend: &'static str,
    /// The value it sorts by.
    pub(crate) key: fn(&State, &R) -> SortKey,
    /// The text a `column:value` term looks into.
    pub(crate) text: fn(&State, &R) -> String,
}

impl<R> Column<R> {
    /// A column.
    pub(crate) fn new(
        name: &'static str,
        key: fn(&State, &R) -> SortKey,
        text: fn(&State, &R) -> String,
    ) -> Self {
        Self {
            name,
            legend: "",
            key,
            text,
        }
    }

    /// The same column with a legend after its name in the header.
    pub(crate) fn legend(self, legend: &'static str) -> Self {
        Self { legend, ..self }
    }
}

/// A table: its kind (where its sort is kept), its columns in header order,
/// how a row is identified (the selection follows it), and what a plain
/// filter term matches.
pub(crate) struct Table<R> {
    /// Where its sort is kept.
    pub(crate) kind: TableKind,
    /// Columns in header order.
    pub(crate) columns: Vec<Column<R>>,
    /// A row's identity.
    pub(crate) id: fn(&R) -> String,
    /// Whether a row passes a plain filter term.
    pub(crate) free: fn(&State, &R, &str) -> bool,
}

impl<R> Table<R> {
    /// The column names in header order.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// `rows` (in the table's own order) passing `filter`, in the sort the
    /// state holds for this table. The sort is stable: rows with equal
    /// keys keep their own order, in both directions.
    pub(crate) fn rows(
        &self,
        state: &State,
        rows: impl IntoIterator<Item = R>,
        filter: &str,
    ) -> Vec<R> {
        let query = Query::parse(filter, &self.names());
        let kept = rows.into_iter().filter(|r| self.passes(state, r, &query));
        let Some(sort) = state.sorts.get(&self.kind).copied() else {
            return kept.collect();
        };
        let Some(column) = self.columns.iter().find(|c| c.name == sort.column) else {
            return kept.collect();
        };
        let mut keyed: Vec<(SortKey, R)> = kept.map(|r| ((column.key)(state, &r), r)).collect();
        keyed.sort_by(|(a, _), (b, _)| a.order(b, sort.descending));
        keyed.into_iter().map(|(_, r)| r).collect()
    }

    fn passes(&self, state: &State, row: &R, query: &Query) -> bool {
        query.free.iter().all(|term| (self.free)(state, row, term))
            && query.columns.iter().all(|(i, value)| {
                value.is_empty()
                    || self
                        .columns
                        .get(*i)
                        .is_none_or(|c| filter_matches(value, &(c.text)(state, row)))
            })
    }
}

/// The sort after the cycle key on a table of columns `names`: the next
/// named column ascending, the table's own order after the last column.
pub(crate) fn next_sort(names: &[&'static str], current: Option<Sort>) -> Option<Sort> {
    let named: Vec<&'static str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
    let next = match current.and_then(|s| named.iter().position(|n| *n == s.column)) {
        None => named.first(),
        Some(i) => named.get(i + 1),
    };
    next.map(|&column| Sort {
        column,
        descending: false,
    })
}

/// The sort after the reverse key: the other direction, or the first named
/// column descending when the table is in its own order.
pub(crate) fn reversed(names: &[&'static str], current: Option<Sort>) -> Option<Sort> {
    match current {
        Some(s) => Some(Sort {
            descending: !s.descending,
            ..s
        }),
        None => names.iter().find(|n| !n.is_empty()).map(|&column| Sort {
            column,
            descending: true,
        }),
    }
}
