//! The fast path for JSON Lines: a flat object whose members are strings, numbers, booleans, null or arrays
//! of strings is scanned in place (no `serde_json::Value`, strings borrowed unless they hold escapes). Any
//! other line — nested values, a syntax error, anything unusual — returns `None` and is read by
//! `serde_json`, which decides and words the error; so the result is always what `serde_json` gives.

use std::borrow::Cow;

/// One member's value.
#[derive(Clone, Debug, PartialEq)]
pub enum JVal<'a> {
    Str(Cow<'a, str>),
    /// The number's text exactly as written (as `serde_json` with `arbitrary_precision` keeps it).
    Num(&'a str),
    Bool(bool),
    Null,
    Strs(Vec<Cow<'a, str>>),
}

struct P<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> P<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek() == Some(c)).then(|| self.i += 1)
    }
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.i;
        let b = self.s.as_bytes();
        let k = memchr::memchr2(b'"', b'\\', b.get(start..)?)?;
        let body = b.get(start..start + k)?;
        if body.iter().any(|c| *c < 0x20) {
            return None;
        }
        self.i = start + k;
        if b.get(self.i) == Some(&b'"') {
            let out = self.s.get(start..self.i)?;
            self.i += 1;
            return Some(Cow::Borrowed(out));
        }
        let mut out = String::from(self.s.get(start..self.i)?);
        loop {
            match b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    let e = *b.get(self.i + 1)?;
                    self.i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if b.get(self.i) != Some(&b'\\') || b.get(self.i + 1) != Some(&b'u') {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                            } else {
                                char::from_u32(hi)?
                            };
                            out.push(c);
                        }
                        _ => return None,
                    }
                }
                c if *c < 0x20 => return None,
                _ => {
                    let ch = self.s.get(self.i..)?.chars().next()?;
                    out.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
    /// `"key"` at the cursor, when it is exactly `key` (no escapes): the key, and the cursor after it.
    fn expected_key(&mut self, key: &str) -> Option<Cow<'a, str>> {
        let b = self.s.as_bytes();
        let start = self.i + 1;
        let end = start + key.len();
        if b.get(self.i) == Some(&b'"') && b.get(start..end) == Some(key.as_bytes()) && b.get(end) == Some(&b'"') {
            self.i = end + 1;
            return self.s.get(start..end).map(Cow::Borrowed);
        }
        None
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        self.i += 4;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    }
    fn number(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        let start = self.i;
        if b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match b.get(self.i)? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while b.get(self.i).is_some_and(u8::is_ascii_digit) {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        if b.get(self.i) == Some(&b'.') {
            self.i += 1;
            let d = self.i;
            while b.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            if self.i == d {
                return None;
            }
        }
        if matches!(b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let d = self.i;
            while b.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            if self.i == d {
                return None;
            }
        }
        self.s.get(start..self.i)
    }
    fn lit(&mut self, word: &str) -> Option<()> {
        self.s.get(self.i..)?.starts_with(word).then(|| self.i += word.len())
    }
    fn value(&mut self) -> Option<JVal<'a>> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(JVal::Str),
            b't' => self.lit("true").map(|()| JVal::Bool(true)),
            b'f' => self.lit("false").map(|()| JVal::Bool(false)),
            b'n' => self.lit("null").map(|()| JVal::Null),
            b'[' => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Some(JVal::Strs(v));
                }
                loop {
                    v.push(self.string()?);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(JVal::Strs(v));
                        }
                        _ => return None,
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number().map(JVal::Num),
            _ => None,
        }
    }
}

/// The members of a flat JSON object, in order (a repeated key appears twice; the last one counts, as in
/// `serde_json`). `None`: not such an object; let `serde_json` read it.
/// `expect`: the keys in the order they usually come (the record's fields); a key found where expected is
/// matched without being scanned.
pub fn flat_object<'a>(s: &'a str, out: &mut Vec<(Cow<'a, str>, JVal<'a>)>, expect: &[String]) -> Option<()> {
    out.clear();
    let mut p = P { s, i: 0 };
    p.eat(b'{')?;
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let k = match expect.get(out.len()).and_then(|e| p.expected_key(e)) {
                Some(k) => k,
                None => p.string()?,
            };
            p.eat(b':')?;
            let v = p.value()?;
            out.push((k, v));
            p.ws();
            match p.peek()? {
                b',' => p.i += 1,
                b'}' => {
                    p.i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    p.ws();
    (p.i == s.len()).then_some(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn members(s: &str) -> Option<Vec<(String, JVal<'_>)>> {
        let mut v = Vec::new();
        flat_object(s, &mut v, &["a".to_string(), "x".to_string()])?;
        Some(v.into_iter().map(|(k, v)| (k.into_owned(), v)).collect())
    }

    #[test]
    fn flat_objects_are_read_and_everything_else_is_left_to_serde() {
        let m =
            members(r#" {"a": "x\"y\u4e2d", "b":35.0,"c":true, "d":null, "e":["颗粒物","VOCs"], "f": -1e3} "#).unwrap();
        assert_eq!(m[0], ("a".into(), JVal::Str("x\"y中".into())));
        assert_eq!(m[1].1, JVal::Num("35.0"));
        assert_eq!(m[2].1, JVal::Bool(true));
        assert_eq!(m[3].1, JVal::Null);
        assert_eq!(m[4].1, JVal::Strs(vec!["颗粒物".into(), "VOCs".into()]));
        assert_eq!(m[5].1, JVal::Num("-1e3"));
        assert_eq!(members("{}").unwrap(), vec![]);
        for bad in [
            r#"{"a": {"b": 1}}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1} x"#,
            r#"["a"]"#,
            r#"{"a": [1]}"#,
            "{\"a\": \"x\ty\"}",
            r#"{"a": "\x"}"#,
            r#"{"a": 1."#,
            r#"{"a": tru}"#,
        ] {
            assert!(members(bad).is_none(), "{bad}");
        }
    }
}
