//! The fleet: every cluster of every configured account and region at once
//! (`:fleet`), and what runs where (`:promotion`).
//!
//! A [`Fleet`] holds one [`Member`] per account (profile) and region: its
//! source and its API budget, the one bucket set every view of that account
//! and region draws on (the services view after a drill-down too). No UI
//! here: [`refresh`] fetches, [`summary`] orders, [`promotion`] compares.

pub(crate) mod data;
pub(crate) mod promotion;
pub mod refresh;
pub(crate) mod summary;
#[cfg(test)]
mod tests;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::budget::{Budget, BudgetConfig};
use crate::source::Backend;

/// One account (profile) in one region.
pub struct Member {
    /// The profile name (or the simulated account's name).
    pub account: String,
    /// The region.
    pub region: String,
    /// Its source, shared with the services view once drilled into.
    pub source: Arc<dyn Backend>,
    /// Its budget, shared by every view of this account and region.
    budget: Arc<Mutex<Budget>>,
}

impl Member {
    /// A member with a full budget at `now`.
    pub fn new(
        account: String,
        region: String,
        source: Arc<dyn Backend>,
        budget: &BudgetConfig,
        now: Instant,
    ) -> Self {
        Self {
            account,
            region,
            source,
            budget: Arc::new(Mutex::new(Budget::new(budget, now))),
        }
    }

    /// The budget of this account and region.
    pub(crate) fn budget(&self) -> Arc<Mutex<Budget>> {
        Arc::clone(&self.budget)
    }
}

/// The configured accounts and regions.
#[derive(Default)]
pub struct Fleet {
    members: Vec<Member>,
}

impl std::fmt::Debug for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.members.iter().map(|m| (&m.account, &m.region)))
            .finish()
    }
}

impl Fleet {
    /// A fleet of `members`, in display order.
    pub fn new(members: Vec<Member>) -> Self {
        Self { members }
    }

    /// The members, in display order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The member whose source is `source` (the same object).
    pub(crate) fn member_of(&self, source: &Arc<dyn Backend>) -> Option<&Member> {
        let ptr = Arc::as_ptr(source).cast::<()>();
        self.members
            .iter()
            .find(|m| Arc::as_ptr(&m.source).cast::<()>() == ptr)
    }

    /// The member of `account` in `region`.
    pub(crate) fn find(&self, account: &str, region: &str) -> Option<&Member> {
        self.members
            .iter()
            .find(|m| m.account == account && m.region == region)
    }
}
