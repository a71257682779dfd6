//! The data readers: bytes as a CSV, JSON Lines or XLSX file (the first byte picks the format) read against
//! a record through jz-data's public API (`open`, `next_chunk`, `parse_chunk`): no panic, and every row read
//! is either in the batch or rejected (rows in = rows out + rows rejected).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::sync::OnceLock;

const POLICY: &str = "政策 模糊.数据 \"数据\"
枚举 级别 { 无, 黄色, 红色 }
记录 企业 键 代码 { 代码: 文本, 蒸吨: 数值 [t/h], 台数: 整数, 在用: 布尔, 等级: 级别, 投产: 日期, 期限: 天数, 备注: 文本?, 排放: 集合<级别> }
";

fn program() -> &'static jz_check::ir::Program {
    static P: OnceLock<jz_check::ir::Program> = OnceLock::new();
    P.get_or_init(|| {
        jz_check::load_text("数据.jz", POLICY, &jz_fuzz::base_dir()).program.expect("the data policy checks")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, body)) = data.split_first() else { return };
    let ext = ["csv", "jsonl", "xlsx"][kind as usize % 3];
    let p = program();
    let Some(record) = p.record("企业") else { return };
    let dir = jz_fuzz::base_dir();
    let path = dir.join(format!("input-{}.{ext}", std::process::id()));
    if std::fs::write(&path, body).is_err() {
        return;
    }
    let Ok((mut source, schema)) = jz_data::open(p, record, &path) else { return };
    let mut chunks = 0;
    while let Ok(Some(chunk)) = source.next_chunk(7) {
        let (batch, rejects) = jz_data::parse_chunk(p, &schema, &chunk);
        let rejected: HashSet<u64> = rejects.iter().map(|r| r.row).collect();
        assert_eq!(chunk.len(), batch.len() + rejected.len(), "rows in != rows out + rejected");
        chunks += 1;
        if chunks > 10_000 {
            break;
        }
    }
});
