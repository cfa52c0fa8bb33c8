//! The virtual clock: real time scaled by a speed factor (the demo), or a manual
//! clock that only moves when a test steps it.

use std::time::{Duration, Instant};

use chrono::TimeZone;

use crate::model::Time;

/// The fixed epoch of a manual clock: 2026-01-01T12:00:00Z.
pub(crate) fn manual_epoch() -> Time {
    chrono::Utc
        .with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Where virtual time comes from.
#[derive(Debug)]
pub(crate) enum Clock {
    /// Real elapsed time × `speed`, counted from `real_start`.
    Scaled {
        /// Virtual time at `real_start`.
        origin: Time,
        /// When the clock started.
        real_start: Instant,
        /// Virtual seconds per real second.
        speed: f64,
    },
    /// Virtual time moved only by [`Clock::advance`].
    Manual {
        /// The current virtual time.
        now: Time,
    },
}

impl Clock {
    /// A scaled clock starting at `origin` now.
    pub(crate) fn scaled(origin: Time, speed: f64) -> Self {
        let speed = if speed.is_finite() && speed > 0.0 {
            speed
        } else {
            1.0
        };
        Clock::Scaled {
            origin,
            real_start: Instant::now(),
            speed,
        }
    }

    /// A manual clock at `origin`.
    pub(crate) fn manual(origin: Time) -> Self {
        Clock::Manual { now: origin }
    }

    /// Where the world should be now.
    pub(crate) fn target(&self) -> Time {
        match self {
            Clock::Scaled {
                origin,
                real_start,
                speed,
            } => {
                let virt = real_start.elapsed().as_secs_f64() * speed;
                let millis = (virt * 1000.0).min(i64::MAX as f64 / 2.0) as i64;
                *origin + chrono::Duration::milliseconds(millis)
            }
            Clock::Manual { now } => *now,
        }
    }

    /// Steps a manual clock; a scaled clock ignores this (its time is real time).
    pub(crate) fn advance(&mut self, d: Duration) {
        if let Clock::Manual { now } = self {
            *now += chrono::Duration::from_std(d).unwrap_or(chrono::Duration::zero());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let mut c = Clock::manual(manual_epoch());
        assert_eq!(c.target(), manual_epoch());
        c.advance(Duration::from_secs(5));
        assert_eq!(c.target(), manual_epoch() + chrono::Duration::seconds(5));
        assert_eq!(manual_epoch().to_rfc3339(), "2026-01-01T12:00:00+00:00");
    }

    #[test]
    fn scaled_clock_never_goes_backwards() {
        let c = Clock::scaled(manual_epoch(), 100.0);
        let a = c.target();
        let b = c.target();
        assert!(b >= a && a >= manual_epoch());
    }
}
