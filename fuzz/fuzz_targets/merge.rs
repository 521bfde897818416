//! Sequences of small generated fragments (layers, overrides, locks, step operations) → decode → merge.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pbn::fuzzing::merge_bytes(data));
