//! Boolean formulas as a hash-consed and-inverter graph, and their Tseitin encoding into the SAT solver.
//!
//! A formula is an [`F`]: a node index with a negation bit. Nodes are the constant, variables (record
//! booleans, enum and set members, theory atoms, free variables standing for what the verifier does not model)
//! and n-ary conjunctions. Conjunctions are simplified (constants, duplicates, `x ∧ ¬x`) and shared, so the same
//! sub-formula built twice is one node. A node gets a solver variable and its defining clauses only when a query
//! needs it ([`Logic::lit`]), so queries pay only for their cone.

use rustsat::solvers::{Solve, SolveIncremental, SolverResult};
use rustsat::types::{Clause, Lit, TernaryVal};
use std::collections::HashMap;
use std::ops::Not;

/// A formula: node index shifted left by one, the low bit negates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct F(u32);

impl F {
    pub const TRUE: F = F(0);
    pub const FALSE: F = F(1);

    pub fn node(self) -> usize {
        (self.0 >> 1) as usize
    }
    pub fn negated(self) -> bool {
        self.0 & 1 == 1
    }
    pub fn is_const(self) -> bool {
        self.node() == 0
    }
    /// The positive formula of a node.
    pub fn of_node(n: usize) -> F {
        F((n as u32) << 1)
    }
}

impl Not for F {
    type Output = F;
    fn not(self) -> F {
        F(self.0 ^ 1)
    }
}

#[derive(Clone, Debug)]
enum Node {
    True,
    Var,
    And(Box<[F]>),
}

/// Conjunctions of at most this many children are flattened into a conjunction that contains them.
const FLATTEN_WIDTH: usize = 16;

impl Node {
    fn width(&self) -> usize {
        match self {
            Node::And(cs) => cs.len(),
            _ => 0,
        }
    }
}

/// The SAT solver behind every query (BatSat, pure Rust, through RustSAT's incremental interface).
pub type Solver = rustsat_batsat::BasicSolver;

pub struct Logic {
    nodes: Vec<Node>,
    ands: HashMap<Box<[F]>, u32>,
    sat: Vec<Option<Lit>>,
    next_var: u32,
    pub solver: Solver,
    /// Clauses added to the solver (for statistics).
    pub clauses: usize,
}

/// Errors of the solver library; they end a query as "unknown".
#[derive(Clone, Debug)]
pub struct SolverFailure(pub String);

impl Default for Logic {
    fn default() -> Self {
        Logic::new()
    }
}

impl Logic {
    pub fn new() -> Logic {
        Logic {
            nodes: vec![Node::True],
            ands: HashMap::new(),
            sat: vec![None],
            next_var: 0,
            solver: Solver::default(),
            clauses: 0,
        }
    }

    /// A fresh variable.
    pub fn var(&mut self) -> F {
        self.nodes.push(Node::Var);
        self.sat.push(None);
        F(((self.nodes.len() - 1) as u32) << 1)
    }

    pub fn is_var(&self, f: F) -> bool {
        matches!(self.nodes.get(f.node()), Some(Node::Var))
    }

    pub fn constant(b: bool) -> F {
        if b {
            F::TRUE
        } else {
            F::FALSE
        }
    }

    pub fn and(&mut self, xs: impl IntoIterator<Item = F>) -> F {
        let mut v: Vec<F> = Vec::new();
        for x in xs {
            if x == F::FALSE {
                return F::FALSE;
            }
            if x == F::TRUE {
                continue;
            }
            // flatten small positive conjunctions (a large one stays a child: flattening every level of a
            // chain of n conjunctions would copy and hash O(n²) children)
            if !x.negated() {
                if let Some(Node::And(cs)) = self.nodes.get(x.node()).filter(|n| n.width() <= FLATTEN_WIDTH) {
                    v.extend(cs.iter().copied());
                    continue;
                }
            }
            v.push(x);
        }
        v.sort_unstable();
        v.dedup();
        if v.windows(2).any(|w| matches!(w, [a, b] if a.node() == b.node())) {
            return F::FALSE;
        }
        match v.as_slice() {
            [] => F::TRUE,
            [x] => *x,
            _ => {
                let key: Box<[F]> = v.into_boxed_slice();
                if let Some(&n) = self.ands.get(&key) {
                    return F(n << 1);
                }
                let n = self.nodes.len() as u32;
                self.nodes.push(Node::And(key.clone()));
                self.sat.push(None);
                self.ands.insert(key, n);
                F(n << 1)
            }
        }
    }

