//! Wall-time samples and their summary.

use std::time::Duration;

/// The wall times of repeated runs of one thing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Samples {
    times: Vec<Duration>,
}

impl Samples {
    /// Records one run.
    pub(crate) fn push(&mut self, time: Duration) {
        self.times.push(time);
    }

    /// The fastest run (the least disturbed by other load on the machine).
    pub(crate) fn min(&self) -> Duration {
        self.times.iter().min().copied().unwrap_or_default()
    }

    /// The median run (the upper middle one for an even count).
    pub(crate) fn median(&self) -> Duration {
        let mut sorted = self.times.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }
}

/// Milliseconds with microsecond precision.
pub(crate) fn millis(time: Duration) -> f64 {
    (time.as_micros() as f64) / 1000.0
}

/// `part / whole`, 0 when `whole` is zero.
pub(crate) fn ratio(part: Duration, whole: Duration) -> f64 {
    if whole.is_zero() {
        0.0
    } else {
        part.as_secs_f64() / whole.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(ms: &[u64]) -> Samples {
        let mut samples = Samples::default();
        ms.iter()
            .for_each(|&m| samples.push(Duration::from_millis(m)));
        samples
    }

    #[test]
    fn min_and_median() {
        let s = samples(&[30, 10, 20, 50, 40]);
        assert_eq!(s.min(), Duration::from_millis(10));
        assert_eq!(s.median(), Duration::from_millis(30));
        assert_eq!(samples(&[4, 2]).median(), Duration::from_millis(4));
    }

    #[test]
    fn empty_samples_are_zero() {
        assert_eq!(Samples::default().min(), Duration::ZERO);
        assert_eq!(Samples::default().median(), Duration::ZERO);
        assert!(ratio(Duration::from_millis(3), Duration::ZERO).abs() < f64::EPSILON);
    }

    #[test]
    fn ratio_and_millis() {
        assert!((ratio(Duration::from_millis(30), Duration::from_millis(10)) - 3.0).abs() < 1e-9);
        assert!((millis(Duration::from_micros(1500)) - 1.5).abs() < 1e-9);
    }
}
