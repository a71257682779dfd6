//! Property: on generated programs written in random layouts — Chinese or English keywords, half- or
//! full-width punctuation, random spaces, line breaks, blank lines, line and block comments between any two
//! tokens — formatting is idempotent, keeps every comment, and the program checks to the same IR (or the same
//! diagnostics) before and after, in both punctuation modes. `JZ_FMT_CASES` sets the number of programs
//! (default 100, about 25 s in the debug test profile); a failure prints the seed and the program.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use jz_fmt::{format, Options, Punct};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

struct Gen {
    rng: ChaCha8Rng,
    en: bool,
    full: bool,
    toks: Vec<String>,
    comments: usize,
}

impl Gen {
    fn kw(&mut self, zh: &str, en: &str) {
        // keywords mostly follow the file's spelling, sometimes the other one
        let english = if self.rng.gen_bool(0.1) { !self.en } else { self.en };
        self.toks.push(if english { en } else { zh }.to_string());
    }
    fn t(&mut self, s: &str) {
        self.toks.push(s.to_string());
    }
    fn p(&mut self, half: &str) {
        let full = self.full || self.rng.gen_bool(0.1);
        let s = match (half, full) {
            (":", true) => "：",
            (",", true) => {
                if self.rng.gen_bool(0.3) {
                    "、"
                } else {
                    "，"
                }
            }
            (";", true) => "；",
            ("(", true) => "（",
            (")", true) => "）",
            (h, _) => h,
        };
        self.t(s);
    }

    fn bool_expr(&mut self, depth: u32, defs: usize) {
        let k = self.rng.gen_range(0..if depth > 2 { 8 } else { 14 });
        match k {
            0 => self.t("真假"),
            1 => {
                self.t("数");
                let op = [">", "<=", "==", "!=", "≥"][self.rng.gen_range(0..5)];
                self.t(op);
                let n = self.rng.gen_range(0..100).to_string();
                self.t(&n);
            }
            2 => {
                self.t("级");
                self.t(">=");
                let v = ["无", "黄", "橙", "红"][self.rng.gen_range(0..4)];
                self.t(v);
            }
            3 => {
                self.t("集");
                self.kw("包含", "contains");
                self.t("红");
            }
            4 => {
                self.t("日");
                self.kw("在", "in");
                self.t("11-15");
                self.t("..");
                self.t("03-15");
            }
            5 => {
                self.t("代码");
                self.kw("开头为", "starts with");
                self.t("{");
                self.t("\"1\"");
                self.p(",");
                self.t("“2”");
                self.t("}");
            }
            6 if defs > 0 => {
                let d = format!("定义{}", self.rng.gen_range(0..defs));
                self.t(&d);
            }
            6 | 7 => {
                self.t("-");
                self.t("数");
                self.t("<");
                self.t("上限");
            }
            8 => {
                self.p("(");
                self.bool_expr(depth + 1, defs);
                self.p(")");
            }
            9 => {
                self.kw("非", "not");
                self.bool_expr(depth + 1, defs);
            }
            10 => {
                self.bool_expr(depth + 1, defs);
                self.kw("且", "and");
                self.bool_expr(depth + 1, defs);
            }
            11 => {
                self.bool_expr(depth + 1, defs);
                self.kw("或", "or");
                self.bool_expr(depth + 1, defs);
            }
            12 => {
                self.t("最大");
                self.p("(");
                self.t("数");
                self.p(",");
                self.t("2.5");
                self.p(")");
                self.t(">");
                self.t("3");
            }
            _ => {
                self.p("(");
                self.kw("若", "if");
                self.bool_expr(depth + 1, defs);
                self.kw("则", "then");
                self.bool_expr(depth + 1, defs);
                self.kw("否则", "else");
                self.bool_expr(depth + 1, defs);
                self.p(")");
            }
        }
    }

