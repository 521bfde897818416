//! `{{contact:ID}}`, `{{role:ID}}`, `{{fragment:ID}}`, `{{application:ID}}` references in free text, and
//! `{{establishment:name}}` / `{{establishment:ght}}` (the establishment's own name, its GHT's), so that a
//! national message template never leaves "[Nom de l'établissement]" for a hospital to fill by hand.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Contact,
    Role,
    Fragment,
    Application,
    Establishment,
}

impl RefKind {
    pub const NAMES: [&str; 5] = [
        "contact",
        "role",
        "fragment",
        "application",
        "establishment",
    ];
    /// The fields `{{establishment:…}}` can cite.
    pub const ESTABLISHMENT_FIELDS: [&str; 2] = ["name", "ght"];
    fn parse(s: &str) -> Option<Self> {
        match s {
            "contact" => Some(Self::Contact),
            "role" => Some(Self::Role),
            "fragment" => Some(Self::Fragment),
            "application" => Some(Self::Application),
            "establishment" => Some(Self::Establishment),
            _ => None,
        }
    }
}

/// One `{{…}}` found in a text: either a well-formed reference or the reason it is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Ref {
        kind: RefKind,
        id: &'a str,
        raw: &'a str,
    },
    Bad {
        raw: &'a str,
        why: String,
    },
}

/// Splits a text into plain parts and references, in order.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push(Piece::Bad {
                raw: &rest[start..],
                why: "`{{` is never closed by `}}`".into(),
            });
            return out;
        };
        let raw = &rest[start..start + 2 + end + 2];
        let inner = after[..end].trim();
        out.push(match inner.split_once(':') {
            Some((k, id)) => match RefKind::parse(k.trim()) {
                Some(kind) if crate::value_format::is_kebab(id.trim()) => Piece::Ref {
                    kind,
                    id: id.trim(),
                    raw,
                },
                Some(_) => Piece::Bad {
                    raw,
                    why: format!("`{}` is not a valid id", id.trim()),
                },
                None => Piece::Bad {
                    raw,
                    why: format!("`{}` is not a reference type", k.trim()),
                },
            },
            None => Piece::Bad {
                raw,
                why: "a reference is written `{{type:id}}`".into(),
            },
        });
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_references() {
        let p = split("Appeler {{contact:rssi}} puis {{ role:dsi }}.");
        assert_eq!(p.len(), 5);
        assert_eq!(
            p[1],
            Piece::Ref {
                kind: RefKind::Contact,
                id: "rssi",
                raw: "{{contact:rssi}}"
            }
        );
        assert_eq!(
            p[3],
            Piece::Ref {
                kind: RefKind::Role,
                id: "dsi",
                raw: "{{ role:dsi }}"
            }
        );
        assert!(matches!(split("{{person:x}}")[0], Piece::Bad { .. }));
        assert!(matches!(split("a {{contact:x")[1], Piece::Bad { .. }));
        assert_eq!(split("plain"), vec![Piece::Text("plain")]);
    }
}
