//! Checking what an analyst types at the REPL — an expression, a record literal — against a program that
//! was already loaded and checked, without re-reading the policy files. Names resolve exactly as they do in
//! the policy (fields and decisions of the record in context, scenario values, parameters, definitions,
//! enum variants), plus the samples the policy declares and those defined at the prompt.

use crate::check::Checker;
use crate::ir::{Expr, Program, RecordId, SampleDef};
use crate::types::Type;
use jz_syntax::{ast, Diagnostic};

/// The names of one checked program, ready to check REPL input. Build it once per loaded program.
pub struct Scope {
    checker: Checker<'static>,
}

impl Scope {
    pub fn new(program: &Program, samples: &[SampleDef]) -> Scope {
        Scope { checker: Checker::for_program(program, samples) }
    }

    /// Make a sample usable as the base of later record literals (replacing one of the same name).
    pub fn add_sample(&mut self, sample: SampleDef) {
        self.checker.add_sample(sample);
    }

    pub fn remove_sample(&mut self, name: &str) {
        self.checker.remove_sample(name);
    }

    /// Type-check an expression; `record` puts that record's fields and decisions in scope; with `expected`
    /// the expression must have that type (a bare integer then reads as a decimal, a variant as that enum's).
    pub fn expr(
        &mut self,
        e: &ast::Expr,
        record: Option<RecordId>,
        expected: Option<&Type>,
    ) -> Result<Expr, Vec<Diagnostic>> {
        self.checker.check_expr(e, record, expected)
    }

    /// Type-check a record literal whose base is a record type (every required field given) or a sample.
    pub fn record_lit(&mut self, lit: &ast::RecordLit) -> Result<(RecordId, Vec<Option<Expr>>), Vec<Diagnostic>> {
        self.checker.check_record_lit(lit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ExprKind;
    use crate::load_text;
    use jz_syntax::{parse_expr, parse_record_lit};

    const SRC: &str = "
枚举 级别 { 无, 黄色, 橙色 }
情景 { 预警级别: 级别 = 无 }
参数 上限 = 35 [t/h] 开放 范围 [10 [t/h], 35 [t/h]]
记录 企业 键 代码 { 代码: 文本; 蒸吨: 数值 [t/h]; 等级: 级别; 备注: 文本? }
定义 预警中 = 预警级别 > 无
关于 企业
定义 大锅炉 = 蒸吨 > 上限
判定 淘汰: 布尔 默认 否 { 规则 r 依据 \"三（二）\": 当 大锅炉 则 是 }
样本 甲 = 企业 { 代码: \"1\", 蒸吨: 40 [t/h], 等级: 黄色 }
";

    fn scope() -> (Program, Scope, Vec<SampleDef>) {
        let mut c = load_text("t.jz", SRC, std::path::Path::new("."));
        assert!(!c.has_errors(), "{:?}", c.diagnostics);
        let p = c.program.take().unwrap();
        let s = Scope::new(&p, &c.samples);
        (p, s, c.samples)
    }

    fn expr(s: &mut Scope, text: &str, record: Option<RecordId>) -> Result<Expr, Vec<Diagnostic>> {
        s.expr(&parse_expr(99, text, 0).unwrap(), record, None)
    }

    #[test]
    fn names_resolve_as_in_the_policy() {
        let (p, mut s, samples) = scope();
        assert_eq!(samples.len(), 1);
        assert_eq!(samples[0].name, "甲");
        let rec = p.record("企业");
        let e = expr(&mut s, "淘汰 且 大锅炉 且 蒸吨 > 上限 且 预警中", rec).unwrap();
        assert_eq!(e.ty, Type::Bool);
        let e = expr(&mut s, "预警级别 == 橙色", None).unwrap();
        assert!(matches!(e.kind, ExprKind::Cmp(..)));
        let e = expr(&mut s, "上限 + 1 [t/h]", None).unwrap();
        assert_eq!(p.type_name(&e.ty), "数值 [t/h]");
    }

    #[test]
    fn errors_are_the_checkers_diagnostics_with_repl_help() {
        let (p, mut s, _) = scope();
        let d = expr(&mut s, "蒸吨 > 50 [mg/m3]", p.record("企业")).unwrap_err();
        assert_eq!(d[0].code, "E0302");
        assert_eq!(d[0].primary.file, 99);
        let d = expr(&mut s, "蒸吨 > 1 [t/h]", None).unwrap_err();
        assert_eq!(d[0].code, "E0202");
        assert!(d[0].help.as_deref().unwrap_or("").contains("样本"), "{:?}", d[0].help);
        let d = expr(&mut s, "备注 == \"x\"", p.record("企业")).unwrap_err();
        assert_eq!(d[0].code, "E0307");
        // an error does not leave state behind: the next check is clean
        assert!(expr(&mut s, "有 备注 且 备注 == \"x\"", p.record("企业")).is_ok());
    }

    #[test]
    fn expected_type_is_enforced_and_guides_literals() {
        let (p, mut s, _) = scope();
        let th = p.params[0].ty.clone();
        assert!(s.expr(&parse_expr(0, "20 [t/h]", 0).unwrap(), None, Some(&th)).is_ok());
        let d = s.expr(&parse_expr(0, "20 [MW]", 0).unwrap(), None, Some(&th)).unwrap_err();
        assert_eq!(d[0].code, "E0302");
        let lvl = p.scenario[0].ty.clone();
        assert!(s.expr(&parse_expr(0, "橙色", 0).unwrap(), None, Some(&lvl)).is_ok());
    }

    #[test]
    fn record_literals_use_samples_including_added_ones() {
        let (p, mut s, _) = scope();
        let (r, fields) = s.record_lit(&parse_record_lit(0, "甲 { 等级: 橙色 }", 0).unwrap()).unwrap();
        assert_eq!(Some(r), p.record("企业"));
        assert_eq!(fields.iter().filter(|f| f.is_some()).count(), 3);
        let d = s.record_lit(&parse_record_lit(0, "企业 { 代码: \"2\" }", 0).unwrap()).unwrap_err();
        assert_eq!(d[0].code, "E0405");
        let d = s.record_lit(&parse_record_lit(0, "甲 { 吨位: 1 }", 0).unwrap()).unwrap_err();
        assert_eq!(d[0].code, "E0205");
        s.add_sample(SampleDef { name: "乙".into(), record: r, fields, span: Default::default() });
        assert!(s.record_lit(&parse_record_lit(0, "乙 { 蒸吨: 1 [t/h] }", 0).unwrap()).is_ok());
        s.remove_sample("乙");
        let d = s.record_lit(&parse_record_lit(0, "乙 {}", 0).unwrap()).unwrap_err();
        assert_eq!(d[0].code, "E0204");
    }
}
