//! Kubernetes' human-readable durations (`k8s.io/apimachinery/pkg/util/duration`), as shown
//! in the AGE column and in `describe` event ages.
//!
//! Inputs are milliseconds (the simulator's clock resolution). Every field truncates towards
//! zero, as Go's integer conversions do; up to one second in the future still counts as "now"
//! (`0s`), anything further is `<invalid>`. A year is 365 days. Go's `time.Duration` saturates
//! at about 292 years; milliseconds do not, so larger inputs simply keep counting years.

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const YEAR: i64 = 365 * DAY;

/// `duration.HumanDuration`: `70s`, `3m10s`, `179m`, `7h59m`, `47h`, `2d1h`, `367d`,
/// `7y364d`, `8y`; `<invalid>` below −1 s.
pub fn human_duration(ms: i64) -> String {
    let seconds = ms / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = ms / MINUTE;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = ms / HOUR;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// `duration.ShortHumanDuration`: a single unit — `59s`, `1m`, `59m`, `1h`, `23h`, `1d`,
/// `364d`, `1y`; `<invalid>` below −1 s.
pub fn short_human_duration(ms: i64) -> String {
    let seconds = ms / SECOND;
    if seconds < -1 {
        return "<invalid>".to_string();
    }
    if seconds < 0 {
        return "0s".to_string();
    }
    if seconds < 60 {
        return format!("{seconds}s");
    }
    let minutes = ms / MINUTE;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = ms / HOUR;
    if hours < 24 {
        return format!("{hours}h");
    }
    if hours < 24 * 365 {
        return format!("{}d", hours / 24);
    }
    format!("{}y", ms / YEAR)
}

/// Go's `time.Duration.String()` of `ms` milliseconds, as kubectl and gh print timeouts, ages
/// of metrics windows and run times: `0s`, `500ms`, `45.12s`, `2m30s`, `2m1.5s`, `1h0m0s`,
/// `1h2m3.456s` (trailing zeros of the fraction dropped; whole minutes and hours keep their
/// zero fields).
pub fn go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, m) = (ms / 3_600_000, ms / 60_000 % 60);
    let s = ms % 60_000;
    let secs = if s.is_multiple_of(1000) {
        format!("{}s", s / 1000)
    } else {
        format!("{}.{}s", s / 1000, format!("{:03}", s % 1000).trim_end_matches('0'))
    };
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m}m{secs}"),
        (h, m) => format!("{h}h{m}m{secs}"),
    }
}

/// [`go_duration`] of whole seconds.
pub fn go_duration_secs(secs: u64) -> String {
    go_duration(secs.saturating_mul(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's own `TestDurationString` cases that a millisecond clock can hold.
    #[test]
    fn go_duration_strings() {
        for (ms, want) in [
            (0, "0s"),
            (1, "1ms"),
            (500, "500ms"),
            (1000, "1s"),
            (2200, "2.2s"),
            (45_120, "45.12s"),
            (121_500, "2m1.5s"),
            (150_000, "2m30s"),
            (3_600_000, "1h0m0s"),
            (3_723_456, "1h2m3.456s"),
            (4_000_000, "1h6m40s"),
        ] {
            assert_eq!(go_duration(ms), want, "{ms} ms");
        }
        assert_eq!(go_duration_secs(90), "1m30s");
        assert_eq!(go_duration_secs(5), "5s");
    }

    /// The upstream `TestHumanDuration` table (fidelity notes, section 5.3), in milliseconds.
    #[test]
    fn human_duration_upstream_table() {
        let cases: &[(i64, &str)] = &[
            (SECOND, "1s"),
            (119_999, "119s"),
            (70 * SECOND, "70s"),
            (2 * MINUTE, "2m"),
            (190 * SECOND, "3m10s"),
            (2 * MINUTE + SECOND, "2m1s"),
            (9 * MINUTE + 59_999, "9m59s"),
            (10 * MINUTE + SECOND, "10m"),
            (70 * MINUTE, "70m"),
            (3 * HOUR - 1, "179m"),
            (3 * HOUR, "3h"),
            (3 * HOUR + MINUTE, "3h1m"),
            (8 * HOUR - 1, "7h59m"),
            (8 * HOUR + 59 * MINUTE, "8h"),
            (47 * HOUR, "47h"),
            (48 * HOUR, "2d"),
            (49 * HOUR, "2d1h"),
            (8 * DAY - 1, "7d23h"),
            (8 * DAY + 2 * HOUR, "8d"),
            (367 * DAY, "367d"),
            (2 * YEAR - 1, "729d"),
            (2 * YEAR + 23 * HOUR + 59 * MINUTE, "2y"),
            (2 * YEAR + DAY, "2y1d"),
            (8 * YEAR - 1, "7y364d"),
            (8 * YEAR + 2 * HOUR, "8y"),
            (-2 * SECOND, "<invalid>"),
            // "-2s + 1ns" in Go: the closest millisecond value is -1.999 s.
            (-2 * SECOND + 1, "0s"),
            (999, "0s"),
        ];
        for &(ms, want) in cases {
            assert_eq!(human_duration(ms), want, "human_duration({ms})");
        }
    }

    #[test]
    fn human_duration_edges() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(-1), "0s");
        assert_eq!(human_duration(-1_999), "0s");
        assert_eq!(human_duration(-2_000), "<invalid>");
        assert_eq!(human_duration(10 * MINUTE), "10m");
        assert_eq!(human_duration(3 * HOUR + 30 * MINUTE), "3h30m");
        assert_eq!(human_duration(i64::MIN), "<invalid>");
        assert_eq!(human_duration(i64::MAX), format!("{}y", i64::MAX / YEAR));
    }

    #[test]
    fn short_human_duration_table() {
        let cases: &[(i64, &str)] = &[
            (SECOND, "1s"),
            (MINUTE - 1, "59s"),
            (MINUTE, "1m"),
            (HOUR - 1, "59m"),
            (HOUR, "1h"),
            (DAY - 1, "23h"),
            (DAY, "1d"),
            (YEAR - 1, "364d"),
            (YEAR, "1y"),
            (10 * YEAR + DAY, "10y"),
            (-2 * SECOND, "<invalid>"),
            (-2 * SECOND + 1, "0s"),
            (0, "0s"),
            (i64::MIN, "<invalid>"),
        ];
        for &(ms, want) in cases {
            assert_eq!(short_human_duration(ms), want, "short_human_duration({ms})");
        }
    }
}
