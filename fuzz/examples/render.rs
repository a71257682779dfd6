//! Print the policy text a `program` fuzz input renders to: `cargo +nightly run --release --example render -- FILE`
//! (for an artifact of `scripts/fuzz.sh program`, to see the program that failed).
use arbitrary::Arbitrary;
fn main() {
    let path = std::env::args().nth(1).expect("path");
    let bytes = std::fs::read(path).expect("read");
    let u = arbitrary::Unstructured::new(&bytes);
    let p = jz_fuzz::gen::Program::arbitrary_take_rest(u).expect("arbitrary");
    print!("{}", p.render());
}
