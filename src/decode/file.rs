//! Decoding dispatch: which decoder reads a source file (its [`FileRole`]), and every file of a source set
//! parsed and decoded in parallel, results in file order.

use super::{FileDiags, N};
use crate::diag::{Code, Diagnostic, Diags};
use crate::model::{
    Application, BaselineMeta, Contact, Establishment, Exercise, Fragment, Manifest,
};
use crate::source::{FileId, Loc, SourceMap};
use crate::yaml;
use rayon::prelude::*;

/// What a source file holds, hence how it is decoded. The loader gives each file its role from its place in
/// the plan directory (`pbn.yaml`, `establishment.yaml`, `contacts/`…); in-memory sets (fuzzing) give it directly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRole {
    Manifest,
    Establishment,
    /// `baseline`: the national directory, whose slots a plan completes.
    Contacts {
        baseline: bool,
    },
    Exercises,
    Fragments,
    BaselineMeta,
    /// A shared layer's `applications.yaml` (spec §7.1): an `applications:` list shaped as in
    /// `establishment.yaml`.
    Applications,
}

/// What decoding one file gave.
pub enum Decoded {
    Manifest(Option<Manifest>),
    Establishment(Option<Box<Establishment>>),
    Contacts(Vec<Contact>),
    Exercises(Vec<Exercise>),
    Fragments(Vec<Fragment>),
    Meta(BaselineMeta),
    Applications(Vec<Application>),
    Nothing,
}

/// Parses and decodes one file's text in its role.
pub fn decode_file(
    file: FileId,
    text: &str,
    layer: usize,
    role: FileRole,
    diags: &mut Diags,
) -> Decoded {
    let Some(docs) = yaml::parse(file, text, diags) else {
        return Decoded::Nothing;
    };
    let mut cx = FileDiags { file, diags };
    decode_docs(&mut cx, &docs, layer, role)
}

/// Parses and decodes the files of `map` that have a role (`None`: unreadable, nothing to decode), in parallel.
/// Results come back in file order, with the diagnostics of each file in that order.
pub fn decode_all(map: &SourceMap, roles: &[Option<FileRole>], diags: &mut Diags) -> Vec<Decoded> {
    let one = |i: usize| {
        let mut d = Diags::default();
        let f = &map.files[i];
        let decoded = match roles.get(i).copied().flatten() {
            Some(role) => decode_file(i as FileId, &f.text, f.layer, role, &mut d),
            None => Decoded::Nothing,
        };
        (decoded, d)
    };
    let results: Vec<(Decoded, Diags)> = if crate::parallel::nested_in_pool() {
        (0..map.files.len()).map(one).collect()
    } else {
        // Largest files first, one file per task: a 2 MB contacts.yaml starts at once instead of ending last.
        let mut order: Vec<usize> = (0..map.files.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(map.files[i].text.len()));
        let mut results: Vec<(usize, (Decoded, Diags))> = order
            .par_iter()
            .with_max_len(1)
            .map(|&i| (i, one(i)))
            .collect();
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, r)| r).collect()
    };
    results
        .into_iter()
        .map(|(decoded, d)| {
            diags.extend(d);
            decoded
        })
        .collect()
}

/// The documents of one file: any number of fragments, or the one document of any other file.
pub fn decode_docs(cx: &mut FileDiags, docs: &[N], layer: usize, role: FileRole) -> Decoded {
    if role != FileRole::Fragments {
        let mut real = docs.iter().filter(|d| !matches!(d.value, yaml::Node::Null));
        let Some(first) = real.next() else {
            let what = match role {
                FileRole::Manifest => "pbn.yaml",
                FileRole::Establishment => "establishment.yaml",
                FileRole::Exercises => return Decoded::Exercises(Vec::new()),
                _ => "this file",
            };
            cx.diags.push(Diagnostic::new(
                Code::MissingField,
                Loc::new(cx.file, 1, 1),
                format!("{what} is empty"),
            ));
            return Decoded::Nothing;
        };
        if let Some(extra) = real.next() {
            let at = cx.loc(extra);
            cx.diags.push(
                Diagnostic::new(
                    Code::NotAMapping,
                    at,
                    "this file holds one document; a second one starts here",
                )
                .help("remove the `---` separator"),
            );
        }
        return decode_document(cx, first, layer, role);
    }
    let mut out = Vec::new();
    for doc in docs {
        if matches!(doc.value, yaml::Node::Null) {
            continue;
        }
        if let Some(f) = super::fragment::fragment(cx, doc, layer) {
            out.push(f);
        }
    }
    Decoded::Fragments(out)
}

/// The one document of a file that is not a fragments file.
fn decode_document(cx: &mut FileDiags, doc: &N, layer: usize, role: FileRole) -> Decoded {
    use super::plan;
    match role {
        FileRole::Manifest => Decoded::Manifest(plan::manifest(cx, doc)),
        FileRole::Establishment => {
            Decoded::Establishment(plan::establishment(cx, doc).map(Box::new))
        }
        FileRole::Contacts { baseline } => {
            Decoded::Contacts(plan::contacts(cx, doc, layer, baseline))
        }
        FileRole::Exercises => Decoded::Exercises(plan::exercises(cx, doc)),
        FileRole::BaselineMeta => Decoded::Meta(plan::baseline_meta(cx, doc)),
        FileRole::Applications => Decoded::Applications(plan::applications(cx, doc)),
        FileRole::Fragments => Decoded::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes and lines of decoding `text` as the one document of a `role` file.
    fn decode_as(role: FileRole, text: &str) -> Vec<(u16, u32)> {
        let mut diags = Diags::default();
        decode_file(0, text, 0, role, &mut diags);
        diags.codes_and_lines()
    }

    #[test]
    fn a_document_that_is_not_a_mapping_is_reported_once() {
        for role in [
            FileRole::Manifest,
            FileRole::Establishment,
            FileRole::Contacts { baseline: false },
            FileRole::Exercises,
            FileRole::BaselineMeta,
        ] {
            assert_eq!(
                decode_as(role, "# a list\n- contacts: []\n"),
                [(41, 2)],
                "{role:?}"
            );
            assert_eq!(decode_as(role, "just text\n"), [(41, 1)], "{role:?}");
        }
    }
}