    fn program(&mut self) {
        self.kw("枚举", "enum");
        self.t("级别");
        self.t("{");
        for (i, v) in ["无", "黄", "橙", "红"].iter().enumerate() {
            if i > 0 {
                self.p(",");
            }
            self.t(v);
        }
        self.t("}");
        self.kw("记录", "record");
        self.t("企业");
        self.kw("键", "key");
        self.t("代码");
        self.t("{");
        let fields: [(&str, &[&str]); 6] = [
            ("代码", &["文本"]),
            ("数", &["数值"]),
            ("真假", &["布尔"]),
            ("级", &["级别"]),
            ("集", &["集合", "<", "级别", ">"]),
            ("日", &["日期"]),
        ];
        for (i, (f, ty)) in fields.iter().enumerate() {
            if i > 0 {
                self.p(",");
            }
            self.t(f);
            self.p(":");
            for t in *ty {
                self.t(t);
            }
        }
        self.t("}");
        self.kw("情景", "scenario");
        self.t("{");
        self.t("预警");
        self.p(":");
        self.t("级别");
        self.t("=");
        self.t("无");
        self.t("}");
        self.kw("参数", "param");
        self.t("上限");
        self.p(":");
        self.t("数值");
        self.t("=");
        self.t("10");
        self.kw("开放", "open");
        self.kw("范围", "range");
        self.t("[");
        self.t("1");
        self.p(",");
        self.t("20");
        self.t("]");
        self.kw("关于", "about");
        self.t("企业");
        let defs = self.rng.gen_range(0..4);
        for d in 0..defs {
            self.kw("定义", "define");
            let name = format!("定义{d}");
            self.t(&name);
            self.t("=");
            self.bool_expr(0, d);
        }
        let decisions = self.rng.gen_range(1..3);
        for k in 0..decisions {
            self.kw("判定", "decision");
            let name = format!("决定{k}");
            self.t(&name);
            self.p(":");
            self.t("级别");
            self.kw("默认", "default");
            self.t("无");
            self.t("{");
            let rules = self.rng.gen_range(0..4);
            for r in 0..rules {
                if r > 0 && self.rng.gen_bool(0.4) {
                    self.kw("例外", "exception");
                    let target = format!("规{k}_{}", r - 1);
                    self.t(&target);
                }
                self.kw("规则", "rule");
                let label = format!("规{k}_{r}");
                self.t(&label);
                self.kw("依据", "cites");
                self.t("\"三（四）\"");
                if self.rng.gen_bool(0.3) {
                    self.p(",");
                    self.t("“附件”");
                }
                self.p(":");
                self.kw("当", "when");
                self.bool_expr(0, defs);
                self.kw("则", "then");
                let v = ["黄", "橙", "红"][self.rng.gen_range(0..3)];
                self.t(v);
                if self.rng.gen_bool(0.2) {
                    self.p(";");
                }
            }
            self.t("}");
        }
        self.kw("保障", "guarantee");
        self.t("保障一");
        self.p(":");
        self.kw("当", "when");
        self.bool_expr(0, defs);
        self.kw("则", "then");
        self.t("决定0");
        self.t("<=");
        self.t("红");
        self.kw("测试", "test");
        self.t("\"一\"");
        self.t("{");
        self.kw("给定", "given");
        self.t("企业");
        self.t("{");
        let vals = [("代码", "\"1\""), ("数", "3"), ("真假", "是"), ("级", "黄"), ("日", "2026-01-01")];
        for (i, (f, v)) in vals.iter().enumerate() {
            if i > 0 {
                self.p(",");
            }
            self.t(f);
            self.p(":");
            self.t(v);
        }
        self.p(",");
        self.t("集");
        self.p(":");
        self.t("{");
        self.t("}");
        self.t("}");
        self.kw("期望", "expect");
        self.t("决定0");
        self.t(">=");
        self.t("无");
        self.t("}");
    }

    /// Join the tokens with random whitespace and comments (at least a space between two word tokens).
    fn text(&mut self) -> String {
        let mut out = String::new();
        let word = |s: &str| s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '"' || c == '“' || c == '_');
        let toks = std::mem::take(&mut self.toks);
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                let need = word(&toks[i - 1]) && word(t)
                    || toks[i - 1] == "-" && t == "-"
                    || toks[i - 1].ends_with('.') && t.starts_with('.');
                let sep = match self.rng.gen_range(0..20) {
                    0..=9 => " ".to_string(),
                    10..=11 => "\n".to_string(),
                    12 => "\n\n\n    ".to_string(),
                    13 => "\t ".to_string(),
                    14 => {
                        self.comments += 1;
                        format!(" /* 注{} */ ", self.comments)
                    }
                    15 => {
                        self.comments += 1;
                        format!(" // 注{}\n  ", self.comments)
                    }
                    16 => "\u{3000}".to_string(),
                    _ if need => " ".to_string(),
                    _ => String::new(),
                };
                out.push_str(&sep);
            }
            out.push_str(t);
        }
        out.push('\n');
        out
    }
}

#[test]
fn generated_programs_in_random_layouts_format_to_the_same_program() {
    let cases: u64 = std::env::var("JZ_FMT_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let dir = common::scratch("generated");
    let (mut checked_ok, mut comments) = (0, 0);
    for seed in 0..cases {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (en, full) = (rng.gen_bool(0.5), rng.gen_bool(0.3));
        let mut g = Gen { rng, en, full, toks: Vec::new(), comments: 0 };
        g.program();
        let src = g.text();
        let (da, db) = (dir.join("a"), dir.join("b"));
        std::fs::create_dir_all(&da).unwrap();
        std::fs::create_dir_all(&db).unwrap();
        let orig = da.join("政策.jz");
        std::fs::write(&orig, &src).unwrap();
        let before = common::meaning(&orig, &da);
        if before.contains("\nSome(") {
            checked_ok += 1;
        }
        for punct in [Punct::Half, Punct::Full] {
            let opts = Options { punct };
            let out = format(&src, &opts).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{src}"));
            assert_eq!(format(&out, &opts).unwrap(), out, "seed {seed}: not idempotent\n{src}");
            for k in 1..=g.comments {
                let kept = out.contains(&format!("注{k} ")) || out.contains(&format!("注{k}\n"));
                assert!(kept, "seed {seed}: comment {k} lost\n{src}\n----\n{out}");
            }
            let formatted = db.join("政策.jz");
            std::fs::write(&formatted, &out).unwrap();
            let after = common::meaning(&formatted, &db);
            assert_eq!(before, after, "seed {seed} ({punct:?}): meaning changed\n{src}\n----\n{out}");
        }
        comments += g.comments;
    }
    // the generator must produce programs that check (not only diagnostics) and comments
    assert!(checked_ok * 2 > cases, "only {checked_ok} of {cases} generated programs checked");
    assert!(comments > cases as usize, "{comments} comments in {cases} programs");
}
