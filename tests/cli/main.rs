//! The one integration test binary of pbn (`cargo test --test cli`). It runs the built `pbn` executable the way a
//! user or a CI pipeline does and checks exit codes, diagnostic codes and locations — never error wording alone.
//!
//! - [`validate`]: one fixture folder per planted error, `tests/fixtures/validate/<case>/` (an overlay on the base
//!   plan `tests/fixtures/base/` plus `expected.json`), one `#[test]` per case;
//! - [`browser`]: plan.html in headless Chromium: a 390 px phone, search, T0 clock, printing (issue 15);
//! - [`commands`]: the examples, `init`, the output formats, exit codes, `explain`, `schema`, `baseline`;
//! - [`console`]: init never overwrites, causes first, SARIF URIs, `--quiet`/`--color`, several plans (issue 19);
//! - [`ght`]: a shared layer's contacts and applications, several hospitals and a layer alone in `validate`;
//! - [`value_format`]: phone numbers, e-mails, URLs, durations, dates and FINESS keys, accepted and refused;
//! - [`hostile`]: documents that try to break the loader (issue 8), and seeded random mutations of the base plan;
//! - [`cards`]: cards.pdf read back: one sheet per role, its numbers whole, a cut card says where the rest is;
//! - [`emergency`]: the "En cas d'attaque" box stays on page 2, its gestures shortened when too long (issue 15);
//! - [`pages`]: the printed pages read back with poppler: glyphs on their page, channel values whole (issue 15);
//! - [`breaks`]: page breaks read back with poppler: no heading or label ends a page, pages stay full (issue 15);
//! - [`snapshots`]: the human rendering of a few diagnostics (insta);
//! - [`ecosystem`]: help, completions, man page, the committed schema, the CI recipes, `pbn watch` (issue 9);
//! - [`reviewer`]: batch CSV/JSON, PDF letters, `--compare`, packs, signatures, output folders (issue 18);
//! - [`architecture`]: the source tree itself: no import circle between files of `src/` (issue 14).
//!
//! Fixtures are documented in `tests/fixtures/README.md`.

// Test code: a failed `expect` is a test failure with its message, and `eprintln!` reports timings.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::disallowed_macros)]

mod architecture;
mod breaks;
mod browser;
mod cards;
mod commands;
mod console;
mod ecosystem;
mod emergency;
mod ght;
mod hostile;
mod outputs;
mod pages;
mod references;
mod reviewer;
mod snapshots;
mod support;
mod validate;
mod value_format;
