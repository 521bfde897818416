//! The bisection that fits a role card on one sheet and the "En cas d'attaque" box on one page: how much of a
//! list can be printed.

use pbn_typeset::Error;

/// The largest count in `lo..=hi` for which `fits` holds, by bisection, assuming it holds for fewer when it holds
/// for more; `lo` when none above it does (`lo` itself is not tried).
pub(super) fn largest(
    mut lo: usize,
    mut hi: usize,
    mut fits: impl FnMut(usize) -> Result<bool, Error>,
) -> Result<usize, Error> {
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(lo)
}

/// [`largest`], searched outwards from `guess` (steps of 1, 2, 4… then a bisection of the last gap): the same
/// count, in two tries when the guess is right. The cards of one plan keep about as many steps as each other,
/// so the previous card's count is a good guess.
pub(super) fn largest_near(
    lo: usize,
    hi: usize,
    guess: usize,
    mut fits: impl FnMut(usize) -> Result<bool, Error>,
) -> Result<usize, Error> {
    if lo >= hi {
        return Ok(lo);
    }
    let guess = guess.clamp(lo, hi);
    // Upwards from a count that fits (`lo` is taken to fit, as in `largest`).
    if guess == lo || fits(guess)? {
        let (mut base, mut step) = (guess, 1);
        loop {
            let probe = base + step;
            if probe > hi {
                return largest(base, hi, fits);
            }
            if !fits(probe)? {
                return largest(base, probe - 1, fits);
            }
            base = probe;
            step *= 2;
        }
    }
    // Downwards from a count that does not fit.
    let (mut top, mut step) = (guess - 1, 1);
    loop {
        let probe = guess.saturating_sub(step).max(lo);
        if probe == lo || fits(probe)? {
            return largest(probe, top, fits);
        }
        top = probe - 1;
        step *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::{largest, largest_near};

    /// Every answer, from every guess, is the bisection's; and a right guess costs two tries.
    #[test]
    fn the_search_from_a_guess_finds_what_the_bisection_finds() {
        for (lo, hi) in [(0, 0), (0, 1), (0, 49), (3, 33), (5, 5), (2, 424)] {
            for answer in lo..=hi {
                let want = largest(lo, hi, |n| Ok(n <= answer)).unwrap();
                for guess in [
                    0,
                    lo,
                    answer,
                    answer + 1,
                    answer.saturating_sub(1),
                    hi,
                    hi + 7,
                    (lo + hi) / 2,
                ] {
                    let mut tries = Vec::new();
                    let got = largest_near(lo, hi, guess, |n| {
                        assert!(n > lo && n <= hi, "tried {n} outside {lo}..={hi}");
                        tries.push(n);
                        Ok(n <= answer)
                    })
                    .unwrap();
                    assert_eq!(got, want, "lo {lo} hi {hi} answer {answer} guess {guess}");
                    if guess == answer && lo < answer && answer < hi {
                        assert_eq!(tries.len(), 2, "{tries:?}");
                    }
                }
            }
        }
    }
}
