//! How a waiting command lets time pass between polls.
//!
//! Time is always read from the source's clock ([`crate::source::Source::now`]);
//! a [`Pacer`] only moves it forward: by sleeping (AWS, or the simulator on a
//! scaled clock, where a virtual interval takes `interval / speed` of wall
//! time), or by stepping the simulator's manual clock, so tests wait for
//! minutes of virtual time in no wall time at all.

use std::future::Future;
#[cfg(test)]
use std::sync::Arc;
use std::time::Duration;

#[cfg(test)]
use crate::source::sim::SimSource;

/// Lets `d` of source time pass.
pub(crate) trait Pacer: Send {
    /// Returns once about `d` of source time has passed.
    fn pause(&mut self, d: Duration) -> impl Future<Output = ()> + Send;
}

/// Sleeps in real time, divided by a speed factor (1.0 for AWS; the demo speed
/// for the simulator on a scaled clock).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sleep {
    /// Source seconds per wall second.
    pub(crate) speed: f64,
}

impl Sleep {
    /// Real time (AWS).
    pub(crate) const REAL_TIME: Sleep = Sleep { speed: 1.0 };
}

impl Pacer for Sleep {
    async fn pause(&mut self, d: Duration) {
        let speed = if self.speed.is_finite() && self.speed > 0.0 {
            self.speed
        } else {
            1.0
        };
        tokio::time::sleep(d.div_f64(speed)).await;
    }
}

/// Steps a simulator on a manual clock (`SimConfig { speed: None, .. }`).
#[derive(Clone)]
#[cfg(test)]
pub(crate) struct StepSim(pub Arc<SimSource>);

#[cfg(test)]
impl Pacer for StepSim {
    async fn pause(&mut self, d: Duration) {
        self.0.advance(d);
    }
}
