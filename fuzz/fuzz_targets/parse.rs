//! The parser on arbitrary bytes (read as UTF-8 when they are; lossily otherwise, as a file is not):
//! no panic, spans inside the text, no internal error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    jz_fuzz::on_big_stack(move || jz_fuzz::parse(&text));
});
