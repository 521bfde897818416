//! Any bytes as a source file of a plan (the slot — manifest, establishment, contacts, exercises or fragments —
//! guessed from its keys), through UTF-8 check, YAML, decode, merge, check, every diagnostic format and the view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pbn::fuzzing::{compile_with, guess_slot};

fuzz_target!(|data: &[u8]| {
    compile_with(guess_slot(data), data);
});
