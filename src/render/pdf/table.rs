//! Tables and key–value blocks: the one shape every table of the PDF is built with (columns as
//! `(title, weight)`, one row per item), and key–value rows that leave out absent values.

use pbn_typeset::{Align, Block, Column, Inline};

/// A table of left-aligned columns `(title, relative width)`, one row per item.
pub(super) fn table<T>(
    columns: &[(&str, f32)],
    items: &[T],
    row: impl Fn(&T) -> Vec<Vec<Inline>>,
) -> Block {
    Block::Table {
        columns: columns
            .iter()
            .map(|(title, weight)| Column {
                title: title.to_string(),
                weight: *weight,
                align: Align::Left,
            })
            .collect(),
        rows: items.iter().map(row).collect(),
    }
}

/// A table cell for a value the plan does not give: `none` ("—"), so an empty cell never reads as a cell
/// someone forgot to print (the columns left blank on purpose, to write in by hand, do not use this).
pub(super) fn or_none(cell: Vec<Inline>, none: &str) -> Vec<Inline> {
    if cell.is_empty() {
        vec![Inline::text(none)]
    } else {
        cell
    }
}

/// Key–value rows: `(label, value)`, the rows whose value is `None` left out.
pub(super) fn key_values<'a>(
    rows: impl IntoIterator<Item = (&'a str, Option<Vec<Inline>>)>,
) -> Vec<(String, Vec<Inline>)> {
    rows.into_iter()
        .filter_map(|(label, v)| v.map(|v| (label.to_string(), v)))
        .collect()
}

/// A key–value block, or nothing when every value is absent.
pub(super) fn key_value_block<'a>(
    rows: impl IntoIterator<Item = (&'a str, Option<Vec<Inline>>)>,
) -> Option<Block> {
    let rows = key_values(rows);
    (!rows.is_empty()).then_some(Block::KeyValue(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_not_given_prints_the_none_label() {
        let dash = or_none(Vec::new(), "—");
        assert!(
            matches!(dash.as_slice(), [Inline::Text { text, .. }] if text == "—"),
            "{dash:?}"
        );
        assert_eq!(or_none(vec![Inline::text("x")], "—").len(), 1);
    }

    #[test]
    fn absent_values_leave_no_row() {
        let rows = key_values([
            ("a", Some(vec![Inline::text("1")])),
            ("b", None),
            ("c", Some(Vec::new())),
        ]);
        let labels: Vec<&str> = rows.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["a", "c"]);
        assert!(key_value_block([("b", None)]).is_none());
    }

    #[test]
    fn one_row_per_item() {
        let Block::Table { columns, rows } = table(&[("x", 1.0), ("y", 2.0)], &[1, 2, 3], |n| {
            vec![vec![Inline::text(n.to_string())], Vec::new()]
        }) else {
            panic!("not a table");
        };
        assert_eq!(columns.len(), 2);
        assert_eq!(columns[1].weight, 2.0);
        assert_eq!(rows.len(), 3);
    }
}
