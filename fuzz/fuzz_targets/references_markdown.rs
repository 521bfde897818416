//! Any text through `{{type:id}}` splitting and the markdown renderers: lossless split, no live markup.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| pbn::fuzzing::references_markdown(text));
