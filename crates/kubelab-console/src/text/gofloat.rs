//! Go's float-to-text conversions, as far as kubectl's JSON and YAML output needs them.
//!
//! * [`json_float`] is `encoding/json`'s float encoder: `strconv.FormatFloat(f, 'f', -1, 64)`
//!   for `1e-6 <= |f| < 1e21` (and zero), otherwise `'e'` with the exponent's leading zero
//!   dropped (`1e-7`, never `1e-07`).
//! * [`g_float`] is `strconv.FormatFloat(f, 'g', -1, 64)`, which go-yaml v2 uses for floats:
//!   scientific notation when the decimal exponent is `< -4` or `>= 6` (the "shortest"
//!   precision rule), with at least two exponent digits (`1e-07`, `1.5e+06`).
//!
//! Both start from the shortest decimal digit string that round-trips, which Rust's `{:e}`
//! formatting and Go's `strconv` agree on. Non-finite inputs cannot come out of a
//! `serde_json::Value`; they are rendered the way go-yaml spells them (`.inf`, `-.inf`, `.nan`)
//! so that every function here stays total.

/// Shortest round-trip decimal digits of `|f|` and the position of the decimal point:
/// `|f| = 0.d1d2d3... * 10^dp`. Zero gives no digits and `dp == 0` (as in Go).
fn shortest_digits(f: f64) -> (Vec<u8>, i64) {
    let a = f.abs();
    if a == 0.0 || !a.is_finite() {
        return (Vec::new(), 0);
    }
    let text = format!("{a:e}");
    let (mantissa, exp) = match text.split_once('e') {
        Some(parts) => parts,
        None => (text.as_str(), "0"),
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp + 1)
}

fn digit_at(digits: &[u8], i: i64) -> char {
    if i < 0 {
        return '0';
    }
    match usize::try_from(i).ok().and_then(|i| digits.get(i)) {
        Some(d) => char::from(*d),
        None => '0',
    }
}

/// Go's `fmtF`: integer part, then `decimals` fraction digits.
fn fmt_f(out: &mut String, digits: &[u8], dp: i64, decimals: i64) {
    if dp > 0 {
        for i in 0..dp {
            out.push(digit_at(digits, i));
        }
    } else {
        out.push('0');
    }
    if decimals > 0 {
        out.push('.');
        for i in 0..decimals {
            out.push(digit_at(digits, dp + i));
        }
    }
}

/// Go's `fmtE` with `prec` fraction digits and an exponent of at least two digits.
fn fmt_e(out: &mut String, digits: &[u8], dp: i64, prec: i64) {
    out.push(digit_at(digits, if digits.is_empty() { -1 } else { 0 }));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(digit_at(digits, i));
        }
    }
    out.push('e');
    let exp = if digits.is_empty() { 0 } else { dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

fn non_finite(f: f64) -> Option<String> {
    if f.is_nan() {
        Some(".nan".to_string())
    } else if f.is_infinite() {
        Some(if f > 0.0 { ".inf" } else { "-.inf" }.to_string())
    } else {
        None
    }
}

/// `strconv.FormatFloat(f, 'g', -1, 64)` (go-yaml v2's float spelling; non-finite values as
/// go-yaml writes them).
pub(crate) fn g_float(f: f64) -> String {
    if let Some(s) = non_finite(f) {
        return s;
    }
    let (digits, dp) = shortest_digits(f);
    let nd = digits.len() as i64;
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    let exp = dp - 1;
    if !digits.is_empty() && !(-4..6).contains(&exp) {
        fmt_e(&mut out, &digits, dp, nd - 1);
    } else {
        fmt_f(&mut out, &digits, dp, (nd - dp).max(0));
    }
    out
}

/// Go `encoding/json`'s spelling of a float64 (ES6-like cut-offs).
pub(crate) fn json_float(f: f64) -> String {
    if let Some(s) = non_finite(f) {
        // encoding/json refuses these; no serde_json::Value can hold one.
        return s;
    }
    let (digits, dp) = shortest_digits(f);
    let nd = digits.len() as i64;
    let abs = f.abs();
    let mut out = String::new();
    if f.is_sign_negative() {
        out.push('-');
    }
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        fmt_e(&mut out, &digits, dp, (nd - 1).max(0));
        // Go cleans up "e-09" to "e-9".
        let b = out.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            out.remove(n - 2);
        }
    } else {
        fmt_f(&mut out, &digits, dp, (nd - dp).max(0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_float_matches_go() {
        assert_eq!(json_float(0.0), "0");
        assert_eq!(json_float(-0.0), "-0");
        assert_eq!(json_float(1.0), "1");
        assert_eq!(json_float(2.5), "2.5");
        assert_eq!(json_float(-0.125), "-0.125");
        assert_eq!(json_float(0.1), "0.1");
        assert_eq!(json_float(1e20), "100000000000000000000");
        assert_eq!(json_float(1e21), "1e+21");
        assert_eq!(json_float(1.5e21), "1.5e+21");
        assert_eq!(json_float(1e-6), "0.000001");
        assert_eq!(json_float(1e-7), "1e-7");
        assert_eq!(json_float(1.5e-7), "1.5e-7");
        assert_eq!(json_float(1e-10), "1e-10");
        assert_eq!(json_float(123456789.5), "123456789.5");
        assert_eq!(json_float(18446744073709551615u64 as f64), "18446744073709552000");
        assert_eq!(json_float(5e-324), "5e-324");
        assert_eq!(json_float(f64::MAX), "1.7976931348623157e+308");
    }

    #[test]
    fn g_float_matches_go() {
        assert_eq!(g_float(0.0), "0");
        assert_eq!(g_float(0.5), "0.5");
        assert_eq!(g_float(100000.5), "100000.5");
        assert_eq!(g_float(1234567.5), "1.2345675e+06");
        assert_eq!(g_float(1e6), "1e+06");
        assert_eq!(g_float(1e20), "1e+20");
        assert_eq!(g_float(0.0001), "0.0001");
        assert_eq!(g_float(0.00001), "1e-05");
        assert_eq!(g_float(1.5e-7), "1.5e-07");
        assert_eq!(g_float(-2.25), "-2.25");
        assert_eq!(g_float(1e100), "1e+100");
        assert_eq!(g_float(f64::INFINITY), ".inf");
        assert_eq!(g_float(f64::NEG_INFINITY), "-.inf");
        assert_eq!(g_float(f64::NAN), ".nan");
    }

    mod props {
        use super::super::{g_float, json_float};
        use proptest::prelude::*;

        proptest! {
            /// Both spellings use the shortest digits that read back as the very same float.
            #[test]
            fn spellings_round_trip_exactly(bits in any::<u64>()) {
                let f = f64::from_bits(bits);
                prop_assume!(f.is_finite());
                let j = json_float(f);
                let g = g_float(f);
                prop_assert_eq!(j.parse::<f64>().map(f64::to_bits), Ok(f.to_bits()), "{}", j);
                prop_assert_eq!(g.parse::<f64>().map(f64::to_bits), Ok(f.to_bits()), "{}", g);
            }
        }
    }
}
