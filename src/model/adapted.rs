//! Whether a national procedure template has been adapted by the establishment (docs/plan-format.md,
//! "Procedure templates"). One predicate, shared by the documents (banner) and the reviewer rules.

use super::Fragment;
use crate::source::SourceMap;

/// A procedure template is **adapted** when a layer above the baseline (layer 0) supplied its `owner`,
/// `activation` and `paper_kit`. A fragment that is not a template is its author's own: always adapted.
pub fn is_adapted(f: &Fragment, map: &SourceMap) -> bool {
    if !f.is_template() {
        return true;
    }
    let fl = &f.f;
    [
        fl.owner.as_ref().map(|x| x.loc),
        fl.activation.as_ref().map(|x| x.loc),
        fl.paper_kit.as_ref().map(|x| x.loc),
    ]
    .into_iter()
    .all(|loc| loc.is_some_and(|l| map.layer_of(l) > 0))
}
