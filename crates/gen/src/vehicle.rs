//! Record `机动车`: motor vehicles with Hebei plates.
//!
//! Plates are unique by construction (no set of seen plates is kept): each plate shape has counters per
//! (city, last digit) bucket, and a counter is mapped to a plate body by a bijection that first uses all-digit
//! bodies, then bodies with one letter, two letters, and so on. The last digit (尾号) is drawn at random, so it is
//! independent of the row number. Plates stay unique up to [`MAX_VEHICLE_ROWS`] rows.

use crate::encode::{put, Encoder};
use crate::rng::{affine, mix, Rng, Stream};
use crate::schema::{self, ColType};
use crate::RecordGen;

/// The largest vehicle row count for which plates are guaranteed unique.
pub const MAX_VEHICLE_ROWS: u64 = 100_000_000;

/// Variant indices into [`schema::VEHICLE_CATEGORY`].
pub mod category {
    pub const MILITARY: u8 = 0;
    pub const POLICE: u8 = 1;
    pub const FIRE: u8 = 2;
    pub const AMBULANCE: u8 = 3;
    pub const RESCUE: u8 = 4;
    pub const POSTAL: u8 = 5;
    pub const INSURANCE: u8 = 6;
    pub const SANITATION: u8 = 7;
    pub const MUNICIPAL: u8 = 8;
    pub const LIVELIHOOD: u8 = 9;
    pub const ENFORCEMENT: u8 = 10;
    pub const BUS: u8 = 11;
    pub const COACH: u8 = 12;
    pub const TAXI: u8 = 13;
    pub const GAS: u8 = 14;
    pub const ORDINARY: u8 = 15;
    pub const HEAVY_DIESEL_TRUCK: u8 = 16;
}

/// Variant indices into [`schema::ENERGY`].
pub mod energy {
    pub const GASOLINE: u8 = 0;
    pub const DIESEL: u8 = 1;
    pub const ELECTRIC: u8 = 2;
    pub const PLUG_IN_HYBRID: u8 = 3;
    pub const FUEL_CELL: u8 = 4;
    pub const NATURAL_GAS: u8 = 5;
}

/// Variant indices into [`schema::EMISSION_STANDARD`] (国一 = 0 … 国六 = 5).
pub mod standard {
    pub const GUO1: u8 = 0;
    pub const GUO2: u8 = 1;
    pub const GUO3: u8 = 2;
    pub const GUO4: u8 = 3;
    pub const GUO5: u8 = 4;
    pub const GUO6: u8 = 5;
}

/// One `机动车` row as typed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vehicle {
    /// 号牌
    pub plate: String,
    /// 车辆类别 ([`schema::VEHICLE_CATEGORY`])
    pub category: u8,
    /// 能源类型 ([`schema::ENERGY`])
    pub energy: u8,
    /// 排放标准 ([`schema::EMISSION_STANDARD`])
    pub standard: u8,
    /// 尾号: the plate's last digit
    pub tail: u8,
}

impl Vehicle {
    /// Writes the row's cells in contract order into `row`.
    pub fn write_cells(&self, row: &mut Vec<String>, _enc: &mut Encoder) {
        row.resize(schema::VEHICLE_HEADER.len(), String::new());
        put(&mut row[0], &self.plate);
        put(&mut row[1], schema::VEHICLE_CATEGORY[usize::from(self.category)]);
        put(&mut row[2], schema::ENERGY[usize::from(self.energy)]);
        put(&mut row[3], schema::EMISSION_STANDARD[usize::from(self.standard)]);
        row[4].clear();
        row[4].push(char::from(b'0' + self.tail));
    }
}

/// Hebei plate city letters with weights (石家庄 A, 唐山 B, 秦皇岛 C, 邯郸 D, 邢台 E, 保定 F, 张家口 G, 承德 H,
/// 沧州 J, 廊坊 R, 衡水 T).
const CITIES: &[(u8, u32)] = &[
    (b'A', 22),
    (b'B', 12),
    (b'C', 5),
    (b'D', 12),
    (b'E', 9),
    (b'F', 14),
    (b'G', 5),
    (b'H', 4),
    (b'J', 10),
    (b'R', 7),
    (b'T', 5),
];
/// Letters used on plates (no I, O).
const LETTERS: &[u8; 24] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const MILITARY_PREFIXES: &[&str] = &["北", "沈", "济", "空", "海"];

