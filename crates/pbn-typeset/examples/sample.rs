//! Renders a realistic French crisis plan to `/tmp/sample.pdf` (or the path given), and
//! with `--big N` a plan of N copies of its chapters, printing the timings.
//!
//! ```text
//! cargo run -p pbn-typeset --release --example sample [-- --big 95 --repeat 5] [out.pdf]
//! ```

mod support;

use std::io::Write;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut big = None;
    let mut repeat = 1usize;
    let mut out = "/tmp/sample.pdf".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--big" => big = it.next().and_then(|n| n.parse::<usize>().ok()),
            "--repeat" => {
                repeat = it
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1)
                    .max(1)
            }
            other => out = other.to_string(),
        }
    }
    let doc = match big {
        Some(n) => support::big(n),
        None => support::sample(10),
    };
    // Warm the font and hyphenation caches so the timings are the document's own.
    let warm = Instant::now();
    pbn_typeset::layout(&support::sample(1))?;
    let warm = warm.elapsed().as_secs_f64() * 1e3;
    // Best of `repeat` runs: the machine may be busy with other work.
    let (mut best_layout, mut best_pdf) = (f64::MAX, f64::MAX);
    let mut result = None;
    let cpu0 = cpu_ms();
    for _ in 0..repeat {
        let t0 = Instant::now();
        let layout = pbn_typeset::layout(&doc)?;
        let t1 = Instant::now();
        let pdf = pbn_typeset::write_pdf(&layout, &doc.meta)?;
        let t2 = Instant::now();
        best_layout = best_layout.min((t1 - t0).as_secs_f64() * 1e3);
        best_pdf = best_pdf.min((t2 - t1).as_secs_f64() * 1e3);
        result = Some((layout, pdf));
    }
    let cpu = (cpu_ms() - cpu0) / repeat as f64;
    let Some((layout, pdf)) = result else {
        return Ok(());
    };
    std::fs::write(&out, &pdf)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "{out}: {} pages, {} bytes; layout {:.1} ms, pdf {:.1} ms, total {:.1} ms \
         (first use of fonts and patterns: {warm:.1} ms); CPU time per run {cpu:.0} ms",
        layout.pages.len(),
        pdf.len(),
        best_layout,
        best_pdf,
        best_layout + best_pdf
    )?;
    for o in &layout.overflows {
        writeln!(
            stdout,
            "overflow: sheet `{}` ({}) takes {} pages",
            o.anchor,
            o.source.as_deref().unwrap_or("?"),
            o.pages
        )?;
    }
    for l in &layout.broken_links {
        writeln!(stdout, "broken link: #{l}")?;
    }
    Ok(())
}

/// CPU time of the process (all threads), from `/proc/self/stat`; 0 elsewhere.
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which ends with ')'): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) * 10.0 // USER_HZ is 100 on Linux
}
