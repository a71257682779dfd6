//! The evaluation depth of a program, bounded before it is checked: the checker, the interpreter, the JIT's
//! planner and the verifier all recurse through an expression and, at each name, into the definition or
//! decision it names. The deepest such path is what the stack must hold, so it is computed here from the
//! syntax trees (iteratively, names matched by spelling — an over-approximation when two records define the
//! same name) and a program deeper than [`MAX_EVAL_DEPTH`] is an error instead of a stack overflow.

use crate::check::LoadedFile;
use crate::error::CheckError;
use jz_syntax::ast::{self, Expect, ExprKind as A, Item};
use jz_syntax::{Diagnostic, Span};
use std::collections::HashMap;

/// Deepest evaluation allowed: the syntax-tree levels along the deepest path through expressions and the
/// definitions and decisions they name, plus one per definition or decision entered (6,700 definitions
/// each using the next, `d1 = d2 + 1`, are about 20,000).
pub const MAX_EVAL_DEPTH: usize = 30_000;

struct Node<'a> {
    name: &'a str,
    span: Span,
    own: usize,
    refs: Vec<&'a str>,
}

/// Depth of `e`'s tree (a leaf is 1), and the names it reads pushed to `refs`; no recursion.
fn expr_depth<'a>(e: &'a ast::Expr, refs: &mut Vec<&'a str>) -> usize {
    let mut max = 0;
    let mut stack = vec![(e, 1usize)];
    while let Some((e, d)) = stack.pop() {
        max = max.max(d);
        let mut push = |x: &'a ast::Expr| stack.push((x, d + 1));
        match &e.kind {
            A::Path(a, b) => {
                refs.push(&a.name);
                if let Some(b) = b {
                    refs.push(&b.name);
                }
            }
            A::View { target, fixed } => {
                push(target);
                fixed.iter().for_each(|(_, x)| push(x));
            }
            A::SetLit(xs) | A::Call(_, xs) => xs.iter().for_each(push),
            A::Not(x) | A::Neg(x) => push(x),
            A::Binary(_, a, b) | A::In { value: a, target: b, .. } => {
                push(a);
                push(b);
            }
            A::InMonthDays { value: x, .. } | A::IsEmpty { set: x, .. } => push(x),
            A::StartsWith { text, prefixes } => {
                push(text);
                prefixes.iter().for_each(push);
            }
            A::If(c, a, b) => {
                push(c);
                push(a);
                push(b);
            }
            A::Match { scrutinee, arms } => {
                push(scrutinee);
                arms.iter().for_each(|a| push(&a.body));
            }
            A::Bool(_) | A::Number(_) | A::Quantity { .. } | A::Text(_) | A::Date(_) | A::Days(_) | A::Has(_) => {}
        }
    }
    max
}

