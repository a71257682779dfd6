//! The loader and checker on arbitrary text, then the program's tests through the interpreter when it
//! checks: no panic, spans inside the file they name, diagnostics render.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.to_owned();
    jz_fuzz::on_big_stack(move || {
        jz_fuzz::check(&text);
    });
});