const CATEGORIES: &[(u8, u32)] = {
    use category::*;
    &[
        (MILITARY, 20),
        (POLICE, 40),
        (FIRE, 10),
        (AMBULANCE, 20),
        (RESCUE, 20),
        (POSTAL, 150),
        (INSURANCE, 20),
        (SANITATION, 60),
        (MUNICIPAL, 40),
        (LIVELIHOOD, 80),
        (ENFORCEMENT, 50),
        (BUS, 80),
        (COACH, 100),
        (TAXI, 150),
        (GAS, 30),
        (ORDINARY, 8200),
        (HEAVY_DIESEL_TRUCK, 930),
    ]
};

/// Letter positions (bit masks over the body characters), by body length and letter count.
const POSITIONS_3: [&[u8]; 4] = [&[0], &[1, 2, 4], &[3, 5, 6], &[7]];
const POSITIONS_4: [&[u8]; 5] = [&[0], &[1, 2, 4, 8], &[3, 5, 6, 9, 10, 12], &[7, 11, 13, 14], &[15]];

fn letter_positions(len: usize, letters: usize) -> &'static [u8] {
    let table: &[&'static [u8]] = if len == 3 { &POSITIONS_3 } else { &POSITIONS_4 };
    table.get(letters).copied().unwrap_or(&[])
}

/// Number of bodies of `len` characters with exactly `letters` letters.
fn tier_size(len: usize, letters: usize) -> u64 {
    let combos = letter_positions(len, letters).len() as u64;
    combos * 24u64.pow(letters as u32) * 10u64.pow((len - letters) as u32)
}

/// A bijection from `0..34^len` to plate bodies of `len` characters (digits and the 24 plate letters): the first
/// 10^len counters give all-digit bodies, the next ones bodies with one letter, and so on. `None` past the end.
fn body(counter: u64, len: usize, salt: u64, out: &mut [u8]) -> Option<()> {
    let mut c = counter;
    for letters in 0..=len {
        let size = tier_size(len, letters);
        if c < size {
            // 7919 is prime and every tier size is a product of 2, 3 and 5: a bijection within the tier.
            let mut p = affine(c, 7919, salt % size, size);
            let combos = letter_positions(len, letters);
            let mask = combos[(p % combos.len() as u64) as usize];
            p /= combos.len() as u64;
            for (i, slot) in out.iter_mut().enumerate().take(len) {
                if mask & (1 << i) != 0 {
                    *slot = LETTERS[(p % 24) as usize];
                    p /= 24;
                } else {
                    *slot = b'0' + (p % 10) as u8;
                    p /= 10;
                }
            }
            return Some(());
        }
        c -= size;
    }
    None
}

/// Generates `机动车` rows.
pub struct VehicleGen {
    rng: Rng,
    enc: Encoder,
    seed: u64,
    /// Counters per (city, tail) for ordinary 7-character plates.
    normal: Vec<u64>,
    /// Counters per (city, D|F, tail) for 8-character new-energy plates.
    nev: Vec<u64>,
    /// Counters per (city, tail) for police plates.
    police: Vec<u64>,
    /// Counters per tail for military plates.
    military: Vec<u64>,
}

