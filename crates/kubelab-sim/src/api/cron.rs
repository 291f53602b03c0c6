//! Standard 5-field cron schedules as the CronJob controller reads them (robfig/cron's
//! `ParseStandard`): minute, hour, day of month, month, day of week; `*` and `?`, lists
//! (`1,15`), ranges (`1-5`), steps (`*/15`, `0-30/10`, `5/10`), month and weekday names
//! (`jan`, `MON`) and the descriptors `@yearly`/`@annually`, `@monthly`, `@weekly`, `@daily`/
//! `@midnight`, `@hourly`. A day matches when both the day of month and the day of week match,
//! unless either field starts with `*`/`?` and has no step above 1 (then the other decides, the
//! classic cron rule). Errors are the parser's own messages, which the API server puts after
//! `spec.schedule: Invalid value: "...": `.
//!
//! Simplified: `@every <duration>` and `TZ=`/`CRON_TZ=` prefixes are refused; times are UTC
//! (the controller manager's local time on a kubeadm node, and `spec.timeZone` unset).

/// A parsed schedule: one bit per allowed value of each field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
    /// Day of month or day of week was `*`/`?` (the day rule above).
    dom_star: bool,
    dow_star: bool,
}

struct Bounds {
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
};
const DOW: Bounds = Bounds { min: 0, max: 6, names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"] };

impl Schedule {
    /// Parses a schedule; `Err` is robfig/cron's message.
    pub fn parse(spec: &str) -> Result<Schedule, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("empty spec string".into());
        }
        if let Some(desc) = spec.strip_prefix('@') {
            let fields = match desc {
                "yearly" | "annually" => "0 0 1 1 *",
                "monthly" => "0 0 1 * *",
                "weekly" => "0 0 * * 0",
                "daily" | "midnight" => "0 0 * * *",
                "hourly" => "0 * * * *",
                _ => return Err(format!("unrecognized descriptor: {spec}")),
            };
            return Schedule::parse(fields);
        }
        let fields: Vec<&str> = spec.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
        }
        let (dom, dom_star) = field(fields[2], &DOM)?;
        let (dow, dow_star) = field(fields[4], &DOW)?;
        Ok(Schedule {
            minute: field(fields[0], &MINUTES)?.0,
            hour: field(fields[1], &HOURS)?.0,
            dom,
            month: field(fields[3], &MONTHS)?.0,
            dow,
            dom_star,
            dow_star,
        })
    }

    fn day_matches(&self, d: &Civil) -> bool {
        let dom = self.dom & (1 << d.day) != 0;
        let dow = self.dow & (1 << d.weekday) != 0;
        if self.dom_star || self.dow_star {
            dom && dow
        } else {
            dom || dow
        }
    }

    /// The first scheduled minute strictly after `unix` (seconds), within five years
    /// (`None`: never, as `0 0 30 2 *`).
    pub fn next(&self, unix: i64) -> Option<i64> {
        // Start at the next whole minute.
        let mut t = unix.div_euclid(60) * 60 + 60;
        let limit = t + 5 * 366 * 86_400;
        while t <= limit {
            let c = Civil::from_unix(t);
            if self.month & (1 << c.month) == 0 {
                // To the first day of the next month.
                let (y, m) = if c.month == 12 { (c.year + 1, 1) } else { (c.year, c.month + 1) };
                t = days_from_civil(y, m, 1) * 86_400;
                continue;
            }
            if !self.day_matches(&c) {
                t = (t.div_euclid(86_400) + 1) * 86_400;
                continue;
            }
            if self.hour & (1 << c.hour) == 0 {
                t = (t.div_euclid(3600) + 1) * 3600;
                continue;
            }
            if self.minute & (1 << c.minute) == 0 {
                t += 60;
                continue;
            }
            return Some(t);
        }
        None
    }
}

/// One field: a comma-separated list of ranges. Returns the bits and whether it was a star.
fn field(text: &str, b: &Bounds) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    let mut star = false;
    for part in text.split(',') {
        let (r, s) = range(part, b)?;
        bits |= r;
        star |= s;
    }
    Ok((bits, star))
}

fn range(expr: &str, b: &Bounds) -> Result<(u64, bool), String> {
    let slashes: Vec<&str> = expr.split('/').collect();
    if slashes.len() > 2 {
        return Err(format!("too many slashes: {expr}"));
    }
    let low_high: Vec<&str> = slashes[0].split('-').collect();
    let single = low_high.len() == 1;
    let (start, mut end, mut star) = if slashes[0] == "*" || slashes[0] == "?" {
        (b.min, b.max, true)
    } else {
        let start = parse_value(low_high[0], b)?;
        let end = match low_high.len() {
            1 => start,
            2 => parse_value(low_high[1], b)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        (start, end, false)
    };
    let step = if slashes.len() == 2 {
        let step = must_parse_int(slashes[1])?;
        // `N/step` means N-max/step.
        if single && !star {
            end = b.max;
        }
        if step > 1 {
            star = false;
        }
        step
    } else {
        1
    };
    if start < b.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", b.min));
    }
    if end > b.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", b.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    let mut bits = 0u64;
    let mut v = start;
    while v <= end {
        bits |= 1 << v;
        v = v.saturating_add(step);
    }
    Ok((bits, star))
}

