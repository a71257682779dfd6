//! A superior policy's view of a refinement's decisions: copies of decisions (and the definitions that read
//! them) keeping only the rules declared in the superior policy's files. `上级.X` in a guarantee reads such a
//! copy, so "a county's measure is never harsher than the province's" is one guarantee that every back end
//! evaluates as it evaluates any decision; the verifier adds the province's copies of the outputs to find
//! records a refinement turns from decided into rejected.

use crate::ir::*;
use crate::types::{Type, Value};
use std::collections::{HashMap, HashSet, VecDeque};

impl Program {
    /// The refinement chain from the entry policy up to the policy it ultimately refines: indexes into
    /// `policies`, the entry first. A chain that loops (or names an unknown policy) stops there.
    pub fn chain(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.policies.len().checked_sub(1);
        while let Some(i) = cur {
            if out.contains(&i) {
                break;
            }
            out.push(i);
            cur = self
                .policies
                .get(i)
                .and_then(|p| p.refines.as_ref())
                .and_then(|name| self.policies.iter().position(|q| &q.name == name));
        }
        out
    }

    /// The policy of the chain that a file belongs to: the most superior one whose files (itself and what it
    /// brings in with `引用`) contain it. `None` for a file outside the entry's closure.
    pub fn level_of_file(&self, file: u32) -> Option<usize> {
        self.chain()
            .into_iter()
            .rev()
            .find(|&i| self.policies.get(i).is_some_and(|p| self.closure(p.file).contains(&file)))
    }

    /// The policy the whole chain refines (the province, for a county), or the entry when it refines nothing.
    pub fn root_policy(&self) -> Option<usize> {
        self.chain().last().copied()
    }

    /// Was this span (a rule's, a guarantee's) written below the root policy, i.e. by a refinement?
    pub fn by_refinement(&self, file: u32) -> bool {
        let root = self.root_policy();
        root.is_some() && self.level_of_file(file) != root
    }

