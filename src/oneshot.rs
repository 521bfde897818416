//! `pbn build` ends the process as soon as its files are written, and the operating system then takes back all
//! its memory at once. Freeing large values allocation by allocation just before — the template engine's copy of
//! the view, the templates, the view — only costs time (some 4 ms of a 100-reflex build), which is why compilers
//! skip it too (clang's `-disable-free`). Commands that build again in the same process (`pbn watch`) and the
//! tests free as usual: only `pbn build` says it is a one-shot process ([`declare`]).

use std::sync::atomic::{AtomicBool, Ordering};

static ONE_SHOT: AtomicBool = AtomicBool::new(false);

/// This process ends after one build.
pub fn declare() {
    ONE_SHOT.store(true, Ordering::Relaxed);
}

/// Frees `value`, unless the process ends after this build: then it is left for the operating system.
pub fn discard<T>(value: T) {
    if ONE_SHOT.load(Ordering::Relaxed) {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn values_are_freed_unless_the_process_is_one_shot() {
        let shared = Rc::new(());
        discard(Rc::clone(&shared));
        assert_eq!(Rc::strong_count(&shared), 1, "freed");
    }
}
