//! What the answers were: latencies per second of the run (by when each
//! request was due), answer codes and failures, and their summaries.

use std::collections::BTreeMap;
use std::time::Duration;

use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// The longest latency recorded exactly; longer ones count as this.
const LONGEST_MICROS: u64 = 120_000_000;

/// Per-second latency histograms (two significant digits: 1 % steps).
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    seconds: Vec<Second>,
    /// An empty histogram of the seconds' shape, to sum spans into.
    empty: Histogram<u64>,
    /// Why requests failed, and how often.
    reasons: BTreeMap<String, u64>,
}

/// One second of the run.
#[derive(Debug, Clone)]
struct Second {
    latency: Histogram<u64>,
    non_2xx: u64,
    failed: u64,
}

impl Second {
    fn new() -> Result<Self, hdrhistogram::CreationError> {
        Ok(Self {
            latency: Histogram::new_with_bounds(1, LONGEST_MICROS, 2)?,
            non_2xx: 0,
            failed: 0,
        })
    }
}

impl Recorder {
    /// Room for a run of `length`.
    pub(crate) fn new(length: Duration) -> Result<Self, hdrhistogram::CreationError> {
        let whole = length.as_secs() + u64::from(length.subsec_nanos() > 0);
        let count = usize::try_from(whole).unwrap_or(usize::MAX);
        let seconds = (0..count)
            .map(|_| Second::new())
            .collect::<Result<_, _>>()?;
        let empty = Second::new()?.latency;
        Ok(Self {
            seconds,
            empty,
            reasons: BTreeMap::new(),
        })
    }

    /// Records an answer with `status` to a request that was due `due`
    /// after the start and answered `latency` later.
    pub(crate) fn record(&mut self, due: Duration, latency: Duration, status: u16) {
        let Some(second) = self.second(due) else {
            return;
        };
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        second
            .latency
            .saturating_record(micros.clamp(1, LONGEST_MICROS));
        if !(200..300).contains(&status) {
            second.non_2xx += 1;
        }
    }

    /// Records a request due `due` after the start that got no answer.
    pub(crate) fn fail(&mut self, due: Duration, reason: String) {
        if let Some(second) = self.second(due) {
            second.failed += 1;
            *self.reasons.entry(reason).or_default() += 1;
        }
    }

    fn second(&mut self, due: Duration) -> Option<&mut Second> {
        self.seconds.get_mut(usize::try_from(due.as_secs()).ok()?)
    }

    /// Why requests failed, and how often.
    pub(crate) fn reasons(&self) -> &BTreeMap<String, u64> {
        &self.reasons
    }

    /// The summary of seconds `[from, to)` (clamped to the run).
    pub(crate) fn span(&self, from: usize, to: usize) -> Summary {
        let mut summary = Summary {
            latency: Histogram::new_from(&self.empty),
            non_2xx: 0,
            failed: 0,
            seconds: 0,
        };
        let to = to.min(self.seconds.len());
        for second in self.seconds.get(from.min(to)..to).unwrap_or_default() {
            // Both histograms have the same bounds: adding cannot fail.
            let _ = summary.latency.add(&second.latency);
            summary.non_2xx += second.non_2xx;
            summary.failed += second.failed;
        }
        summary.seconds = to.saturating_sub(from);
        summary
    }

    /// How many seconds the recorder covers.
    pub(crate) fn len(&self) -> usize {
        self.seconds.len()
    }
}

/// Requests, failures and latency percentiles over a span of seconds.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    latency: Histogram<u64>,
    /// Answers that were not 2xx.
    pub(crate) non_2xx: u64,
    /// Requests without an answer.
    pub(crate) failed: u64,
    seconds: usize,
}

impl Summary {
    /// Answered requests.
    pub(crate) fn answered(&self) -> u64 {
        self.latency.len()
    }

    /// Answers per second.
    pub(crate) fn rate(&self) -> f64 {
        if self.seconds == 0 {
            0.0
        } else {
            self.answered() as f64 / self.seconds as f64
        }
    }

    /// The latency at `quantile` (0–1) in milliseconds.
    pub(crate) fn millis_at(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }

    /// The longest latency in milliseconds.
    pub(crate) fn longest_millis(&self) -> f64 {
        self.latency.max() as f64 / 1000.0
    }

    /// The summary as JSON (times in milliseconds).
    pub(crate) fn json(&self) -> Value {
        json!({
            "seconds": self.seconds,
            "answered": self.answered(),
            "rate": self.rate(),
            "non_2xx": self.non_2xx,
            "failed": self.failed,
            "p50_ms": self.millis_at(0.5),
            "p90_ms": self.millis_at(0.9),
            "p99_ms": self.millis_at(0.99),
            "p999_ms": self.millis_at(0.999),
            "max_ms": self.longest_millis(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn latencies_land_in_the_second_they_were_due() {
        let mut recorder = Recorder::new(Duration::from_secs(3)).unwrap();
        recorder.record(ms(100), ms(1), 200);
        recorder.record(ms(1_500), ms(40), 200);
        recorder.record(ms(1_600), ms(2), 503);
        recorder.fail(ms(2_100), "refused".to_owned());
        let first = recorder.span(0, 1);
        assert_eq!(first.answered(), 1);
        assert!((first.millis_at(0.99) - 1.0).abs() < 0.02);
        let second = recorder.span(1, 2);
        assert_eq!((second.answered(), second.non_2xx), (2, 1));
        assert!((second.longest_millis() - 40.0).abs() < 0.5);
        let all = recorder.span(0, recorder.len());
        assert_eq!((all.answered(), all.non_2xx, all.failed), (3, 1, 1));
        assert_eq!(recorder.reasons().get("refused"), Some(&1));
    }

    #[test]
    fn requests_due_after_the_run_are_dropped_and_spans_clamp() {
        let mut recorder = Recorder::new(Duration::from_secs(1)).unwrap();
        recorder.record(ms(5_000), ms(1), 200);
        assert_eq!(recorder.span(0, 100).answered(), 0);
        assert_eq!(recorder.span(50, 10).answered(), 0);
        assert_eq!(recorder.span(1, 1).rate(), 0.0);
    }
}
