//! What both agreement harnesses (k8app's and the platform charts') do alike
//! besides running Helm: numbers the environment may set, and the work
//! spread over the machine's threads.

use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The number the environment variable `name` holds, else `default`.
pub(crate) fn number_from_env<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(default)
}

/// Runs `work` on every item, on as many threads as the machine has, each
/// taking the next item not yet taken, and folds each result with its item's
/// index into one report by `record` (one result at a time, in the order
/// they finish).
pub(crate) fn in_parallel<T: Sync, F, R: Default + Send>(
    items: &[T],
    work: impl Fn(&T) -> F + Sync,
    record: impl Fn(&mut R, usize, &T, F) + Sync,
) -> R {
    let next = AtomicUsize::new(0);
    let report = Mutex::new(R::default());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else {
                        break;
                    };
                    let found = work(item);
                    let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
                    record(&mut report, index, item, found);
                }
            });
        }
    });
    report.into_inner().unwrap_or_else(|e| e.into_inner())
}
