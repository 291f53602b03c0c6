//! Pure text formatting that reproduces kubectl's output byte for byte.
//!
//! * [`tabwriter`]: Go's `text/tabwriter` elastic tab stops (+ liggitt's `RememberWidths`).
//! * [`table`]: the `kubectl get` table printer built on it.
//! * [`duration`]: `HumanDuration` / `ShortHumanDuration` (AGE columns, event ages).
//! * [`yaml`]: `kubectl get -o yaml` (sigs.k8s.io/yaml → go-yaml v2 emitter).
//! * [`json`]: `kubectl get -o json` (`json.MarshalIndent` with four spaces).
//! * [`rfc3339`] / [`rfc1123z`]: Go's `time.RFC3339` (API timestamps, always UTC here) and
//!   `time.RFC1123Z` (`describe`'s `CreationTimestamp`), computed on the proleptic Gregorian
//!   calendar for every `i64` second count (Go's own range is narrower; inside it they agree).
//!
//! Every function here is total: no input makes it panic.

pub mod duration;
mod gofloat;
pub mod json;
pub mod table;
pub mod tabwriter;
pub mod udiff;
pub mod yaml;

pub use duration::{human_duration, short_human_duration};
pub use json::{to_json, to_json_typed};
pub use table::{escape_cell, render_table, LEGACY_MINWIDTH, MODERN_MINWIDTH};
pub use tabwriter::TabWriter;
pub use yaml::to_yaml;

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A broken-down civil time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Civil {
    year: i64,
    /// 1..=12
    month: u32,
    /// 1..=31
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 = Sunday
    weekday: u32,
}

/// Converts a day count relative to 1970-01-01 into (year, month, day).
///
/// Counts in 400-year eras of 146 097 days, with years starting on 1 March so that the leap
/// day is the last day of a year: the year-of-era comes from removing the leap days (one per
/// 4 years, minus one per 100, plus one per 400) and dividing by 365, and the month from the
/// 153-days-per-5-months rhythm of March..January.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // 719_468 days separate 0000-03-01 from 1970-01-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146_096
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of (March-based) year, 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0 .. February = 11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

fn civil(unix_secs: i64, offset_secs: i64) -> Civil {
    let local = i128::from(unix_secs) + i128::from(offset_secs);
    // |local| < 2^64, so the day count fits comfortably in an i64.
    let days = local.div_euclid(86_400) as i64;
    let sod = local.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: sod / 3_600,
        minute: sod / 60 % 60,
        second: sod % 60,
        weekday: (days + 4).rem_euclid(7) as u32,
    }
}

/// Go's `appendInt(year, 4)`: at least four digits, sign first.
fn push_year(out: &mut String, year: i64) {
    if year < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:04}", year.unsigned_abs()));
}