    pub fn and2(&mut self, a: F, b: F) -> F {
        self.and([a, b])
    }

    pub fn or(&mut self, xs: impl IntoIterator<Item = F>) -> F {
        let neg: Vec<F> = xs.into_iter().map(F::not).collect();
        self.and(neg).not()
    }

    pub fn or2(&mut self, a: F, b: F) -> F {
        self.or([a, b])
    }

    pub fn implies(&mut self, a: F, b: F) -> F {
        self.or2(a.not(), b)
    }

    pub fn ite(&mut self, c: F, a: F, b: F) -> F {
        if c == F::TRUE || a == b {
            return a;
        }
        if c == F::FALSE {
            return b;
        }
        let x = self.and2(c, a);
        let y = self.and2(c.not(), b);
        self.or2(x, y)
    }

    pub fn iff(&mut self, a: F, b: F) -> F {
        if a == b {
            return F::TRUE;
        }
        if a == b.not() {
            return F::FALSE;
        }
        self.ite(a, b, b.not())
    }

    /// Exactly one of `xs` holds.
    pub fn exactly_one(&mut self, xs: &[F]) -> F {
        let some = self.or(xs.iter().copied());
        let amo = self.at_most_one(xs);
        self.and2(some, amo)
    }

    /// At most one of `xs` holds: pairwise for a few, otherwise split in halves (at most one in each, and not
    /// one in both), so n formulas cost O(n log n) nodes rather than the n²/2 pairs an enum of 10,000
    /// variants would need.
    pub fn at_most_one(&mut self, xs: &[F]) -> F {
        if xs.len() <= 6 {
            let mut parts = Vec::new();
            for (i, a) in xs.iter().enumerate() {
                for b in xs.iter().skip(i + 1) {
                    parts.push(self.or2(a.not(), b.not()));
                }
            }
            return self.and(parts);
        }
        let (l, r) = xs.split_at(xs.len() / 2);
        let (al, ar) = (self.at_most_one(l), self.at_most_one(r));
        let (ol, or) = (self.or(l.iter().copied()), self.or(r.iter().copied()));
        let not_both = self.or2(ol.not(), or.not());
        self.and([al, ar, not_both])
    }

    /// Children of a conjunction node (empty for constants and variables).
    pub fn children(&self, f: F) -> &[F] {
        match self.nodes.get(f.node()) {
            Some(Node::And(cs)) => cs,
            _ => &[],
        }
    }

    /// Every variable node the formulas depend on.
    pub fn cone_vars(&self, roots: &[F]) -> Vec<usize> {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack: Vec<usize> = roots.iter().map(|f| f.node()).collect();
        let mut out = Vec::new();
        while let Some(n) = stack.pop() {
            match seen.get_mut(n) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            match self.nodes.get(n) {
                Some(Node::Var) => out.push(n),
                Some(Node::And(cs)) => stack.extend(cs.iter().map(|c| c.node())),
                _ => {}
            }
        }
        out.sort_unstable();
        out
    }

    fn fresh_lit(&mut self) -> Result<Lit, SolverFailure> {
        let l = Lit::new_with_error(self.next_var, false).map_err(|e| SolverFailure(e.to_string()))?;
        self.next_var += 1;
        Ok(l)
    }

    pub fn add_clause(&mut self, lits: &[Lit]) -> Result<(), SolverFailure> {
        let cl: Clause = lits.iter().copied().collect();
        self.clauses += 1;
        self.solver.add_clause(cl).map_err(|e| SolverFailure(e.to_string()))
    }

    /// The solver literal of a formula, adding the defining clauses of its cone the first time.
    pub fn lit(&mut self, f: F) -> Result<Lit, SolverFailure> {
        let base = self.node_lit(f.node())?;
        Ok(if f.negated() { !base } else { base })
    }

