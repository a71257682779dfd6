//! A REPL entry: one line parsed as an expression and as a record literal (spans offset into the line as the
//! REPL does), then checked against a loaded program with `jz_check::Scope` and, when it checks, evaluated
//! by the interpreter for the policy's sample.
#![no_main]
use jz_check::Scope;
use jz_eval::{Frame, Interp};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const POLICY: &str = "政策 模糊.会话 \"会话\"
枚举 级别 { 无, 黄色, 红色 }
情景 { 预警: 级别 = 无 }
参数 上限 = 35 [t/h] 开放 范围 [10 [t/h], 35 [t/h]]
记录 企业 键 代码 { 代码: 文本, 蒸吨: 数值 [t/h], 等级: 级别, 备注: 文本?, 投产: 日期 }
关于 企业
定义 大 = 蒸吨 > 上限
判定 限产: 布尔 默认 否 { 规则 依据 \"一\": 当 大 且 预警 >= 黄色 则 是 }
样本 普通 = 企业 { 代码: \"1\", 蒸吨: 20 [t/h], 等级: 无, 投产: 2020-01-01 }
";

fn program() -> &'static jz_check::Checked {
    static P: OnceLock<jz_check::Checked> = OnceLock::new();
    P.get_or_init(|| jz_check::load_text("会话.jz", POLICY, &jz_fuzz::base_dir()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    if line.contains('\n') {
        return;
    }
    let line = line.to_owned();
    jz_fuzz::on_big_stack(move || {
        let line = line.as_str();
        let checked = program();
        let Some(p) = &checked.program else { panic!("the session policy does not check") };
        let mut scope = Scope::new(p, &checked.samples);
        // `:type ` + expression, as typed
        let start = 6;
        let typed = format!(":type {line}");
        match jz_syntax::parse_expr(0, line, start) {
            Ok(e) => match scope.expr(&e, p.record("企业"), None) {
                Ok(x) => {
                    let it = Interp::new(p);
                    let fields = match checked.samples.first() {
                        Some(s) => s.fields.iter().map(|f| f.as_ref().map_or(jz_check::Value::Absent, |e| {
                            let mut fr = Frame::new(p, Vec::new(), it.default_scenario());
                            it.eval(&mut fr, e).unwrap_or(jz_check::Value::Absent)
                        })).collect(),
                        None => Vec::new(),
                    };
                    let mut frame = Frame::new(p, fields, it.default_scenario());
                    let _ = it.eval(&mut frame, &x);
                }
                Err(ds) => jz_fuzz::check_diagnostics(|_| typed.clone(), &ds),
            },
            Err(d) => jz_fuzz::check_diagnostics(|_| typed.clone(), &[d]),
        }
        match jz_syntax::parse_record_lit(0, line, start) {
            Ok(r) => {
                if let Err(ds) = scope.record_lit(&r) {
                    jz_fuzz::check_diagnostics(|_| typed.clone(), &ds);
                }
            }
            Err(d) => jz_fuzz::check_diagnostics(|_| typed.clone(), &[d]),
        }
    });
});
