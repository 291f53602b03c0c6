//! Resource quantities as apimachinery's `resource.Quantity` parses, compares and prints them
//! (`500m`, `0.5` → `500m`, `1024Mi` → `1Gi`, `2000` → `2k`, `1e3`): the format comes from the
//! suffix (binary `Ki`..`Ei`, decimal `n`..`E`, or an exponent), and the canonical text is the
//! largest suffix of that format that keeps the number whole. Values are held in nano-units
//! (rounded up past nano, as Kubernetes rounds), which covers every quantity a lab uses.

/// How a quantity was written, which decides how it prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    BinarySI,
    DecimalSI,
    DecimalExponent,
}

/// A parsed quantity: its value in nano-units and its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub nanos: i128,
    pub format: Format,
}

/// apimachinery's `ErrFormatWrong`.
pub const ERR_FORMAT_WRONG: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// apimachinery's `ErrSuffix`.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

const LIMIT: i128 = 10i128.pow(36);

fn pow10(e: u32) -> Option<i128> {
    10i128.checked_pow(e)
}

/// `resource.ParseQuantity`.
pub fn parse(s: &str) -> Result<Quantity, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ERR_FORMAT_WRONG);
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let num_len = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_len);
    let valid_suffix_chars =
        suffix.strip_prefix(|c: char| "eEinumkKMGTP".contains(c)).map_or(suffix.is_empty(), |_| {
            let letters = suffix.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            letters.chars().all(|c| "eEinumkKMGTP".contains(c))
        });
    if num.is_empty() || num == "." || num.matches('.').count() > 1 || !valid_suffix_chars {
        return Err(ERR_FORMAT_WRONG);
    }
    let (whole, frac) = num.split_once('.').unwrap_or((num, ""));
    let digits: String = format!("{whole}{frac}");
    let mut mantissa: i128 = 0;
    for d in digits.bytes() {
        mantissa =
            mantissa.checked_mul(10).and_then(|m| m.checked_add(i128::from(d - b'0'))).ok_or(ERR_FORMAT_WRONG)?;
        if mantissa > LIMIT {
            return Err(ERR_FORMAT_WRONG);
        }
    }
    let frac_len = frac.len() as i32;
    let (exp10, binary, format): (i32, u32, Format) = match suffix {
        "" => (0, 0, Format::DecimalSI),
        "n" => (-9, 0, Format::DecimalSI),
        "u" => (-6, 0, Format::DecimalSI),
        "m" => (-3, 0, Format::DecimalSI),
        "k" => (3, 0, Format::DecimalSI),
        "M" => (6, 0, Format::DecimalSI),
        "G" => (9, 0, Format::DecimalSI),
        "T" => (12, 0, Format::DecimalSI),
        "P" => (15, 0, Format::DecimalSI),
        "E" => (18, 0, Format::DecimalSI),
        "Ki" => (0, 10, Format::BinarySI),
        "Mi" => (0, 20, Format::BinarySI),
        "Gi" => (0, 30, Format::BinarySI),
        "Ti" => (0, 40, Format::BinarySI),
        "Pi" => (0, 50, Format::BinarySI),
        "Ei" => (0, 60, Format::BinarySI),
        other => match other.strip_prefix(['e', 'E']).and_then(|e| e.parse::<i32>().ok()) {
            Some(e) if (-40..=40).contains(&e) => (e, 0, Format::DecimalExponent),
            _ => return Err(ERR_SUFFIX),
        },
    };
    let mut value = mantissa.checked_mul(1i128 << binary).ok_or(ERR_FORMAT_WRONG)?;
    let shift = 9 + exp10 - frac_len;
    if shift >= 0 {
        value = value.checked_mul(pow10(shift as u32).ok_or(ERR_FORMAT_WRONG)?).ok_or(ERR_FORMAT_WRONG)?;
    } else {
        let div = pow10((-shift) as u32).ok_or(ERR_FORMAT_WRONG)?;
        // Kubernetes rounds a value finer than nano up.
        value = value / div + i128::from(value % div != 0);
    }
    if value > LIMIT {
        return Err(ERR_FORMAT_WRONG);
    }
    Ok(Quantity { nanos: if neg { -value } else { value }, format })
}

impl Quantity {
    /// `Quantity.String()`: the canonical text.
    pub fn canonical(&self) -> String {
        if self.nanos == 0 {
            return "0".into();
        }
        let sign = if self.nanos < 0 { "-" } else { "" };
        let v = self.nanos.abs();
        let billion = 1_000_000_000i128;
        if self.format == Format::BinarySI && v % billion == 0 && v / billion >= 1024 {
            let mut n = v / billion;
            let mut i = 0;
            while i < 6 && n % 1024 == 0 {
                n /= 1024;
                i += 1;
            }
            if i > 0 {
                return format!("{sign}{n}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][i]);
            }
        }
        // Decimal: the largest exponent (a multiple of 3, at least -9) that keeps it whole.
        let mut e: i32 = -9;
        let mut n = v;
        while e < 18 && n % 1000 == 0 {
            n /= 1000;
            e += 3;
        }
        let suffix = match (self.format, e) {
            (Format::DecimalExponent, 0) => String::new(),
            (Format::DecimalExponent, e) => format!("e{e}"),
            (_, e) => ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"][((e + 9) / 3) as usize].to_string(),
        };
        format!("{sign}{n}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        parse(s).map(|q| q.canonical()).unwrap_or_else(|e| e.to_string())
    }

    /// Cases from apimachinery's quantity_test.go (TestQuantityParse's canonical forms).
    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("0", "0"),
            ("0.5", "500m"),
            ("500m", "500m"),
            ("1000m", "1"),
            ("1", "1"),
            ("2000", "2k"),
            ("1.5", "1500m"),
            ("1024Mi", "1Gi"),
            ("1Ki", "1Ki"),
            ("1536", "1536"),
            ("1.5Ki", "1536"),
            ("512Mi", "512Mi"),
            ("1e3", "1e3"),
            ("1E3", "1e3"),
            ("100m", "100m"),
            ("1n", "1n"),
            ("0.1n", "1n"),
            ("5G", "5G"),
            ("-5", "-5"),
            ("128974848", "128974848"),
        ] {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn bad_quantities() {
        for bad in ["abc", "", "1.2.3", "m", "."] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(parse("12x"), Err(ERR_FORMAT_WRONG));
        assert_eq!(parse("5ii"), Err(ERR_SUFFIX));
    }
}
