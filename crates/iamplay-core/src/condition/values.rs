//! Typed readings of condition values: exact decimals, instants, booleans, base64 bytes and IP addresses.
//!
//! Request values and policy values arrive as strings (JSON `10` and `"10"` are the same to IAM); each operator
//! family reads both sides with the reader here. A reader returns `None` for text it cannot read, and the
//! caller turns that into a problem and a non-match. No reader panics on any input.

use std::cmp::Ordering;
use std::net::IpAddr;

/// An exact decimal number (`-12`, `3.50`, `+0.5`), compared without rounding.
///
/// Numeric operators compare "an integer or decimal value" (reference_policies_elements_condition_operators.md,
/// "Numeric condition operators"); reading digits instead of `f64` keeps `10` == `10.0` exact and avoids
/// precision loss on large integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal<'a> {
    negative: bool,
    /// Integer digits without leading zeros (empty for zero).
    integer: &'a str,
    /// Fraction digits without trailing zeros (empty for none).
    fraction: &'a str,
}

impl<'a> Decimal<'a> {
    /// Reads `[+-]digits[.digits]` (`.5` and `5.` too). Exponents, spaces, `NaN` and hex are not numbers.
    pub fn parse(text: &'a str) -> Option<Self> {
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, text.get(1..)?),
            Some(b'+') => (false, text.get(1..)?),
            _ => (false, text),
        };
        let (integer, fraction) = match unsigned.split_once('.') {
            Some((integer, fraction)) => (integer, fraction),
            None => (unsigned, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (integer.is_empty() && fraction.is_empty())
            || !all_digits(integer)
            || !all_digits(fraction)
        {
            return None;
        }
        let integer = integer.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        // `-0` is zero.
        let negative = negative && !(integer.is_empty() && fraction.is_empty());
        Some(Self {
            negative,
            integer,
            fraction,
        })
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(other.integer))
            // Without trailing zeros, digit strings order like the fractions they spell.
            .then_with(|| self.fraction.cmp(other.fraction))
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An instant as nanoseconds since 1970-01-01T00:00:00Z. Date operators compare instants, so `2020-01-01` and
/// `2020-01-01T00:00:00Z` and `1577836800` are the same date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(i128);

const NANOS_PER_SECOND: i128 = 1_000_000_000;

impl Instant {
    pub fn from_unix_seconds(seconds: i64) -> Self {
        Self(i128::from(seconds) * NANOS_PER_SECOND)
    }

    /// Reads the W3C profile of ISO 8601 (`YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z`,
    /// `+hh:mm`, `+hhmm`, `+hh` or no offset meaning UTC) or epoch seconds (`1577836800`, `-1`, `1.5`).
    ///
    /// "You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in
    /// epoch (UNIX) time" (reference_policies_elements_condition_operators.md, "Date condition operators").
    /// A string of only digits is read as epoch seconds, so the W3C year-only form `YYYY` is epoch time here:
    /// `aws:EpochTime` values are digits too and the two cannot both win.
    pub fn parse(text: &str) -> Option<Self> {
        parse_epoch(text).or_else(|| parse_iso8601(text))
    }
}

fn parse_epoch(text: &str) -> Option<Instant> {
    let decimal = Decimal::parse(text)?;
    // 19 digits of seconds already pass year 10^11; nothing sensible is longer.
    if decimal.integer.len() > 18 {
        return None;
    }
    let seconds: i128 = if decimal.integer.is_empty() {
        0
    } else {
        decimal.integer.parse().ok()?
    };
    let nanos = fraction_nanos(decimal.fraction)?;
    let magnitude = seconds * NANOS_PER_SECOND + nanos;
    Some(Instant(if decimal.negative {
        -magnitude
    } else {
        magnitude
    }))
}

/// Fraction digits as nanoseconds, truncated past nine digits.
fn fraction_nanos(digits: &str) -> Option<i128> {
    let mut nanos: i128 = 0;
    let mut scale: i128 = NANOS_PER_SECOND;
    for byte in digits.bytes() {
        if !byte.is_ascii_digit() {
            return None;
        }
        scale /= 10;
        nanos += i128::from(byte - b'0') * scale;
    }
    Some(nanos)
}

/// A cursor over ASCII date text.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn digits(&mut self, count: usize) -> Option<i64> {
        let (head, tail) = self.rest.split_at_checked(count)?;
        let mut value = 0_i64;
        for byte in head {
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(byte - b'0');
        }
        self.rest = tail;
        Some(value)
    }

    fn eat(&mut self, wanted: &[u8]) -> Option<u8> {
        let (&first, tail) = self.rest.split_first()?;
        if wanted.contains(&first) {
            self.rest = tail;
            Some(first)
        } else {
            None
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}

fn parse_iso8601(text: &str) -> Option<Instant> {
    let mut cursor = Cursor {
        rest: text.as_bytes(),
    };
    let year = cursor.digits(4)?;
    let mut month = 1;
    let mut day = 1;
    let mut seconds_of_day = 0_i64;
    let mut nanos = 0_i128;
    let mut offset_seconds = 0_i64;
    if cursor.eat(b"-").is_some() {
        month = cursor.digits(2)?;
        if cursor.eat(b"-").is_some() {
            day = cursor.digits(2)?;
            if cursor.eat(b"Tt").is_some() {
                let hour = cursor.digits(2)?;
                cursor.eat(b":")?;
                let minute = cursor.digits(2)?;
                let mut second = 0;
                if cursor.eat(b":").is_some() {
                    second = cursor.digits(2)?;
                    if cursor.eat(b".,").is_some() {
                        let digits_len = cursor
                            .rest
                            .iter()
                            .take_while(|b| b.is_ascii_digit())
                            .count();
                        if digits_len == 0 {
                            return None;
                        }
                        let (digits, tail) = cursor.rest.split_at_checked(digits_len)?;
                        nanos = fraction_nanos(std::str::from_utf8(digits).ok()?)?;
                        cursor.rest = tail;
                    }
                }
                // Second 60 is a leap second; it reads as the first second of the next minute.
                if hour > 23 || minute > 59 || second > 60 {
                    return None;
                }
                seconds_of_day = hour * 3600 + minute * 60 + second;
                offset_seconds = parse_offset(&mut cursor)?;
            }
        }
    }
    if !cursor.is_empty()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + seconds_of_day - offset_seconds;
    Some(Instant(i128::from(seconds) * NANOS_PER_SECOND + nanos))
}

/// `Z`, `+hh:mm`, `+hhmm`, `+hh` (and `-`), or nothing (UTC). Returns the offset east of UTC in seconds.
fn parse_offset(cursor: &mut Cursor<'_>) -> Option<i64> {
    match cursor.peek() {
        None => Some(0),
        Some(b'Z' | b'z') => {
            cursor.eat(b"Zz")?;
            Some(0)
        }
        Some(b'+' | b'-') => {
            let sign = if cursor.eat(b"+-")? == b'-' { -1 } else { 1 };
            let hours = cursor.digits(2)?;
            let minutes = if cursor.is_empty() {
                0
            } else {
                cursor.eat(b":");
                cursor.digits(2)?
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            Some(sign * (hours * 3600 + minutes * 60))
        }
        Some(_) => None,
    }
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the well-known civil-from-days inverse).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `true` / `false` in any case (reference_policies_elements_condition_operators.md, "Boolean condition
/// operators"; JSON `true` reaches us as the string `true`).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Decodes standard base64 (`A-Z a-z 0-9 + /`, `=` padding optional). `BinaryEquals` compares "byte for byte
/// against a base-64 encoded representation of the binary value in the policy"
/// (reference_policies_elements_condition_operators.md, "Binary condition operators").
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let unpadded = text
        .strip_suffix("==")
        .or_else(|| text.strip_suffix('='))
        .unwrap_or(text);
    if unpadded.len() % 4 == 1 || (unpadded.len() != text.len() && !text.len().is_multiple_of(4)) {
        return None;
    }
    let mut bytes = Vec::with_capacity(unpadded.len() / 4 * 3 + 2);
    let mut buffer = 0_u32;
    let mut bits = 0_u32;
    for byte in unpadded.bytes() {
        let sextet = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(sextet);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(bytes)
}

/// A policy's IP value: CIDR (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`) or a bare address, which means
/// `/32` (IPv4) or `/128` (IPv6) (reference_policies_elements_condition_operators.md, "IP address condition
/// operators").
pub fn parse_ip_network(text: &str) -> Option<ipnet::IpNet> {
    text.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
}

/// A request's IP value: one address, v4 or v6.
pub fn parse_ip_address(text: &str) -> Option<IpAddr> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn num(text: &str) -> Decimal<'_> {
        Decimal::parse(text).unwrap_or_else(|| panic!("`{text}` should be a number"))
    }

    // reference_policies_elements_condition_operators.md, "Numeric condition operators": integers and decimals.
    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(num("10"), num("10.0"));
        assert_eq!(num("010"), num("+10.000"));
        assert_eq!(num("-0"), num("0"));
        assert_eq!(num(".5"), num("0.50"));
        assert!(num("9") < num("10"));
        assert!(num("0.5") < num("0.51"));
        assert!(num("0.6") > num("0.51"));
        assert!(num("-2") < num("-1.5"));
        assert!(num("-0.1") < num("0"));
        assert!(num("12345678901234567890123") > num("12345678901234567890122.9"));
    }

    #[test]
    fn non_numbers_are_rejected() {
        for text in [
            "", "-", "+", ".", "1e3", " 1", "1 ", "0x10", "NaN", "1.2.3", "--1", "١",
        ] {
            assert!(Decimal::parse(text).is_none(), "`{text}` is not a number");
        }
    }

    fn at(text: &str) -> Instant {
        Instant::parse(text).unwrap_or_else(|| panic!("`{text}` should be a date"))
    }

    // reference_policies_elements_condition_operators.md, "Date condition operators": W3C ISO 8601 or epoch.
    #[test]
    fn date_forms_are_the_same_instant() {
        let new_year_2020 = Instant::from_unix_seconds(1_577_836_800);
        for text in [
            "2020-01-01",
            "2020-01",
            "2020-01-01T00:00Z",
            "2020-01-01T00:00:00Z",
            "2020-01-01T00:00:00.000Z",
            "2020-01-01T00:00:00",
            "2020-01-01t00:00:00z",
            "2020-01-01T01:00:00+01:00",
            "2020-01-01T01:00:00+0100",
            "2020-01-01T01:00:00+01",
            "2019-12-31T19:00:00-05:00",
            "1577836800",
            "1577836800.000",
        ] {
            assert_eq!(at(text), new_year_2020, "{text}");
        }
    }

    #[test]
    fn date_fractions_and_order() {
        assert!(at("2020-01-01T00:00:00.5Z") > at("2020-01-01T00:00:00Z"));
        assert_eq!(at("2020-01-01T00:00:00.5Z"), at("1577836800.5"));
        assert!(at("2020-01-01T00:00:01Z") > at("2020-01-01T00:00:00.999999999Z"));
        assert!(at("1969-12-31T23:59:59Z") < at("0"));
        assert_eq!(at("-1"), at("1969-12-31T23:59:59Z"));
        assert_eq!(at("2000-03-01"), Instant::from_unix_seconds(951_868_800));
        assert_eq!(at("2024-02-29"), Instant::from_unix_seconds(1_709_164_800));
    }

    #[test]
    fn bad_dates_are_rejected() {
        for text in [
            "",
            "2020-13-01",
            "2020-02-30",
            "2019-02-29",
            "2020-01-01T24:00:00Z",
            "2020-01-01T00:60Z",
            "2020-01-01T00:00:00+25:00",
            "2020-01-01T00:00:00Y",
            "2020-01-01T",
            "2020-01-01T00",
            "2020-1-1",
            "01/01/2020",
            "2020-01-01T00:00:00.Z",
            "yesterday",
            "99999999999999999999",
        ] {
            assert!(Instant::parse(text).is_none(), "`{text}` is not a date");
        }
    }

    #[test]
    fn bools_ignore_case() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        assert_eq!(parse_bool("yes"), None);
        assert_eq!(parse_bool("1"), None);
    }

    // The doc's own example value.
    #[test]
    fn base64_decodes_the_doc_example() {
        assert_eq!(
            decode_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA==").as_deref(),
            Some(&b"BinaryValueInBase64"[..])
        );
        assert_eq!(decode_base64("QQ").as_deref(), Some(&b"A"[..]));
        assert_eq!(decode_base64("QUI=").as_deref(), Some(&b"AB"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        for bad in ["Q", "QQ=", "Q===", "QU!=", "QUJD RA==", "QQ==QQ=="] {
            assert!(decode_base64(bad).is_none(), "`{bad}` is not base64");
        }
    }

    #[test]
    fn ip_networks_default_to_host_prefix() {
        let host = parse_ip_network("203.0.113.7").map(|n| n.prefix_len());
        assert_eq!(host, Some(32));
        let host6 = parse_ip_network("2001:db8::1").map(|n| n.prefix_len());
        assert_eq!(host6, Some(128));
        assert!(parse_ip_network("2001:DB8:1234:5678::/64").is_some());
        assert!(parse_ip_network("203.0.113.0/33").is_none());
        assert!(parse_ip_network("example.com").is_none());
        assert!(parse_ip_address("203.0.113.0/24").is_none());
    }
}