    fn node_lit(&mut self, root: usize) -> Result<Lit, SolverFailure> {
        if let Some(Some(l)) = self.sat.get(root) {
            return Ok(*l);
        }
        // iterative post-order: children get their literals before the conjunction that uses them
        let mut stack: Vec<(usize, bool)> = vec![(root, false)];
        while let Some((n, expanded)) = stack.pop() {
            if matches!(self.sat.get(n), Some(Some(_))) {
                continue;
            }
            let node = self.nodes.get(n).cloned().unwrap_or(Node::True);
            match node {
                Node::True => {
                    let l = self.fresh_lit()?;
                    self.add_clause(&[l])?;
                    self.set_sat(n, l);
                }
                Node::Var => {
                    let l = self.fresh_lit()?;
                    self.set_sat(n, l);
                }
                Node::And(cs) => {
                    if !expanded {
                        stack.push((n, true));
                        for c in cs.iter() {
                            if !matches!(self.sat.get(c.node()), Some(Some(_))) {
                                stack.push((c.node(), false));
                            }
                        }
                        continue;
                    }
                    let v = self.fresh_lit()?;
                    let mut long = Vec::with_capacity(cs.len() + 1);
                    long.push(v);
                    for c in cs.iter() {
                        let cl = self.sat_of(*c)?;
                        self.add_clause(&[!v, cl])?;
                        long.push(!cl);
                    }
                    self.add_clause(&long)?;
                    self.set_sat(n, v);
                }
            }
        }
        self.sat.get(root).copied().flatten().ok_or_else(|| SolverFailure("formula not encoded".into()))
    }

    fn sat_of(&self, f: F) -> Result<Lit, SolverFailure> {
        let base =
            self.sat.get(f.node()).copied().flatten().ok_or_else(|| SolverFailure("child not encoded".into()))?;
        Ok(if f.negated() { !base } else { base })
    }

    fn set_sat(&mut self, n: usize, l: Lit) {
        if let Some(s) = self.sat.get_mut(n) {
            *s = Some(l);
        }
    }

    /// Is this formula already in the solver?
    pub fn encoded(&self, f: F) -> bool {
        matches!(self.sat.get(f.node()), Some(Some(_)))
    }

    /// Solve under assumptions; `Ok(true)` when satisfiable.
    pub fn solve(&mut self, assumptions: &[Lit]) -> Result<bool, SolverFailure> {
        match self.solver.solve_assumps(assumptions).map_err(|e| SolverFailure(e.to_string()))? {
            SolverResult::Sat => Ok(true),
            SolverResult::Unsat => Ok(false),
            SolverResult::Interrupted => Err(SolverFailure("the SAT solver was interrupted".into())),
        }
    }

    /// The value of an encoded formula in the last model (`None` when it was never encoded).
    pub fn value(&self, f: F) -> Option<bool> {
        if f == F::TRUE {
            return Some(true);
        }
        if f == F::FALSE {
            return Some(false);
        }
        let l = self.sat_of(f).ok()?;
        match self.solver.lit_val(l).ok()? {
            TernaryVal::True => Some(true),
            TernaryVal::False => Some(false),
            TernaryVal::DontCare => Some(false),
        }
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplification_shares_and_folds() {
        let mut l = Logic::new();
        let (a, b) = (l.var(), l.var());
        assert_eq!(l.and([a, b]), l.and([b, a, F::TRUE]));
        assert_eq!(l.and([a, a.not()]), F::FALSE);
        assert_eq!(l.or([a, F::TRUE]), F::TRUE);
        assert_eq!(l.iff(a, a), F::TRUE);
        assert_eq!(l.ite(F::FALSE, a, b), b);
    }

    #[test]
    fn tseitin_encoding_is_equivalent() {
        let mut l = Logic::new();
        let (a, b, c) = (l.var(), l.var(), l.var());
        let x = l.ite(a, b, c);
        let y = l.iff(x, b);
        // y ⟺ (a ∨ b == c); check all 8 assignments with assumptions
        for bits in 0..8u8 {
            let vals = [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0];
            let mut assumps = Vec::new();
            for (v, val) in [a, b, c].iter().zip(vals) {
                let lit = l.lit(*v).unwrap();
                assumps.push(if val { lit } else { !lit });
            }
            let ly = l.lit(y).unwrap();
            assumps.push(ly);
            let expected = vals[0] || (vals[1] == vals[2]);
            assert_eq!(l.solve(&assumps).unwrap(), expected, "{vals:?}");
        }
    }
}
