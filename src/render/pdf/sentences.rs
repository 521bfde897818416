//! Sentences of a run of styled text: where they end, and the first few of them (the "En cas d'attaque" box
//! prints the first sentences of a gesture too long to print whole).

use pbn_typeset::Inline;

/// Where the sentences of a run of inlines end: (inline, byte offset just after the full stop, question or
/// exclamation mark), for each mark followed by white space — the last sentence's end is not listed. A mark
/// after a lone letter ("M. Martin", "p. 12") ends no sentence.
pub(super) fn sentence_ends(v: &[Inline]) -> Vec<(usize, usize)> {
    fn text(i: &Inline) -> &str {
        match i {
            Inline::Text { text, .. } | Inline::Link { text, .. } => text,
            Inline::LineBreak => "\n",
            Inline::PageRef { .. } => "",
        }
    }
    let mut ends = Vec::new();
    // The mark waiting for its next character (which may be in the next inline); the length of the word being
    // read and of the last word read.
    let mut pending: Option<(usize, usize)> = None;
    let (mut word, mut last) = (0usize, 0usize);
    for (n, inline) in v.iter().enumerate() {
        for (at, c) in text(inline).char_indices() {
            if let Some(end) = pending.take()
                && c.is_whitespace()
            {
                ends.push(end);
            }
            if c.is_alphanumeric() {
                word += 1;
                last = word;
            } else {
                word = 0;
            }
            if ".!?".contains(c) && last > 1 {
                pending = Some((n, at + c.len_utf8()));
            }
        }
    }
    ends
}

/// The first `n` sentences of a run of inlines (`n` at least one, at most [`sentence_ends`]'s count), in their
/// styles.
pub(super) fn first_sentences(v: &[Inline], n: usize) -> Vec<Inline> {
    let ends = sentence_ends(v);
    let Some(&(at, offset)) = n.checked_sub(1).and_then(|i| ends.get(i)) else {
        return v.to_vec();
    };
    let mut out = v[..at].to_vec();
    let mut last = v[at].clone();
    if let Inline::Text { text, .. } | Inline::Link { text, .. } = &mut last {
        text.truncate(offset);
    }
    out.push(last);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &[Inline]) -> String {
        v.iter()
            .map(|i| match i {
                Inline::Text { text, .. } | Inline::Link { text, .. } => text.as_str(),
                _ => "",
            })
            .collect()
    }

    #[test]
    fn sentences_end_at_a_mark_before_a_space() {
        let v = vec![
            Inline::bold("Débrancher le câble."),
            Inline::text(" Appeler M. Martin, p. 12, au 06 00. Ne pas éteindre ! Fin"),
        ];
        assert_eq!(sentence_ends(&v).len(), 3);
        assert_eq!(plain(&first_sentences(&v, 1)), "Débrancher le câble.");
        assert_eq!(
            plain(&first_sentences(&v, 2)),
            "Débrancher le câble. Appeler M. Martin, p. 12, au 06 00."
        );
        assert_eq!(plain(&first_sentences(&v, 9)), plain(&v));
    }

    #[test]
    fn a_number_with_dots_ends_no_sentence() {
        let v = vec![Inline::text("Appeler le 01.02.03.04.05 puis attendre.")];
        assert!(sentence_ends(&v).is_empty());
    }
}