impl VehicleGen {
    /// The contract's column names, in contract order.
    pub const HEADER: &'static [&'static str] = schema::VEHICLE_HEADER;
    /// The contract's column types, in contract order.
    pub const TYPES: &'static [ColType] = schema::VEHICLE_TYPES;

    pub fn new(seed: u64) -> Self {
        VehicleGen {
            rng: Rng::new(seed, Stream::Vehicle),
            enc: Encoder::new(seed, false),
            seed,
            normal: vec![0; CITIES.len() * 10],
            nev: vec![0; CITIES.len() * 20],
            police: vec![0; CITIES.len() * 10],
            military: vec![0; 10],
        }
    }

    /// Writes other accepted input forms (no effect: vehicles have no bool or set columns).
    pub fn varied(mut self, on: bool) -> Self {
        self.enc = Encoder::new(self.seed, on);
        self
    }

    /// The next row as typed values.
    pub fn next_record(&mut self) -> Vehicle {
        use category::*;
        use energy::*;
        use standard::*;
        let rng = &mut self.rng;
        let category = rng.pick(CATEGORIES);
        let energy = match category {
            ORDINARY => rng.pick(&[
                (GASOLINE, 7920),
                (ELECTRIC, 1000),
                (PLUG_IN_HYBRID, 500),
                (DIESEL, 400),
                (NATURAL_GAS, 170),
                (FUEL_CELL, 10),
            ]),
            HEAVY_DIESEL_TRUCK => DIESEL,
            TAXI => rng.pick(&[(GASOLINE, 35), (ELECTRIC, 45), (NATURAL_GAS, 15), (PLUG_IN_HYBRID, 5)]),
            BUS => rng.pick(&[(ELECTRIC, 60), (NATURAL_GAS, 20), (DIESEL, 10), (FUEL_CELL, 5), (PLUG_IN_HYBRID, 5)]),
            COACH => rng.pick(&[(DIESEL, 70), (NATURAL_GAS, 15), (ELECTRIC, 15)]),
            POSTAL => rng.pick(&[(ELECTRIC, 40), (DIESEL, 35), (GASOLINE, 25)]),
            SANITATION => rng.pick(&[(DIESEL, 60), (ELECTRIC, 35), (NATURAL_GAS, 5)]),
            MUNICIPAL => rng.pick(&[(DIESEL, 60), (GASOLINE, 30), (ELECTRIC, 10)]),
            LIVELIHOOD => rng.pick(&[(DIESEL, 50), (GASOLINE, 30), (ELECTRIC, 20)]),
            GAS => rng.pick(&[(DIESEL, 60), (NATURAL_GAS, 40)]),
            POLICE | ENFORCEMENT => rng.pick(&[(GASOLINE, 70), (ELECTRIC, 20), (PLUG_IN_HYBRID, 10)]),
            FIRE => rng.pick(&[(DIESEL, 85), (GASOLINE, 15)]),
            AMBULANCE => rng.pick(&[(GASOLINE, 80), (DIESEL, 20)]),
            RESCUE => rng.pick(&[(DIESEL, 60), (GASOLINE, 40)]),
            INSURANCE => rng.pick(&[(GASOLINE, 70), (DIESEL, 20), (ELECTRIC, 10)]),
            _ => rng.pick(&[(DIESEL, 50), (GASOLINE, 50)]),
        };
        // Battery-electric and fuel-cell vehicles have no tailpipe standard; the contract needs a value, and they
        // are registered as 国六 here (the most lenient value for any 按排放标准 restriction).
        let standard = if category == HEAVY_DIESEL_TRUCK {
            rng.pick(&[(GUO3, 10), (GUO4, 22), (GUO5, 33), (GUO6, 35)])
        } else {
            match energy {
                GASOLINE => rng.pick(&[(GUO1, 5), (GUO2, 15), (GUO3, 70), (GUO4, 200), (GUO5, 300), (GUO6, 410)]),
                DIESEL => rng.pick(&[(GUO3, 120), (GUO4, 250), (GUO5, 330), (GUO6, 300)]),
                NATURAL_GAS => rng.pick(&[(GUO3, 50), (GUO4, 200), (GUO5, 400), (GUO6, 350)]),
                PLUG_IN_HYBRID => rng.pick(&[(GUO5, 200), (GUO6, 800)]),
                _ => GUO6,
            }
        };
        let tail = rng.below(10) as u8;
        let city = pick_index(rng, CITIES);
        let plate = self.plate(category, energy, city, tail);
        Vehicle { plate, category, energy, standard, tail }
    }

    fn plate(&mut self, category: u8, energy: u8, city: usize, tail: u8) -> String {
        let seed = self.seed;
        // Every bucket gets its own offset, so that buckets do not start on the same body.
        let salt = |shape: u64, slot: usize| mix(seed ^ mix((shape << 32) | slot as u64));
        let mut plate = String::with_capacity(16);
        let tail_char = char::from(b'0' + tail);
        let t = usize::from(tail);
        if category == category::MILITARY {
            let n = self.military[t];
            self.military[t] += 1;
            let digits = affine(n % 10_000, 7919, salt(0, t) % 10_000, 10_000);
            let letter = LETTERS[((n / 10_000) % 24) as usize];
            let prefix = MILITARY_PREFIXES[((n / 240_000) % MILITARY_PREFIXES.len() as u64) as usize];
            plate.push_str(prefix);
            plate.push(char::from(letter));
            plate.push_str(&format!("{digits:04}"));
            plate.push(tail_char);
            return plate;
        }
        plate.push('冀');
        if category == category::POLICE {
            let slot = city * 10 + t;
            let mut b = [b'0'; 3];
            if body(self.police[slot], 3, salt(1, slot), &mut b).is_some() {
                self.police[slot] += 1;
                plate.push(char::from(CITIES[city].0));
                b.iter().for_each(|&c| plate.push(char::from(c)));
                plate.push(tail_char);
                plate.push('警');
                return plate;
            }
        }
        if matches!(energy, energy::ELECTRIC | energy::PLUG_IN_HYBRID | energy::FUEL_CELL) {
            let kind = usize::from(energy != energy::ELECTRIC);
            let slot = (city * 2 + kind) * 10 + t;
            let mut b = [b'0'; 4];
            if body(self.nev[slot], 4, salt(2, slot), &mut b).is_some() {
                self.nev[slot] += 1;
                plate.push(char::from(CITIES[city].0));
                plate.push(if kind == 0 { 'D' } else { 'F' });
                b.iter().for_each(|&c| plate.push(char::from(c)));
                plate.push(tail_char);
                return plate;
            }
        }
        // Ordinary plate; a full bucket spills over to the next city.
        let mut b = [b'0'; 4];
        for step in 0..CITIES.len() {
            let c = (city + step) % CITIES.len();
            let slot = c * 10 + t;
            if body(self.normal[slot], 4, salt(3, slot), &mut b).is_some() {
                self.normal[slot] += 1;
                plate.push(char::from(CITIES[c].0));
                b.iter().for_each(|&ch| plate.push(char::from(ch)));
                plate.push(tail_char);
                return plate;
            }
        }
        // Beyond MAX_VEHICLE_ROWS: no longer guaranteed unique.
        plate.push('A');
        b.iter().for_each(|&ch| plate.push(char::from(ch)));
        plate.push(tail_char);
        plate
    }
}

