//! The fast path for JSON Lines: a flat object whose members are strings, numbers, booleans, null or arrays
//! of strings is scanned in place (no `serde_json::Value`, strings borrowed unless they hold escapes). Any
//! other line — nested values, a syntax error, anything unusual — returns `None` and is read by
//! `serde_json`, which decides and words the error; so the result is always what `serde_json` gives.

/// Where a string's text is: a range of the line, or — when it holds escapes — of [`Flat`]'s scratch text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
    owned: bool,
}

/// One member's value. Small and `Copy`: a line's members are written straight into a reused vector,
/// with nothing to drop (a member of borrowed-or-owned strings was 56 bytes, built on the stack and
/// copied, and most of the scanner's time went to that copy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JVal {
    Str(Span),
    /// The number's text exactly as written (as `serde_json` with `arbitrary_precision` keeps it).
    Num(Span),
    Bool(bool),
    Null,
    /// An array of strings: items `from..to` of [`Flat::items`].
    Strs(u32, u32),
}

/// A member's key: found where the record's fields put it (its index among the expected keys, matched
/// without a copy or a second comparison), or its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Key {
    Expected(u32),
    Name(Span),
}

/// The members of the last line read by [`flat_object`], with the buffers they point into (reused from
/// line to line).
#[derive(Debug, Default)]
pub struct Flat {
    pub members: Vec<(Key, JVal)>,
    items: Vec<Span>,
    scratch: String,
}

impl Flat {
    /// The text of a span of `line` (the line last given to [`flat_object`]).
    pub fn text<'a>(&'a self, line: &'a str, s: Span) -> &'a str {
        let r = s.start as usize..s.end as usize;
        if s.owned { self.scratch.get(r) } else { line.get(r) }.unwrap_or("")
    }
    /// The spans of an array's items.
    pub fn items(&self, from: u32, to: u32) -> &[Span] {
        self.items.get(from as usize..to as usize).unwrap_or(&[])
    }
}

/// `a == b` for the short keys of a record, compared a word at a time inline (the `memcmp` call per key
/// was 7% of reading a JSON Lines file).
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).map(u64::from_ne_bytes).unwrap_or(0);
    let words = x.by_ref().zip(y.by_ref()).all(|(p, q)| word(p) == word(q));
    words && x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

fn span(start: usize, end: usize, owned: bool) -> Option<Span> {
    Some(Span { start: u32::try_from(start).ok()?, end: u32::try_from(end).ok()?, owned })
}

struct P<'a> {
    s: &'a str,
    i: usize,
}

