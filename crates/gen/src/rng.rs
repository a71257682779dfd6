//! A small deterministic random source on top of ChaCha8.
//!
//! Only integer arithmetic is used to turn random words into choices, so the output depends on nothing but the
//! ChaCha8 key stream (fixed by `rand_chacha`) and this file: same seed, same bytes, on every machine.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Independent streams derived from one seed. Each purpose has its own stream so that, for example, turning on
/// bad-row injection does not change the values of the good rows.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    Enterprise = 1,
    Project = 2,
    Vehicle = 3,
    Encoding = 10,
    Bad = 11,
    Date = 12,
    Optional = 13,
}

pub(crate) struct Rng(ChaCha8Rng);

impl Rng {
    pub(crate) fn new(seed: u64, stream: Stream) -> Self {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(b"jz-gen\x00\x01");
        let mut rng = ChaCha8Rng::from_seed(key);
        rng.set_stream(stream as u64);
        Rng(rng)
    }

    pub(crate) fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// A value in `0..n` (multiply-shift; the bias is below n / 2^32, irrelevant here). `n == 0` gives 0.
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// True with probability `p` per mille.
    pub(crate) fn permille(&mut self, p: u32) -> bool {
        self.below(1000) < p
    }

    /// True with probability `p` per million.
    pub(crate) fn per_million(&mut self, p: u32) -> bool {
        self.below(1_000_000) < p
    }

    /// A weighted choice from a short table.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|&(_, w)| w).sum();
        let mut r = self.below(total);
        for &(item, w) in items {
            if r < w {
                return item;
            }
            r -= w;
        }
        items[items.len() - 1].0
    }

    /// A uniform choice from a non-empty slice.
    pub(crate) fn choose<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }
}

/// A weighted table with precomputed cumulative weights, for long tables.
pub(crate) struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u32>,
}

impl<T: Copy> Weighted<T> {
    pub(crate) fn new(entries: impl IntoIterator<Item = (T, u32)>) -> Self {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u32;
        for (item, w) in entries {
            if w == 0 {
                continue;
            }
            total += w;
            items.push(item);
            cumulative.push(total);
        }
        Weighted { items, cumulative }
    }

    pub(crate) fn pick(&self, rng: &mut Rng) -> T {
        let total = self.cumulative.last().copied().unwrap_or(0);
        let r = rng.below(total);
        let i = self.cumulative.partition_point(|&c| c <= r);
        self.items[i.min(self.items.len() - 1)]
    }
}

/// The SplitMix64 finaliser: spreads a seed over all 64 bits.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// `x ↦ (a·x + b) mod n`, a bijection on `0..n` when `gcd(a, n) = 1`.
pub(crate) fn affine(x: u64, a: u64, b: u64, n: u64) -> u64 {
    ((u128::from(x) * u128::from(a) + u128::from(b)) % u128::from(n)) as u64
}
