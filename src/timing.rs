//! `PBN_TIMINGS=1`: how long each stage of a command took, on standard error — for benchmarks and for a
//! hospital that finds its build slow and wants to say where. Costs one environment lookup when unset.

use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// When timings began (the first span), so each line can say when its stage started and ended.
fn origin() -> Instant {
    static T0: OnceLock<Instant> = OnceLock::new();
    *T0.get_or_init(Instant::now)
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PBN_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Measures from now until dropped.
pub struct Span {
    name: &'static str,
    start: Instant,
}

/// A span named `name`, or nothing when timings are off.
pub fn span(name: &'static str) -> Option<Span> {
    enabled().then(|| {
        origin();
        Span {
            name,
            start: Instant::now(),
        }
    })
}

impl Drop for Span {
    fn drop(&mut self) {
        let ms = self.start.elapsed().as_secs_f64() * 1e3;
        let from = self.start.duration_since(origin()).as_secs_f64() * 1e3;
        // A closed standard error is no reason to fail a build. The span's place on the timeline (from the
        // first span) shows which stages ran side by side.
        let _ = writeln!(
            std::io::stderr(),
            "pbn timing: {:<16} {ms:6.1} ms  ({from:5.1} to {:5.1})",
            self.name,
            from + ms
        );
    }
}
