//! The confirm overlay's state: the one path every dangerous action takes.

use crate::diff::DiffLine;
use crate::ops::{Op, parse_bounds, parse_count};

/// Where the user is in the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Typing the new desired count (scale).
    Count,
    /// Typing the service name (protected clusters).
    TypeName,
    /// Press y / enter to send, n / esc to cancel.
    Confirm,
}

/// A pending dangerous action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The op, once fully specified (scale: once the count is valid).
    pub(crate) op: Option<Op>,
    /// Current stage.
    pub(crate) stage: Stage,
    /// Scale: cluster, service and current desired count.
    pub(crate) scale: Option<(String, String, u32)>,
    /// Scale: the count being typed.
    pub(crate) count: String,
    /// Protected clusters: the service name being typed.
    pub(crate) typed: String,
    /// Whether the cluster is protected.
    pub(crate) protected: bool,
    /// A validation message.
    pub(crate) error: Option<String>,
    /// Extra context lines (e.g. a deployment in progress).
    pub(crate) notes: Vec<String>,
    /// Rollback: the diff running → target.
    pub(crate) diff: Vec<DiffLine>,
    /// Highest desired count allowed.
    pub(crate) max_scale: u32,
    /// Scale of an autoscaled service: its minimum and maximum.
    pub(crate) autoscaling: Option<(u32, u32)>,
}

impl Confirm {
    /// Whether the current step takes typed text (the count, the service name).
    pub(crate) fn takes_text(&self) -> bool {
        matches!(self.stage, Stage::Count | Stage::TypeName)
    }

    /// Confirmation of a fully specified op.
    pub(crate) fn op(op: Op, protected: bool) -> Self {
        Self {
            op: Some(op),
            stage: if protected {
                Stage::TypeName
            } else {
                Stage::Confirm
            },
            scale: None,
            count: String::new(),
            typed: String::new(),
            protected,
            error: None,
            notes: Vec::new(),
            diff: Vec::new(),
            max_scale: 0,
            autoscaling: None,
        }
    }

    /// A scale: starts by asking for the count.
    pub(crate) fn scale(
        cluster: String,
        service: String,
        from: u32,
        max: u32,
        protected: bool,
    ) -> Self {
        Self {
            op: None,
            stage: Stage::Count,
            scale: Some((cluster, service, from)),
            count: String::new(),
            typed: String::new(),
            protected,
            error: None,
            notes: Vec::new(),
            diff: Vec::new(),
            max_scale: max,
            autoscaling: None,
        }
    }

    /// A scale of a service whose desired count Application Auto Scaling
    /// owns: says so, and takes `MIN-MAX` (new bounds) or a count within them.
    pub(crate) fn autoscaled(mut self, min: u32, max: u32) -> Self {
        self.autoscaling = Some((min, max));
        self.notes = vec![
            format!("⚠ Autoscaling owns this desired count (min {min}, max {max})."),
            format!(
                "Type MIN-MAX (e.g. {min}-{}) to change the bounds (RegisterScalableTarget),",
                max + 1
            ),
            format!("or a count within [{min}, {max}]: the next evaluation may change it."),
        ];
        self
    }

    /// The service the op acts on.
    pub(crate) fn service(&self) -> Option<&str> {
        self.op
            .as_ref()
            .map(Op::service)
            .or(self.scale.as_ref().map(|(_, s, _)| s.as_str()))
    }

    /// Validates the typed count and builds the scale op; moves on when valid.
    pub(crate) fn submit_count(&mut self) {
        let Some((cluster, service, from)) = self.scale.clone() else {
            return;
        };
        if let Some((min, max)) = self.autoscaling {
            if self.count.contains('-') {
                match parse_bounds(&self.count, self.max_scale) {
                    Ok(to) => {
                        self.op = Some(Op::ScalingBounds {
                            cluster,
                            service,
                            from: (min, max),
                            to,
                        });
                        // The op's effect says it all now.
                        self.notes.clear();
                        self.next_stage();
                    }
                    Err(e) => {
                        self.op = None;
                        self.error = Some(e);
                    }
                }
                return;
            }
            if let Ok(n) = parse_count(&self.count, self.max_scale)
                && !(min..=max).contains(&n)
            {
                self.op = None;
                self.error = Some(format!(
                    "{n} is outside [{min}, {max}]: autoscaling would set it back; type MIN-MAX to change the bounds"
                ));
                return;
            }
            self.notes = vec![format!(
                "⚠ Autoscaling owns this desired count (min {min}, max {max}): its next evaluation may change it."
            )];
        }
        match parse_count(&self.count, self.max_scale) {
            Ok(to) => {
                self.op = Some(Op::Scale {
                    cluster,
                    service,
                    from,
                    to,
                });
                self.next_stage();
            }
            Err(e) => {
                self.op = None;
                self.error = Some(e);
            }
        }
    }

    /// A valid op is ready: on to the name check (protected) or the confirm key.
    fn next_stage(&mut self) {
        self.error = None;
        self.stage = if self.protected {
            Stage::TypeName
        } else {
            Stage::Confirm
        };
    }

    /// Checks the typed service name; returns whether the op may be sent.
    pub(crate) fn submit_name(&mut self) -> bool {
        let matches = self.service().is_some_and(|s| s == self.typed.trim());
        if !matches {
            self.error = Some(format!(
                "type the service name ({}) exactly to confirm",
                self.service().unwrap_or_default()
            ));
        }
        matches
    }
}