fn pick_index(rng: &mut Rng, items: &[(u8, u32)]) -> usize {
    let total: u32 = items.iter().map(|&(_, w)| w).sum();
    let mut r = rng.below(total);
    for (i, &(_, w)) in items.iter().enumerate() {
        if r < w {
            return i;
        }
        r -= w;
    }
    items.len() - 1
}

impl RecordGen for VehicleGen {
    const NAME: &'static str = "机动车";
    const HEADER: &'static [&'static str] = schema::VEHICLE_HEADER;
    const TYPES: &'static [ColType] = schema::VEHICLE_TYPES;
    const MARKER_COLUMN: usize = 0;
    const MAX_ROWS: u64 = MAX_VEHICLE_ROWS;

    fn with_seed(seed: u64) -> Self {
        VehicleGen::new(seed)
    }

    fn set_varied(&mut self, on: bool) {
        self.enc = Encoder::new(self.seed, on);
    }

    fn fill_row(&mut self, row: &mut Vec<String>) {
        let rec = self.next_record();
        rec.write_cells(row, &mut self.enc);
    }
}

impl Iterator for VehicleGen {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        let mut row = Vec::new();
        self.fill_row(&mut row);
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_a_bijection() {
        for len in [3usize, 4] {
            let total = 34u64.pow(len as u32);
            let mut seen = std::collections::HashSet::new();
            let mut b = [0u8; 4];
            for c in 0..total {
                body(c, len, 12345, &mut b[..len]).unwrap();
                assert!(seen.insert(b[..len].to_vec()));
            }
            assert!(body(total, len, 1, &mut b[..len]).is_none());
            // The first 10^len bodies are all digits.
            body(0, len, 9, &mut b[..len]).unwrap();
            assert!(b[..len].iter().all(u8::is_ascii_digit));
        }
    }
}
