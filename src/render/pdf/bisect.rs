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
