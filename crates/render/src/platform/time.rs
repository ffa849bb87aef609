//! The moment a render happens (a template's `now`), printed as
//! platform-core's Job names itself (`now | date "20060102-150405"`). The
//! library reads no clock: the caller passes the time in.

use std::fmt;

/// A moment in UTC, printed `YYYYMMDD-HHMMSS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RenderTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    unix: i64,
}

impl RenderTime {
    /// The moment `unix` seconds after the Unix epoch (UTC).
    pub fn from_unix_seconds(unix: i64) -> Self {
        Self { unix }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.unix
    }

    /// The UTC calendar date: year, month (1-12), day (1-31).
    pub fn date(self) -> (i64, i64, i64) {
        civil_from_days(self.unix.div_euclid(86_400))
    }
}

impl fmt::Display for RenderTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.unix.rem_euclid(86_400);
        let (year, month, day) = self.date();
        write!(
            f,
            "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
            seconds / 3600,
            seconds % 3600 / 60,
            seconds % 60
        )
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_go_formats_20060102_150405() {
        assert_eq!(
            RenderTime::from_unix_seconds(0).to_string(),
            "19700101-000000"
        );
        assert_eq!(
            RenderTime::from_unix_seconds(1_136_214_245).to_string(),
            "20060102-150405"
        );
        assert_eq!(
            RenderTime::from_unix_seconds(951_782_400).to_string(),
            "20000229-000000"
        );
        assert_eq!(
            RenderTime::from_unix_seconds(-1).to_string(),
            "19691231-235959"
        );
    }

    #[test]
    fn dates_follow_the_gregorian_calendar() {
        let date = |s| RenderTime::from_unix_seconds(s).date();
        assert_eq!(date(86_399), (1970, 1, 1));
        assert_eq!(date(951_868_800), (2000, 3, 1));
        assert_eq!(date(1_709_164_800), (2024, 2, 29));
        assert_eq!(date(1_735_689_599), (2024, 12, 31));
        assert_eq!(date(4_107_542_400), (2100, 3, 1));
    }
}
