//! Fault injection: decides, per call and deterministically from the seed,
//! whether a call fails (throttling, server error, expired credentials).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Faults;
use crate::source::{ErrorKind, SourceError};

/// The per-call fault decision state.
#[derive(Debug)]
pub(crate) struct FaultGate {
    faults: Faults,
    rng: ChaCha8Rng,
}

impl FaultGate {
    /// A gate with its own random stream derived from `seed`.
    pub(crate) fn new(seed: u64, faults: Faults) -> Self {
        Self {
            faults,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0xfa17_5eed_0000_0001),
        }
    }

    /// The current knobs.
    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Replaces the knobs.
    pub(crate) fn set(&mut self, faults: Faults) {
        self.faults = faults;
    }

    /// Decides the fate of one call of `operation`.
    pub(crate) fn check(&mut self, operation: &str) -> Result<(), SourceError> {
        if self.faults.expired_credentials {
            return Err(SourceError::new(
                ErrorKind::Credentials,
                operation,
                "ExpiredTokenException: The security token included in the request is expired",
            )
            .with_hint("refresh your credentials (e.g. aws sso login)"));
        }
        let throttle = self.faults.throttle_rate.clamp(0.0, 1.0);
        if throttle > 0.0 && self.rng.random_bool(throttle) {
            return Err(SourceError::new(
                ErrorKind::Throttled,
                operation,
                "ThrottlingException: Rate exceeded",
            ));
        }
        let error = self.faults.error_rate.clamp(0.0, 1.0);
        if error > 0.0 && self.rng.random_bool(error) {
            return Err(SourceError::new(
                ErrorKind::Server,
                operation,
                "InternalFailure: The request processing has failed because of an unknown error (HTTP 500)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_faults_never_fail() {
        let mut g = FaultGate::new(1, Faults::default());
        assert!((0..100).all(|_| g.check("ecs:ListServices").is_ok()));
    }

    #[test]
    fn rates_apply_roughly_and_deterministically() {
        let f = Faults {
            error_rate: 0.5,
            ..Faults::default()
        };
        let mut a = FaultGate::new(3, f.clone());
        let mut b = FaultGate::new(3, f);
        let ra: Vec<bool> = (0..200).map(|_| a.check("x").is_ok()).collect();
        let rb: Vec<bool> = (0..200).map(|_| b.check("x").is_ok()).collect();
        assert_eq!(ra, rb);
        let ok = ra.iter().filter(|x| **x).count();
        assert!((60..140).contains(&ok), "{ok}");
    }

    #[test]
    fn expired_credentials_win() {
        let mut g = FaultGate::new(
            1,
            Faults {
                expired_credentials: true,
                ..Faults::default()
            },
        );
        let e = g.check("ecs:ListClusters").err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::Credentials));
    }
}
