//! Validated domain types. Nothing here knows YAML: values come from `decode`, each with the location that
//! supplied it ([`Sp`]), which is also how `pbn explain` tells which layer supplied a field.

pub mod adapted;
pub mod fields;
pub mod fragment;
pub mod holders;
pub mod plan;

pub use adapted::is_adapted;
pub use fragment::*;
pub use plan::*;

use crate::source::Loc;
use serde::Serialize;
use std::fmt;

/// A value and the place in the sources that supplied it. Equality ignores the place.
#[derive(Clone, Debug)]
pub struct Sp<T> {
    pub v: T,
    pub loc: Loc,
}

impl<T> Sp<T> {
    pub const fn new(v: T, loc: Loc) -> Self {
        Self { v, loc }
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, o: &Self) -> bool {
        self.v == o.v
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.v.serialize(s)
    }
}

pub type Text = Sp<String>;

/// A delay from T0 (detection) or from activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Duration {
    Immediate,
    Minutes(u64),
}

impl Duration {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if s == "immediate" || s == "immédiat" {
            return Some(Duration::Immediate);
        }
        let unit = s.chars().last()?;
        let n: u64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
        let mult = match unit {
            'm' => 1,
            'h' => 60,
            'd' | 'j' => 24 * 60,
            'w' => 7 * 24 * 60,
            _ => return None,
        };
        n.checked_mul(mult)
            .filter(|&m| m <= 10 * 365 * 24 * 60)
            .map(Duration::Minutes)
    }

    pub fn minutes(self) -> u64 {
        match self {
            Duration::Immediate => 0,
            Duration::Minutes(m) => m,
        }
    }

    /// Human form in the document language: `72 h`, `30 min`, `3 j`, `immédiat`.
    pub fn display(self, lang: Lang) -> String {
        match self {
            Duration::Immediate => match lang {
                Lang::Fr => "sans délai".into(),
                Lang::En => "without delay".into(),
            },
            Duration::Minutes(m) if m % (24 * 60) == 0 && m >= 24 * 60 * 7 => {
                format!(
                    "{}\u{a0}{}",
                    m / (24 * 60),
                    if lang == Lang::Fr { "j" } else { "d" }
                )
            }
            Duration::Minutes(m) if m % 60 == 0 => format!("{}\u{a0}h", m / 60),
            Duration::Minutes(m) => format!("{m}\u{a0}min"),
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Duration::Immediate => f.write_str("immediate"),
            // Days from a week up; `72h` stays `72h` (the legal deadlines are said in hours).
            Duration::Minutes(m) if m % (24 * 60) == 0 && *m >= 7 * 24 * 60 => {
                write!(f, "{}d", m / (24 * 60))
            }
            Duration::Minutes(m) if m % 60 == 0 && *m > 0 => write!(f, "{}h", m / 60),
            Duration::Minutes(m) => write!(f, "{m}m"),
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

pub type Date = chrono::NaiveDate;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("15m"), Some(Duration::Minutes(15)));
        assert_eq!(Duration::parse("4h"), Some(Duration::Minutes(240)));
        assert_eq!(Duration::parse("3d"), Some(Duration::Minutes(4320)));
        assert_eq!(Duration::parse("immediate"), Some(Duration::Immediate));
        for bad in [
            "",
            "h",
            "4",
            "4x",
            "-4h",
            "4.5h",
            "quatre heures",
            "99999999999999d",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad}");
        }
        assert_eq!(Duration::Minutes(4320).to_string(), "72h");
        assert_eq!(Duration::Minutes(30 * 24 * 60).to_string(), "30d");
        assert_eq!(Duration::Minutes(72 * 60).display(Lang::Fr), "72\u{a0}h");
        assert_eq!(Duration::Minutes(24 * 60).display(Lang::Fr), "24\u{a0}h");
    }
}