    /// The decisions `wanted` as policy `policy` decides them (see [`Shadow`]): a decision whose rules are all
    /// visible to that policy and that reads nothing that differs is itself; every other gets a copy (made once
    /// and reused). Returns one id per wanted decision.
    pub fn shadows(&mut self, policy: usize, wanted: &[DecisionId]) -> Vec<DecisionId> {
        let Some(info) = self.policies.get(policy) else { return wanted.to_vec() };
        if self.chain().first() == Some(&policy) {
            return wanted.to_vec();
        }
        let visible: HashSet<u32> = self.closure(info.file).into_iter().collect();
        let prefix = info.name.clone();
        let nd = self.decisions.len();
        // graph over originals: node i < nd is decision i, nd + j is definition j; edges point from a reader to
        // what it reads
        let node_reads = |e: &Expr, out: &mut Vec<usize>| {
            e.walk(&mut |x| match x.kind {
                ExprKind::Decision(d) => out.push(d),
                ExprKind::Define(j) => out.push(nd + j),
                _ => {}
            })
        };
        let total = nd + self.defines.len();
        let mut reads: Vec<Vec<usize>> = vec![Vec::new(); total];
        let mut seed = vec![false; total];
        for (i, d) in self.decisions.iter().enumerate() {
            if d.shadow.is_some() {
                continue;
            }
            let Some(r) = reads.get_mut(i) else { continue };
            node_reads(&d.default, r);
            for rule in &d.rules {
                if visible.contains(&rule.span.file) {
                    if let Some(c) = &rule.cond {
                        node_reads(c, r);
                    }
                    node_reads(&rule.value, r);
                } else if let Some(s) = seed.get_mut(i) {
                    *s = true;
                }
            }
        }
        for (j, d) in self.defines.iter().enumerate() {
            if d.shadow.is_none() {
                if let Some(r) = reads.get_mut(nd + j) {
                    node_reads(&d.expr, r);
                }
            }
        }
        // what differs: the seeds and everything that reads them (reverse edges, breadth first)
        let mut readers: Vec<Vec<usize>> = vec![Vec::new(); total];
        for (i, rs) in reads.iter().enumerate() {
            for &x in rs {
                if let Some(v) = readers.get_mut(x) {
                    v.push(i);
                }
            }
        }
        let mut differs = seed.clone();
        let mut queue: VecDeque<usize> = (0..total).filter(|&i| seed.get(i) == Some(&true)).collect();
        while let Some(x) = queue.pop_front() {
            for &r in readers.get(x).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(d) = differs.get_mut(r) {
                    if !*d {
                        *d = true;
                        queue.push_back(r);
                    }
                }
            }
        }
        // what the wanted decisions need copied: the differing nodes they reach
        let mut need: Vec<usize> = Vec::new();
        let mut seen = vec![false; total];
        let mut stack: Vec<usize> = wanted.to_vec();
        while let Some(x) = stack.pop() {
            if seen.get(x) != Some(&false) || differs.get(x) != Some(&true) {
                continue;
            }
            if let Some(s) = seen.get_mut(x) {
                *s = true;
            }
            need.push(x);
            stack.extend(reads.get(x).into_iter().flatten().copied());
        }
        need.sort_unstable();
        // ids of the copies, reusing those made before
        let existing: HashMap<(bool, usize), usize> = self
            .decisions
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                d.shadow.as_ref().filter(|s| s.policy == policy && s.fixed.is_empty()).map(|s| ((true, s.of), i))
            })
            .chain(self.defines.iter().enumerate().filter_map(|(i, d)| {
                d.shadow.as_ref().filter(|s| s.policy == policy && s.fixed.is_empty()).map(|s| ((false, s.of), i))
            }))
            .collect();
        let mut dmap: HashMap<usize, usize> = HashMap::new();
        let mut fmap: HashMap<usize, usize> = HashMap::new();
        let mut new_decisions = Vec::new();
        let mut new_defines = Vec::new();
        for &x in &need {
            if x < nd {
                let id = existing.get(&(true, x)).copied().unwrap_or_else(|| {
                    new_decisions.push(x);
                    self.decisions.len() + new_decisions.len() - 1
                });
                dmap.insert(x, id);
            } else {
                let j = x - nd;
                let id = existing.get(&(false, j)).copied().unwrap_or_else(|| {
                    new_defines.push(j);
                    self.defines.len() + new_defines.len() - 1
                });
                fmap.insert(j, id);
            }
        }
        let remap = |e: &mut Expr| {
            let mut stack: Vec<&mut Expr> = vec![e];
            while let Some(x) = stack.pop() {
                match &mut x.kind {
                    ExprKind::Decision(d) => {
                        if let Some(n) = dmap.get(d) {
                            *d = *n;
                        }
                    }
                    ExprKind::Define(j) => {
                        if let Some(n) = fmap.get(j) {
                            *j = *n;
                        }
                    }
                    _ => stack.extend(x.children_mut()),
                }
            }
        };
        let mut copies = Vec::new();
        for &x in &new_decisions {
            let Some(orig) = self.decisions.get(x) else { continue };
            let keep: Vec<RuleId> = (0..orig.rules.len())
                .filter(|r| orig.rules.get(*r).is_some_and(|r| visible.contains(&r.span.file)))
                .collect();
            let index: HashMap<RuleId, RuleId> = keep.iter().enumerate().map(|(n, o)| (*o, n)).collect();
            let mut rules = Vec::new();
            for &o in &keep {
                let Some(r) = orig.rules.get(o) else { continue };
                let mut r = r.clone();
                r.parent = r.parent.and_then(|p| index.get(&p).copied());
                r.children = r.children.iter().filter_map(|c| index.get(c).copied()).collect();
                if let Some(c) = r.cond.as_mut() {
                    remap(c);
                }
                remap(&mut r.value);
                rules.push(r);
            }
            let mut default = orig.default.clone();
            remap(&mut default);
            copies.push(DecisionDef {
                name: format!("{prefix}.{}", orig.name),
                record: orig.record,
                ty: orig.ty.clone(),
                default,
                roots: orig.roots.iter().filter_map(|r| index.get(r).copied()).collect(),
                rules,
                span: orig.span,
                shadow: Some(Shadow { of: x, policy, fixed: Vec::new() }),
            });
        }
        let mut def_copies = Vec::new();
        for &j in &new_defines {
            let Some(orig) = self.defines.get(j) else { continue };
            let mut expr = orig.expr.clone();
            remap(&mut expr);
            def_copies.push(DefineDef {
                name: format!("{prefix}.{}", orig.name),
                record: orig.record,
                ty: orig.ty.clone(),
                expr,
                span: orig.span,
                shadow: Some(Shadow { of: j, policy, fixed: Vec::new() }),
            });
        }
        self.decisions.extend(copies);
        self.defines.extend(def_copies);
        wanted.iter().map(|d| dmap.get(d).copied().unwrap_or(*d)).collect()
    }
}