fn parse_value(s: &str, b: &Bounds) -> Result<u32, String> {
    let lower = s.to_ascii_lowercase();
    if let Some(i) = b.names.iter().position(|n| *n == lower) {
        return Ok(i as u32 + if b.max == 12 { 1 } else { 0 });
    }
    must_parse_int(s)
}

fn must_parse_int(s: &str) -> Result<u32, String> {
    match s.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!("negative number ({n}) not allowed: {s}")),
        Ok(n) => Ok(n.min(1000) as u32),
        Err(_) => Err(format!("failed to parse int from {s}: strconv.Atoi: parsing \"{s}\": invalid syntax")),
    }
}

/// A UTC civil time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    /// 0 = Sunday.
    pub weekday: u32,
}

impl Civil {
    pub fn from_unix(t: i64) -> Civil {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        Civil {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: ((secs % 3600) / 60) as u32,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC time.
    fn at(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> i64 {
        days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60
    }

    #[test]
    fn civil_round_trip() {
        // 2026-03-02T08:00:00Z, a Monday.
        let c = Civil::from_unix(1_772_438_400);
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.weekday), (2026, 3, 2, 8, 0, 1));
        assert_eq!(at(2026, 3, 2, 8, 0), 1_772_438_400);
        assert_eq!(at(2018, 7, 16, 9, 0), 1_531_731_600);
    }

    #[test]
    fn next_times() {
        let t0 = at(2026, 3, 2, 8, 0);
        let next = |s: &str, t: i64| Schedule::parse(s).unwrap().next(t);
        assert_eq!(next("*/1 * * * *", t0), Some(t0 + 60));
        assert_eq!(next("* * * * *", t0 + 59), Some(t0 + 60));
        assert_eq!(next("*/15 * * * *", t0 + 1), Some(t0 + 15 * 60));
        assert_eq!(next("@hourly", t0), Some(t0 + 3600));
        assert_eq!(next("30 6-16/4 * * 1-5", t0), Some(at(2026, 3, 2, 10, 30)));
        assert_eq!(next("0 0 1 jan *", t0), Some(at(2027, 1, 1, 0, 0)));
        // Day of month OR day of week when neither is a star: the 13th or a Friday.
        assert_eq!(next("0 0 13 * fri", t0), Some(at(2026, 3, 6, 0, 0)));
        assert_eq!(next("@weekly", t0), Some(at(2026, 3, 8, 0, 0)));
        assert_eq!(next("0 0 30 2 *", t0), None);
        assert_eq!(next("5/20 * * * *", t0), Some(t0 + 5 * 60));
    }

    /// The parser's errors, as robfig/cron words them (the cases of its parser tests).
    #[test]
    fn errors() {
        let err = |s: &str| Schedule::parse(s).unwrap_err();
        assert_eq!(err(""), "empty spec string");
        assert_eq!(err("* * * *"), "expected exactly 5 fields, found 4: [* * * *]");
        assert_eq!(err("@every5m"), "unrecognized descriptor: @every5m");
        assert_eq!(err("60 * * * *"), "end of range (60) above maximum (59): 60");
        assert_eq!(err("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
        assert_eq!(err("5-2 * * * *"), "beginning of range (5) beyond end of range (2): 5-2");
        assert_eq!(err("1-2-3 * * * *"), "too many hyphens: 1-2-3");
        assert_eq!(err("*/2/3 * * * *"), "too many slashes: */2/3");
        assert_eq!(err("*/0 * * * *"), "step of range should be a positive number: */0");
        assert_eq!(err("x * * * *"), "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
        assert_eq!(err("* * * * 7"), "end of range (7) above maximum (6): 7");
        assert!(Schedule::parse("0 0 * JAN-mar MON,wed").is_ok());
    }

    proptest::proptest! {
        /// No schedule text panics, and a next time is always later than the start.
        #[test]
        fn any_text_parses_or_errs_without_panic(text in "[-0-9*/,?@a-z ]{0,30}", start in -4_000_000_000i64..4_000_000_000) {
            if let Ok(s) = Schedule::parse(&text) {
                if let Some(n) = s.next(start) {
                    proptest::prop_assert!(n > start && n % 60 == 0);
                }
            }
        }
    }
}
