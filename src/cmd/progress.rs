//! Progress on a terminal: a spinner on standard error with the current stage and the time elapsed, for the
//! commands that can take more than a second on a large plan (`pbn build`, each rebuild of `pbn watch`).
//! Nothing at all when standard error is not a terminal (a pipe, a CI log, a test), or with `TERM=dumb`.
//!
//! While a spinner is shown, [`super::out`] and [`super::err`] print through [`suspend`], so diagnostics never
//! land in the middle of the spinner's line. The spinner disappears when its [`Progress`] is dropped.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// The spinner on screen, if any: `out`/`err` clear it before printing.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// A spinner for one command run; hidden off a terminal. Drop it to clear the line.
pub struct Progress {
    bar: Option<ProgressBar>,
}

/// Shows `stage` with a spinner (on a terminal only).
pub fn start(stage: &str) -> Progress {
    if !shown() {
        return Progress { bar: None };
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(stage.to_string());
    bar.enable_steady_tick(Duration::from_millis(100));
    if let Ok(mut a) = ACTIVE.lock() {
        *a = Some(bar.clone());
    }
    Progress { bar: Some(bar) }
}

impl Progress {
    /// The next stage ("rendering plan.pdf").
    pub fn set(&self, stage: &str) {
        if let Some(b) = &self.bar {
            b.set_message(stage.to_string());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = self.bar.take() {
            if let Ok(mut a) = ACTIVE.lock() {
                *a = None;
            }
            b.finish_and_clear();
        }
    }
}

/// Sets the stage of the spinner on screen, if any (for code that does not hold the [`Progress`]).
pub fn stage(stage: &str) {
    if let Some(b) = ACTIVE.lock().ok().and_then(|a| a.clone()) {
        b.set_message(stage.to_string());
    }
}

fn shown() -> bool {
    !super::quiet()
        && std::io::stderr().is_terminal()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

/// Runs `f` (some printing) with the spinner line cleared, then draws it again.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().ok().and_then(|a| a.clone());
    match bar {
        Some(b) => b.suspend(f),
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under `cargo test` standard error is captured or piped: nothing is drawn, nothing is registered.
    #[test]
    fn hidden_off_a_terminal() {
        if std::io::stderr().is_terminal() {
            return;
        }
        let p = start("compiling");
        p.set("rendering plan.html");
        assert!(p.bar.is_none());
        assert!(ACTIVE.lock().map(|a| a.is_none()).unwrap_or(false));
        assert_eq!(suspend(|| 7), 7);
    }
}
