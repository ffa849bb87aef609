//! When each request is due: a constant rate spread over the connections.
//!
//! Connection `i` of `n` sends its `k`-th request at `(k·n + i) / rate`
//! seconds after the start, so the connections together send one request
//! every `1 / rate` seconds and no connection borrows another's slots. A
//! request is due at its time whether or not the connection is free: the
//! latency of a late one counts from when it was due (no coordinated
//! omission).

use std::time::Duration;

/// The due times of one connection's requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Schedule {
    first: Duration,
    period: Duration,
    end: Duration,
}

impl Schedule {
    /// The schedule of connection `index` of `connections` at `rate`
    /// requests per second over `length`; `None` when the rate is not a
    /// positive finite number.
    pub(crate) fn new(
        rate: f64,
        connections: usize,
        index: usize,
        length: Duration,
    ) -> Option<Self> {
        if !(rate.is_finite() && rate > 0.0) {
            return None;
        }
        let step = 1.0 / rate;
        Some(Self {
            first: Duration::try_from_secs_f64(step * index as f64).ok()?,
            period: Duration::try_from_secs_f64(step * connections.max(1) as f64).ok()?,
            end: length,
        })
    }

    /// When request `k` is due, as an offset from the start; `None` once
    /// it would fall after the end.
    pub(crate) fn due(&self, k: u32) -> Option<Duration> {
        let due = self.first.checked_add(self.period.checked_mul(k)?)?;
        (due < self.end).then_some(due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_interleave_at_the_rate() {
        let length = Duration::from_secs(1);
        let mut all: Vec<Duration> = (0..4)
            .filter_map(|i| Schedule::new(1000.0, 4, i, length))
            .flat_map(|s| (0..).map_while(move |k| s.due(k)))
            .collect();
        all.sort();
        assert_eq!(all.len(), 1000);
        for (n, due) in all.iter().enumerate() {
            let expected = n as f64 / 1000.0;
            assert!((due.as_secs_f64() - expected).abs() < 1e-6, "{n}: {due:?}");
        }
    }

    #[test]
    fn nothing_is_due_after_the_end() {
        let s = Schedule::new(10.0, 1, 0, Duration::from_millis(250));
        let due: Vec<_> = s
            .iter()
            .flat_map(|s| (0..).map_while(move |k| s.due(k)))
            .collect();
        assert_eq!(due.len(), 3);
    }

    #[test]
    fn a_rate_that_is_not_positive_has_no_schedule() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(Schedule::new(rate, 4, 0, Duration::from_secs(1)), None);
        }
    }
}