impl P<'_> {
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
    /// A string at the cursor; one with escapes is decoded into `scratch`.
    fn string(&mut self, scratch: &mut String) -> Option<Span> {
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
            self.i += 1;
            return span(start, start + k, false);
        }
        let from = scratch.len();
        scratch.push_str(self.s.get(start..self.i)?);
        loop {
            match b.get(self.i)? {
                b'"' => {
                    self.i += 1;
                    return span(from, scratch.len(), true);
                }
                b'\\' => {
                    let e = *b.get(self.i + 1)?;
                    self.i += 2;
                    match e {
                        b'"' => scratch.push('"'),
                        b'\\' => scratch.push('\\'),
                        b'/' => scratch.push('/'),
                        b'b' => scratch.push('\u{8}'),
                        b'f' => scratch.push('\u{c}'),
                        b'n' => scratch.push('\n'),
                        b'r' => scratch.push('\r'),
                        b't' => scratch.push('\t'),
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
                            scratch.push(c);
                        }
                        _ => return None,
                    }
                }
                c if *c < 0x20 => return None,
                _ => {
                    let ch = self.s.get(self.i..)?.chars().next()?;
                    scratch.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
    /// `"key"` at the cursor, when it is exactly `key` (no escapes): the cursor moves after it.
    fn expected_key(&mut self, key: &str) -> Option<()> {
        let b = self.s.as_bytes();
        let start = self.i + 1;
        let end = start + key.len();
        if b.get(self.i) == Some(&b'"')
            && b.get(end) == Some(&b'"')
            && b.get(start..end).is_some_and(|k| same(k, key.as_bytes()))
        {
            self.i = end + 1;
            return Some(());
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
    fn number(&mut self) -> Option<Span> {
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
        span(start, self.i, false)
    }
    fn lit(&mut self, word: &str) -> Option<()> {
        self.s.get(self.i..)?.starts_with(word).then(|| self.i += word.len())
    }
    fn value(&mut self, items: &mut Vec<Span>, scratch: &mut String) -> Option<JVal> {
        self.ws();
        match self.peek()? {
            b'"' => self.string(scratch).map(JVal::Str),
            b't' => self.lit("true").map(|()| JVal::Bool(true)),
            b'f' => self.lit("false").map(|()| JVal::Bool(false)),
            b'n' => self.lit("null").map(|()| JVal::Null),
            b'[' => {
                self.i += 1;
                let from = u32::try_from(items.len()).ok()?;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Some(JVal::Strs(from, from));
                }
                loop {
                    let item = self.string(scratch)?;
                    items.push(item);
                    self.ws();
                    match self.peek()? {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(JVal::Strs(from, u32::try_from(items.len()).ok()?));
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
/// `serde_json`), into `out`. `None`: not such an object; let `serde_json` read it.
/// `expect`: the keys in the order they usually come (the record's fields); a key found where expected is
/// matched without being scanned, as [`Key::Expected`].
pub fn flat_object(s: &str, out: &mut Flat, expect: &[String]) -> Option<()> {
    let Flat { members, items, scratch } = out;
    members.clear();
    items.clear();
    scratch.clear();
    let mut p = P { s, i: 0 };
    p.eat(b'{')?;
    p.ws();
    if p.peek() == Some(b'}') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let at = members.len();
            let k = match expect.get(at).and_then(|e| p.expected_key(e)) {
                Some(()) => Key::Expected(u32::try_from(at).ok()?),
                None => Key::Name(p.string(scratch)?),
            };
            p.eat(b':')?;
            let v = p.value(items, scratch)?;
            members.push((k, v));
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

    /// What the tests compare: each member's key and value as owned text.
    #[derive(Debug, PartialEq)]
    enum V {
        Str(String),
        Num(String),
        Bool(bool),
        Null,
        Strs(Vec<String>),
    }

    fn read(s: &str, expect: &[String]) -> Option<Vec<(String, V)>> {
        let mut f = Flat::default();
        flat_object(s, &mut f, expect)?;
        let text = |sp: Span| f.text(s, sp).to_string();
        Some(
            f.members
                .iter()
                .map(|(k, v)| {
                    let k = match k {
                        Key::Expected(i) => format!("={}", expect[*i as usize]),
                        Key::Name(n) => text(*n),
                    };
                    let v = match v {
                        JVal::Str(x) => V::Str(text(*x)),
                        JVal::Num(x) => V::Num(text(*x)),
                        JVal::Bool(b) => V::Bool(*b),
                        JVal::Null => V::Null,
                        JVal::Strs(a, b) => V::Strs(f.items(*a, *b).iter().map(|x| text(*x)).collect()),
                    };
                    (k, v)
                })
                .collect(),
        )
    }

    fn members(s: &str) -> Option<Vec<(String, V)>> {
        read(s, &["a".to_string(), "x".to_string()])
    }

    #[test]
    fn a_key_where_the_record_puts_it_is_matched_by_position_and_any_other_by_name() {
        let expect = ["a".to_string(), "b".to_string()];
        let m = read(r#"{"a": 1, "c": 2, "b": 3, "a\u0062": 4}"#, &expect).unwrap();
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["=a", "c", "b", "ab"]);
    }

    #[test]
    fn flat_objects_are_read_and_everything_else_is_left_to_serde() {
        let m = members(r#" {"a": "x\"y\u4e2d", "b":35.0,"c":true, "d":null, "e":["颗粒物","V\u004fCs"], "f": -1e3} "#)
            .unwrap();
        assert_eq!(m[0], ("=a".into(), V::Str("x\"y中".into())));
        assert_eq!(m[1].1, V::Num("35.0".into()));
        assert_eq!(m[2].1, V::Bool(true));
        assert_eq!(m[3].1, V::Null);
        assert_eq!(m[4].1, V::Strs(vec!["颗粒物".into(), "VOCs".into()]));
        assert_eq!(m[5].1, V::Num("-1e3".into()));
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