/// `time.Unix(s, 0).UTC().Format(time.RFC3339)`, e.g. `2026-03-02T09:00:00Z` — how the API
/// serialises `metav1.Time` (creationTimestamp, lastTransitionTime, ...).
pub fn rfc3339(unix_secs: i64) -> String {
    let c = civil(unix_secs, 0);
    let mut out = String::with_capacity(20);
    push_year(&mut out, c.year);
    out.push_str(&format!("-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.month, c.day, c.hour, c.minute, c.second));
    out
}

/// klog's header for a warning line, `W0302 08:00:00.000000   20012 ` (severity, month and day,
/// time with microseconds, the process id right-aligned in 7): what kubectl's `klog.Warning`
/// prints before `file:line] message`. The lab's kubectl runs at the simulated clock's time.
pub fn klog_warning_header(unix_secs: i64, pid: u32) -> String {
    let c = civil(unix_secs, 0);
    format!("W{:02}{:02} {:02}:{:02}:{:02}.000000 {pid:>7} ", c.month, c.day, c.hour, c.minute, c.second)
}

/// git's default date, e.g. `Mon Mar 2 08:00:00 2026 +0000` (`git log`'s `Date:` line, UTC).
pub fn git_date(unix_secs: i64) -> String {
    let c = civil(unix_secs, 0);
    let day = DAY_NAMES.get(c.weekday as usize).copied().unwrap_or("???");
    let month = MONTH_NAMES.get((c.month as usize).wrapping_sub(1)).copied().unwrap_or("???");
    format!("{day} {month} {} {:02}:{:02}:{:02} {} +0000", c.day, c.hour, c.minute, c.second, c.year)
}

/// `time.RFC1123Z` in UTC, e.g. `Mon, 02 Mar 2026 09:00:00 +0000` (kubectl describe's
/// `CreationTimestamp` on a machine whose local zone is UTC).
pub fn rfc1123z(unix_secs: i64) -> String {
    rfc1123z_with_offset(unix_secs, 0)
}

/// `time.RFC1123Z` in a fixed zone `offset_secs` east of UTC, e.g.
/// `Tue, 02 Sep 2025 05:43:35 +0530`. Like Go, the zone prints as `±hhmm` (seconds of the
/// offset are dropped, minutes truncate towards zero).
pub fn rfc1123z_with_offset(unix_secs: i64, offset_secs: i32) -> String {
    let c = civil(unix_secs, i64::from(offset_secs));
    let mut out = String::with_capacity(31);
    out.push_str(DAY_NAMES.get(c.weekday as usize).copied().unwrap_or("???"));
    out.push_str(&format!(", {:02} ", c.day));
    out.push_str(MONTH_NAMES.get((c.month as usize).wrapping_sub(1)).copied().unwrap_or("???"));
    out.push(' ');
    push_year(&mut out, c.year);
    out.push_str(&format!(" {:02}:{:02}:{:02} ", c.hour, c.minute, c.second));
    let zone = offset_secs / 60; // minutes, truncated towards zero like Go
    out.push(if zone < 0 { '-' } else { '+' });
    let zone = zone.unsigned_abs();
    out.push_str(&format!("{:02}{:02}", zone / 60, zone % 60));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: a naive day-by-day walk (slow, obviously right) around interesting dates.
    fn naive_civil_from_days(days: i64) -> (i64, u32, u32) {
        fn is_leap(y: i64) -> bool {
            (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        }
        fn month_len(y: i64, m: u32) -> u32 {
            match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                _ if is_leap(y) => 29,
                _ => 28,
            }
        }
        let (mut y, mut m, mut d) = (1970i64, 1u32, 1u32);
        if days >= 0 {
            for _ in 0..days {
                d += 1;
                if d > month_len(y, m) {
                    d = 1;
                    m += 1;
                    if m > 12 {
                        m = 1;
                        y += 1;
                    }
                }
            }
        } else {
            for _ in 0..(-days) {
                if d > 1 {
                    d -= 1;
                } else {
                    if m > 1 {
                        m -= 1;
                    } else {
                        m = 12;
                        y -= 1;
                    }
                    d = month_len(y, m);
                }
            }
        }
        (y, m, d)
    }

    #[test]
    fn civil_matches_naive_walk() {
        for days in -800_000..=-798_000 {
            // around year -220: negative eras
            assert_eq!(civil_from_days(days), naive_civil_from_days(days), "{days}");
        }
        for days in (-1_000..=25_000).step_by(7) {
            assert_eq!(civil_from_days(days), naive_civil_from_days(days), "{days}");
        }
        for days in 10_950..11_100 {
            // 1999-12..2000-05: the 400-year leap day
            assert_eq!(civil_from_days(days), naive_civil_from_days(days), "{days}");
        }
    }

    #[test]
    fn rfc3339_examples() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(1_772_442_000), "2026-03-02T09:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(rfc3339(4_107_542_400), "2100-03-01T00:00:00Z"); // 2100 is not leap
        assert_eq!(rfc3339(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_799), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(253_402_300_800), "10000-01-01T00:00:00Z");
        assert_eq!(rfc3339(-62_135_596_800), "0001-01-01T00:00:00Z");
        assert_eq!(rfc3339(-62_135_596_801), "0000-12-31T23:59:59Z");
        assert_eq!(rfc3339(-62_198_755_200), "-0001-01-01T00:00:00Z");
    }

    #[test]
    fn rfc1123z_examples() {
        assert_eq!(rfc1123z(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc1123z(1_772_442_000), "Mon, 02 Mar 2026 09:00:00 +0000");
        assert_eq!(rfc1123z(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(rfc1123z(1_709_164_800), "Thu, 29 Feb 2024 00:00:00 +0000");
        assert_eq!(rfc1123z(-86_400), "Wed, 31 Dec 1969 00:00:00 +0000");
        // The fidelity notes' describe example: 2025-09-02T00:13:35Z seen from +05:30.
        assert_eq!(rfc1123z_with_offset(1_756_772_015, 5 * 3600 + 1800), "Tue, 02 Sep 2025 05:43:35 +0530");
        assert_eq!(rfc1123z_with_offset(0, -8 * 3600), "Wed, 31 Dec 1969 16:00:00 -0800");
        assert_eq!(rfc1123z_with_offset(0, -1800), "Wed, 31 Dec 1969 23:30:00 -0030");
    }

    #[test]
    fn extremes_do_not_panic() {
        for s in [i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1] {
            let a = rfc3339(s);
            let b = rfc1123z(s);
            let c = rfc1123z_with_offset(s, i32::MIN);
            let d = rfc1123z_with_offset(s, i32::MAX);
            assert!(!a.is_empty() && !b.is_empty() && !c.is_empty() && !d.is_empty());
        }
    }
}
