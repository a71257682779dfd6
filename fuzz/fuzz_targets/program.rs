//! Structure-aware: a program generated from the grammar (see `jz_fuzz::gen`), checked, and when it
//! checks, its tests run through the interpreter.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|prog: jz_fuzz::gen::Program| {
    let text = prog.render();
    jz_fuzz::on_big_stack(move || {
        jz_fuzz::check(&text);
    });
});
