//! Unified social credit codes (统一社会信用代码, GB 32100-2015) with real check characters.
//!
//! Layout: `9` (registered by market regulation) `1` (enterprise) + 6-digit administrative division code +
//! 9-character organisation code (8-character body + GB 11714 check character) + GB 32100 check character.
//! The organisation-code body is a bijection of the row index, so codes are unique per generated file.

use crate::rng::{affine, mix};

/// The 31 characters a unified social credit code may contain (no I, O, Z, S, V).
pub const USCC_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
const DIGIT_SPACE: u64 = 100_000_000;
/// Multiplier of the index scramble; coprime with 10^8.
const SCRAMBLE: u64 = 73_939_133;

fn uscc_value(c: u8) -> Option<u32> {
    USCC_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

fn org_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// GB 11714 check character of an 8-character organisation-code body.
pub fn org_check(body: &[u8]) -> Option<u8> {
    if body.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in body.iter().zip(ORG_WEIGHTS) {
        sum += org_value(c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    })
}

/// GB 32100 check character of the first 17 characters.
pub fn uscc_check(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, w) in first17.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(c)? * w;
    }
    Some(USCC_CHARS[((31 - sum % 31) % 31) as usize])
}

/// True when `code` is 18 characters with valid organisation-code and social-credit check characters.
pub fn is_valid(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 18
        && b.iter().all(|c| USCC_CHARS.contains(c))
        && org_check(&b[8..16]) == Some(b[16])
        && uscc_check(&b[..17]) == Some(b[17])
}

/// Writes the code for row `index` of a file generated with `salt` into `out` (cleared first).
/// `division` is the 6-digit administrative division code of the county.
pub fn write_code(out: &mut String, division: &str, index: u64, salt: u64) {
    let mut body = [b'0'; 8];
    if index < DIGIT_SPACE {
        let mut n = affine(index, SCRAMBLE, mix(salt) % DIGIT_SPACE, DIGIT_SPACE);
        for slot in body.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    } else {
        // Beyond 10^8 rows: `Y` + 7 base-31 characters; never equal to an all-digit body.
        body[0] = b'Y';
        let mut n = index - DIGIT_SPACE;
        for slot in body[1..].iter_mut().rev() {
            *slot = USCC_CHARS[(n % 31) as usize];
            n /= 31;
        }
    }
    write_with_body(out, division, &body);
}

/// Writes the code with an explicit organisation-code body (8 characters from [`USCC_CHARS`]).
pub fn write_with_body(out: &mut String, division: &str, body: &[u8; 8]) {
    out.clear();
    out.push_str("91");
    out.push_str(division);
    for &c in body {
        out.push(char::from(c));
    }
    out.push(char::from(org_check(body).unwrap_or(b'0')));
    let check = uscc_check(out.as_bytes()).unwrap_or(b'0');
    out.push(char::from(check));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_example_is_valid() {
        // The worked example of GB 32100-2015.
        assert!(is_valid("91350100M000100Y43"));
        assert!(!is_valid("91350100M000100Y44"));
        assert!(!is_valid("91350100M000100Y4"));
    }

    #[test]
    fn generated_codes_are_valid_and_distinct() {
        let mut s = String::new();
        let mut seen = std::collections::BTreeSet::new();
        for i in (0..5000).chain(DIGIT_SPACE - 3..DIGIT_SPACE + 3) {
            write_code(&mut s, "130481", i, 99);
            assert!(is_valid(&s), "{s}");
            assert!(seen.insert(s.clone()));
        }
    }
}