/// The error for the deepest definition or decision when the program's evaluation depth exceeds the limit.
pub(crate) fn too_deep(files: &[LoadedFile]) -> Option<Diagnostic> {
    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for f in files {
        for item in &f.ast.items {
            let (key, exprs, extra): (Option<&ast::Ident>, Vec<&ast::Expr>, usize) = match item {
                Item::Define { name, value, .. } => (Some(name), vec![value], 0),
                Item::Decision { name, default, rules, .. } => {
                    let mut es = vec![default];
                    rule_exprs(rules, &mut es);
                    (Some(name), es, rules.iter().filter(|r| r.exception_of.is_some()).count())
                }
                Item::ExtendDecision { name, rules } => {
                    let mut es = Vec::new();
                    rule_exprs(rules, &mut es);
                    (Some(name), es, rules.iter().filter(|r| r.exception_of.is_some()).count())
                }
                Item::Guarantee { cond, assertion, .. } => {
                    (None, cond.iter().chain(std::iter::once(assertion)).collect(), 0)
                }
                Item::Test(t) => {
                    let mut es: Vec<&ast::Expr> = t.given.fields.iter().map(|f| &f.value).collect();
                    es.extend(t.scenario.iter().map(|f| &f.value));
                    es.extend(t.expects.iter().filter_map(|x| match x {
                        Expect::Holds(e) => Some(e),
                        Expect::Conflict(_) => None,
                    }));
                    (None, es, 0)
                }
                Item::Sample { value, .. } => (None, value.fields.iter().map(|f| &f.value).collect(), 0),
                Item::Param { value, open, .. } => {
                    let mut es = vec![value];
                    if let Some((a, b)) = open.as_ref().and_then(|o| o.range.as_ref()) {
                        es.push(a);
                        es.push(b);
                    }
                    (None, es, 0)
                }
                Item::Set { value, .. } => (None, vec![value], 0),
                Item::Scenario { fields } => (None, fields.iter().map(|f| &f.default).collect(), 0),
                Item::Use { .. }
                | Item::Enum { .. }
                | Item::Record { .. }
                | Item::ExtendRecord { .. }
                | Item::About { .. }
                | Item::Output { .. } => continue,
            };
            let mut refs = Vec::new();
            let own = exprs.iter().map(|e| expr_depth(e, &mut refs)).max().unwrap_or(0) + extra;
            let existing = key.and_then(|k| by_name.get(k.name.as_str()).copied());
            match existing {
                Some(i) => {
                    if let Some(n) = nodes.get_mut(i) {
                        n.own = n.own.max(own);
                        n.refs.extend(refs);
                    }
                }
                None => {
                    if let Some(k) = key {
                        by_name.insert(&k.name, nodes.len());
                    }
                    let (name, span) = key.map_or(("", Span::default()), |k| (k.name.as_str(), k.span));
                    nodes.push(Node { name, span, own, refs });
                }
            }
        }
    }
    let costs = costs(&nodes, &by_name);
    let (worst, &depth) = costs.iter().enumerate().max_by_key(|(_, c)| **c)?;
    if depth <= MAX_EVAL_DEPTH {
        return None;
    }
    let n = nodes.get(worst)?;
    Some(CheckError::TooDeep { name: n.name.to_string(), depth, limit: MAX_EVAL_DEPTH, span: n.span }.into_diagnostic())
}

fn rule_exprs<'a>(rules: &'a [ast::Rule], out: &mut Vec<&'a ast::Expr>) {
    for r in rules {
        out.extend(r.cond.iter());
        out.push(&r.value);
    }
}

/// Per node: its own depth plus one plus the deepest cost among the nodes it names (a name on the current
/// path, i.e. a cycle the checker reports, adds nothing). Iterative depth-first search.
fn costs(nodes: &[Node<'_>], by_name: &HashMap<&str, usize>) -> Vec<usize> {
    const TODO: usize = usize::MAX;
    const ACTIVE: usize = usize::MAX - 1;
    let mut cost = vec![TODO; nodes.len()];
    for start in 0..nodes.len() {
        if cost.get(start) != Some(&TODO) {
            continue;
        }
        // (node, index of the next ref to visit, deepest ref cost so far)
        let mut stack: Vec<(usize, usize, usize)> = vec![(start, 0, 0)];
        if let Some(c) = cost.get_mut(start) {
            *c = ACTIVE;
        }
        while let Some(&mut (n, ref mut next, ref mut best)) = stack.last_mut() {
            let Some(node) = nodes.get(n) else { break };
            match node.refs.get(*next) {
                Some(r) => {
                    *next += 1;
                    let Some(&m) = by_name.get(r) else { continue };
                    match cost.get(m).copied() {
                        Some(TODO) => {
                            if let Some(c) = cost.get_mut(m) {
                                *c = ACTIVE;
                            }
                            stack.push((m, 0, 0));
                        }
                        Some(ACTIVE) | None => {}
                        Some(c) => *best = (*best).max(c),
                    }
                }
                None => {
                    let done = node.own.saturating_add(1).saturating_add(*best);
                    if let Some(c) = cost.get_mut(n) {
                        *c = done;
                    }
                    stack.pop();
                    if let Some((_, _, parent_best)) = stack.last_mut() {
                        *parent_best = (*parent_best).max(done);
                    }
                }
            }
        }
    }
    cost
}
