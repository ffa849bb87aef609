//! Go's printing of floating-point numbers, as Helm templates show values.
//!
//! Helm holds every number of a values file as a `float64`; `{{ .Values.x }}`
//! prints it with `fmt`'s `%v`, which is `strconv.FormatFloat(v, 'g', -1, 64)`:
//! the shortest digits that read back to the same float, in exponent form when the
//! decimal exponent is below -4 or at least 6 (the "shortest" precision rule of
//! `strconv`, not the 21-digit rule of `encoding/json`).

/// Formats `value` as Go's `fmt.Sprint(float64)` does (`2150123` → `2.150123e+06`).
pub fn format_float64(value: f64) -> String {
    if let Some(special) = special(value) {
        return special.to_owned();
    }
    if let Some(int) = small_integer(value) {
        return int.to_string();
    }
    format_shortest(&format!("{value:e}"))
}

/// The integer a float holds when `%v` prints it as one: integral, below a
/// million in size (from `1e+06` Go switches to the exponent form) and not
/// `-0` (printed with its sign). Values files are full of such numbers (ports,
/// replicas, probe timings), and printing them needs no digit search.
fn small_integer(value: f64) -> Option<i64> {
    let integral = value.fract() == 0.0 && value.abs() < 1e6;
    let negative_zero = value == 0.0 && value.is_sign_negative();
    // In range and integral: the conversion is exact.
    #[allow(clippy::cast_possible_truncation)]
    (integral && !negative_zero).then_some(value as i64)
}

/// Formats `value` as Go's `strconv.FormatFloat(v, 'g', -1, 32)`: the shortest
/// float32 digits (sigs.k8s.io/yaml turns float map keys into strings this way).
pub(crate) fn format_float32(value: f64) -> String {
    // Narrowing is the point: Go rounds the key to float32 before printing it.
    #[allow(clippy::cast_possible_truncation)]
    let narrow = value as f32;
    if let Some(special) = special(f64::from(narrow)) {
        return special.to_owned();
    }
    format_shortest(&format!("{narrow:e}"))
}

fn special(value: f64) -> Option<&'static str> {
    if value.is_nan() {
        Some("NaN")
    } else if value == f64::INFINITY {
        Some("+Inf")
    } else if value == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

/// Turns Rust's shortest exponent form (`-2.150123e6`, `0e0`) into Go's `%g`.
fn format_shortest(rust_exp: &str) -> String {
    let (negative, body) = match rust_exp.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rust_exp),
    };
    let (mantissa, exponent) = body.split_once('e').unwrap_or((body, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = if digits.trim_start_matches('0').is_empty() {
        "0".to_owned()
    } else {
        digits
    };
    let sign = if negative { "-" } else { "" };
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{dot}{rest}e{exp_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    // Decimal point position relative to the digits (`dp` in strconv).
    let point = exponent + 1;
    let len = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let fixed = if point <= 0 {
        let zeros = "0".repeat(usize::try_from(-point).unwrap_or(0));
        format!("0.{zeros}{digits}")
    } else if point >= len {
        let zeros = "0".repeat(usize::try_from(point - len).unwrap_or(0));
        format!("{digits}{zeros}")
    } else {
        let (int, frac) = digits.split_at(usize::try_from(point).unwrap_or(0));
        format!("{int}.{frac}")
    };
    format!("{sign}{fixed}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_go_percent_v() {
        let cases: &[(f64, &str)] = &[
            (2_150_123.0, "2.150123e+06"),
            (1_000_000.0, "1e+06"),
            (123_456.0, "123456"),
            (100_000.0, "100000"),
            (1.1, "1.1"),
            (1.0, "1"),
            (0.0, "0"),
            (-0.0, "-0"),
            (0.5, "0.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-1.5e-7, "-1.5e-07"),
            (493.0, "493"),
            (1e21, "1e+21"),
            (1.2345675e6, "1.2345675e+06"),
            (9_007_199_254_740_993.0, "9.007199254740992e+15"),
            (1e100, "1e+100"),
            (f64::INFINITY, "+Inf"),
            (f64::NAN, "NaN"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_float64(*value), *expected, "printing {value}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_integer_shortcut_prints_as_the_digit_search_does(
            int in -1_100_000i64..1_100_000,
            fraction in proptest::sample::select(vec![0.0, 0.5, 0.25, 1e-9]),
        ) {
            #[allow(clippy::cast_precision_loss)]
            let value = int as f64 + fraction;
            let searched = format_shortest(&format!("{value:e}"));
            proptest::prop_assert_eq!(format_float64(value), searched);
        }
    }

    #[test]
    fn prints_float_keys_as_float32() {
        assert_eq!(format_float32(0.1), "0.1");
        assert_eq!(format_float32(1.5), "1.5");
        assert_eq!(format_float32(16_777_217.0), "1.6777216e+07");
    }
}