impl Program {
    /// Decision `wanted` read with the scenario values `fixed` (sorted by id) replaced by constants: a copy of
    /// every decision and definition it reaches that reads one of them, directly or through what it reads, with
    /// the reads replaced (see [`Shadow`]); what reads none of them is shared. Copies are made once per set of
    /// fixed values and reused. Returns `wanted` itself when nothing it reaches reads those values.
    pub fn view(&mut self, fixed: &[(ScenId, Value)], wanted: DecisionId) -> DecisionId {
        let nd = self.decisions.len();
        let total = nd + self.defines.len();
        let is_fixed = |s: ScenId| fixed.iter().any(|(f, _)| *f == s);
        // reads over every node, copies included (a view of `上级.X` reads the superior's copies)
        let mut reads: Vec<Vec<usize>> = vec![Vec::new(); total];
        let mut seed = vec![false; total];
        self.node_exprs(&mut |i, e| {
            let (Some(out), Some(seeded)) = (reads.get_mut(i), seed.get_mut(i)) else { return };
            e.walk(&mut |x| match x.kind {
                ExprKind::Decision(d) => out.push(d),
                ExprKind::Define(j) => out.push(nd + j),
                ExprKind::Scen(s) if is_fixed(s) => *seeded = true,
                _ => {}
            })
        });
        // what differs: the nodes that reach a seed (memoised depth-first search from `wanted`, no recursion)
        const UNKNOWN: u8 = 0;
        const OPEN: u8 = 1;
        const NO: u8 = 2;
        const YES: u8 = 3;
        let mut state = vec![UNKNOWN; total];
        let mut stack: Vec<(usize, usize)> = vec![(wanted, 0)];
        while let Some(&mut (x, ref mut next)) = stack.last_mut() {
            if *next == 0 && state.get(x) == Some(&UNKNOWN) {
                if let Some(s) = state.get_mut(x) {
                    *s = if seed.get(x) == Some(&true) { YES } else { OPEN };
                }
            }
            let children = reads.get(x).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&c) = children.get(*next) {
                *next += 1;
                if state.get(c) == Some(&UNKNOWN) {
                    stack.push((c, 0));
                }
                continue;
            }
            stack.pop();
            let reaches = children.iter().any(|c| state.get(*c) == Some(&YES));
            if let Some(s) = state.get_mut(x) {
                if *s == OPEN {
                    *s = if reaches { YES } else { NO };
                }
            }
        }
        // a node left OPEN by a cycle cannot happen (definitions and decisions form a DAG)
        let need: Vec<usize> = (0..total).filter(|&i| state.get(i) == Some(&YES)).collect();
        if need.is_empty() {
            return wanted;
        }
        let key = fixed.to_vec();
        let existing: HashMap<(bool, usize), usize> = self
            .decisions
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.shadow.as_ref().filter(|s| s.fixed == key).map(|s| ((true, s.of), i)))
            .chain(
                self.defines
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| d.shadow.as_ref().filter(|s| s.fixed == key).map(|s| ((false, s.of), i))),
            )
            .collect();
        let mut dmap: HashMap<usize, usize> = HashMap::new();
        let mut fmap: HashMap<usize, usize> = HashMap::new();
        let mut new_decisions = Vec::new();
        let mut new_defines = Vec::new();
        for &x in &need {
            if x < nd {
                let id = existing.get(&(true, x)).copied().unwrap_or_else(|| {
                    new_decisions.push(x);
                    self.decisions.len() + new_decisions.len() - 1
                });
                dmap.insert(x, id);
            } else {
                let j = x - nd;
                let id = existing.get(&(false, j)).copied().unwrap_or_else(|| {
                    new_defines.push(j);
                    self.defines.len() + new_defines.len() - 1
                });
                fmap.insert(j, id);
            }
        }
        let rewrite = |e: &mut Expr| {
            let mut stack: Vec<&mut Expr> = vec![e];
            while let Some(x) = stack.pop() {
                match &mut x.kind {
                    ExprKind::Decision(d) => {
                        if let Some(n) = dmap.get(d) {
                            *d = *n;
                        }
                    }
                    ExprKind::Define(j) => {
                        if let Some(n) = fmap.get(j) {
                            *j = *n;
                        }
                    }
                    ExprKind::Scen(s) => {
                        if let Some((_, v)) = fixed.iter().find(|(f, _)| f == s) {
                            x.kind = ExprKind::Lit(v.clone());
                        }
                    }
                    _ => stack.extend(x.children_mut()),
                }
            }
        };
        let label = {
            let parts: Vec<String> = fixed
                .iter()
                .map(|(s, v)| {
                    let name = self.scenario.get(*s).map(|x| x.name.as_str()).unwrap_or("?");
                    let ty = self.scenario.get(*s).map(|x| x.ty.clone()).unwrap_or(Type::Bool);
                    format!("{name} = {}", self.format_value(&ty, v))
                })
                .collect();
            format!("[{}]", parts.join(", "))
        };
        let mut copies = Vec::new();
        for &x in &new_decisions {
            let Some(orig) = self.decisions.get(x) else { continue };
            let mut d = orig.clone();
            for r in &mut d.rules {
                if let Some(c) = r.cond.as_mut() {
                    rewrite(c);
                }
                rewrite(&mut r.value);
            }
            rewrite(&mut d.default);
            let policy = orig.shadow.as_ref().map_or(self.policies.len().saturating_sub(1), |s| s.policy);
            d.name = format!("{}{label}", orig.name);
            d.shadow = Some(Shadow { of: x, policy, fixed: key.clone() });
            copies.push(d);
        }
        let mut def_copies = Vec::new();
        for &j in &new_defines {
            let Some(orig) = self.defines.get(j) else { continue };
            let mut d = orig.clone();
            rewrite(&mut d.expr);
            let policy = orig.shadow.as_ref().map_or(self.policies.len().saturating_sub(1), |s| s.policy);
            d.name = format!("{}{label}", orig.name);
            d.shadow = Some(Shadow { of: j, policy, fixed: key.clone() });
            def_copies.push(d);
        }
        self.decisions.extend(copies);
        self.defines.extend(def_copies);
        dmap.get(&wanted).copied().unwrap_or(wanted)
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::ExprKind;
    use crate::load_and_check;
    use std::io::Write;

    fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(text.as_bytes()).unwrap();
        path
    }

    const PROVINCE: &str = "政策 省.政策 \"省\"\n记录 厂 键 编号 { 编号: 文本, a: 布尔, b: 布尔 }\n关于 厂\n\
        定义 甲 = a\n\
        判定 措施: 布尔 默认 否 { 规则 一 依据 \"一\": 当 甲 则 是 }\n\
        判定 二级: 布尔 默认 否 { 规则 二 依据 \"一\": 当 措施 且 b 则 是 }\n\
        判定 独立: 布尔 默认 否 { 规则 三 依据 \"一\": 当 b 则 是 }\n\
        保障 不更严 依据 \"一\": 非 二级 或 上级.二级\n";

    #[test]
    fn a_parent_reference_reads_a_copy_without_the_refinements_rules_and_shares_what_is_unchanged() {
        let dir = std::env::temp_dir().join(format!("jz-shadow-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir, "province.jz", PROVINCE);
        let county = write(
            &dir,
            "county.jz",
            "政策 县.政策 \"县\" 细化 省.政策\n引用 \"province.jz\"\n关于 厂\n\
             补充 判定 措施 { 例外 一 规则 县例外 依据 \"县一\": 当 b 则 否 }\n",
        );
        let checked = load_and_check(&county);
        let p = checked.program.expect("checks");
        let shadows: Vec<_> = p.decisions.iter().filter(|d| d.shadow.is_some()).collect();
        // 二级 reads 措施, which the county changed: both are copied, 独立 is not
        let names: Vec<&str> = shadows.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["省.政策.措施", "省.政策.二级"]);
        let copy_of_measure = shadows.first().unwrap();
        assert_eq!(copy_of_measure.rules.len(), 1, "the county's exception is not in the province's copy");
        assert_eq!(copy_of_measure.roots, [0]);
        // the guarantee reads the copy of 二级, and the copy reads the copy of 措施
        let g = p.guarantees.first().unwrap();
        let mut read = Vec::new();
        g.assertion.walk(&mut |x| {
            if let ExprKind::Decision(d) = x.kind {
                read.push(p.decisions[d].name.clone());
            }
        });
        assert_eq!(read, ["二级", "省.政策.二级"]);
        // checked as the province alone, 上级.二级 is 二级 itself
        let province = load_and_check(&dir.join("province.jz")).program.expect("checks");
        assert!(province.decisions.iter().all(|d| d.shadow.is_none()));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_scenario_view_copies_only_what_reads_the_fixed_value_and_replaces_the_read_by_the_constant() {
        let dir = std::env::temp_dir().join(format!("jz-view-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = write(
            &dir,
            "view.jz",
            "政策 省.政策 \"省\"\n情景 { 督察: 布尔 = 否; 红色: 布尔 = 否 }\n\
             记录 厂 键 编号 { 编号: 文本, a: 布尔 }\n\
             定义 督察中 = 督察\n关于 厂\n\
             判定 底: 布尔 默认 否 { 规则 一 依据 \"一\": 当 a 且 督察中 则 是 }\n\
             判定 独立: 布尔 默认 否 { 规则 二 依据 \"一\": 当 a 且 红色 则 是 }\n\
             判定 顶: 布尔 默认 否 { 规则 三 依据 \"一\": 当 底 或 独立 则 是 }\n\
             保障 甲 依据 \"一\": 顶 == 顶[督察 = 否]\n\
             保障 乙 依据 \"一\": 独立 == 独立[督察 = 否]\n\
             保障 丙 依据 \"一\": 当 顶[督察 = 否] 则 底[督察 = 否] 或 独立\n",
        );
        let p = load_and_check(&path).program.expect("checks");
        let names: Vec<&str> = p.decisions.iter().filter(|d| d.shadow.is_some()).map(|d| d.name.as_str()).collect();
        // 顶 reads 底 which reads the definition that reads 督察: both decisions and the definition are copied once
        // (reused by 丙), 独立 is not (it reads only 红色)
        assert_eq!(names, ["底[督察 = 否]", "顶[督察 = 否]"]);
        let defs: Vec<&str> = p.defines.iter().filter(|d| d.shadow.is_some()).map(|d| d.name.as_str()).collect();
        assert_eq!(defs, ["督察中[督察 = 否]"]);
        let copy = p.defines.iter().find(|d| d.shadow.is_some()).unwrap();
        assert!(matches!(copy.expr.kind, ExprKind::Lit(crate::types::Value::Bool(false))), "{:?}", copy.expr.kind);
        let read = |g: usize| {
            let mut out = Vec::new();
            let g = &p.guarantees[g];
            for e in g.cond.iter().chain(std::iter::once(&g.assertion)) {
                e.walk(&mut |x| {
                    if let ExprKind::Decision(d) = x.kind {
                        out.push(p.decisions[d].name.clone());
                    }
                });
            }
            out
        };
        assert_eq!(read(0), ["顶", "顶[督察 = 否]"]);
        assert_eq!(read(1), ["独立", "独立"], "a decision that does not read the value is compared with itself");
        assert_eq!(read(2), ["顶[督察 = 否]", "底[督察 = 否]", "独立"]);
        // the copy of 顶 reads the copy of 底
        let top = p.decisions.iter().find(|d| d.name == "顶[督察 = 否]").unwrap();
        let mut inner = Vec::new();
        top.rules[0].cond.as_ref().unwrap().walk(&mut |x| {
            if let ExprKind::Decision(d) = x.kind {
                inner.push(p.decisions[d].name.clone());
            }
        });
        assert_eq!(inner, ["底[督察 = 否]", "独立"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
