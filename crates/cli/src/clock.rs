//! The time commands stamp their output with: `SOURCE_DATE_EPOCH` when it is
//! set (reproducible output), else the system clock.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use gg_render::RenderTime;

/// `SOURCE_DATE_EPOCH` when set, else now.
pub(crate) fn now() -> anyhow::Result<RenderTime> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds"))?,
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
            }),
    };
    Ok(RenderTime::from_unix_seconds(seconds))
}

/// The UTC calendar date of `time`, `YYYY-MM-DD`.
pub(crate) fn calendar_date(time: RenderTime) -> String {
    let (year, month, day) = time.date();
    format!("{year:04}-{month:02}-{day:02}")
}
