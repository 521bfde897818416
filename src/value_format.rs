//! Pure checks of value formats: ids, FINESS numbers, phone numbers, e-mail addresses, URLs.

/// Lower-case kebab-case: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A kebab-case suggestion for a bad id (`Premiers Gestes` → `premiers-gestes`).
pub fn kebab_suggestion(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
            'î' | 'ï' | 'Î' => 'i',
            'ô' | 'ö' | 'Ô' => 'o',
            'ù' | 'û' | 'ü' | 'Û' => 'u',
            'ç' | 'Ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Why a FINESS number is wrong, or `None` when it is valid. Nine characters; the ninth is a Luhn key over the
/// first eight. Corsica's `2A`/`2B` department codes count as `21`/`22` for the key... more precisely the letter
/// is replaced by 1 (A) or 2 (B) in the computation.
pub fn finess_problem(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 9 {
        return Some(format!(
            "a FINESS number has 9 characters, `{s}` has {}",
            chars.len()
        ));
    }
    let mut digits = Vec::with_capacity(9);
    for (i, &c) in chars.iter().enumerate() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A' | 'a' if i == 1 && chars[0] == '2' => 1,
            'B' | 'b' if i == 1 && chars[0] == '2' => 2,
            _ => return Some(format!("`{s}` has an unexpected character `{c}`")),
        };
        digits.push(d);
    }
    if luhn_valid(&digits) {
        None
    } else {
        let expected = (0..10).find(|&k| {
            let mut d = digits.clone();
            d[8] = k;
            luhn_valid(&d)
        });
        Some(match expected {
            Some(k) => {
                format!("the control key of `{s}` is wrong (the key for these 8 digits is {k})")
            }
            None => format!("the control key of `{s}` is wrong"),
        })
    }
}

/// SIREN (the legal entity's number at INSEE): 9 digits with a Luhn key. Spaces between digit groups are
/// allowed, as INSEE prints them (`123 456 789`).
pub fn siren_problem(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| *c != ' ' && *c != '\u{a0}').collect();
    if let Some(c) = compact.chars().find(|c| !c.is_ascii_digit()) {
        return Some(format!("a SIREN number is 9 digits, `{s}` has `{c}`"));
    }
    let digits: Vec<u32> = compact.bytes().map(|b| u32::from(b - b'0')).collect();
    if digits.len() != 9 {
        return Some(format!(
            "a SIREN number has 9 digits, `{s}` has {}",
            digits.len()
        ));
    }
    if luhn_valid(&digits) {
        return None;
    }
    let key = (0..10).find(|&k| {
        let mut d = digits.clone();
        d[8] = k;
        luhn_valid(&d)
    });
    Some(match key {
        Some(k) => format!("the control key of `{s}` is wrong (the key for these 8 digits is {k})"),
        None => format!("the control key of `{s}` is wrong"),
    })
}

fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The French short numbers spec §2.4 allows, as said in messages.
pub const SHORT_NUMBERS: &str =
    "15, 17, 18, 112, 114, 3xxx (4 digits starting with 3) and 116xxx (6 digits starting with 116)";

/// Phone numbers (spec §2.4): French national (10 digits starting with 0), French short numbers (15, 17, 18,
/// 112, 114, 3xxx, 116xxx) or E.164 (`+`, a country code that does not start with 0, at most 15 digits; after
/// `+33`, the 9 digits of a French number without its leading 0). Spaces, dots and dashes are allowed between
/// digits.
pub fn phone_ok(s: &str) -> bool {
    phone_problem(s).is_none()
}

/// Why a phone number is refused (a sentence that tells what to write instead), or `None` when it is valid.
pub fn phone_problem(s: &str) -> Option<String> {
    const FORMS: &str = "write a French number (`04 74 00 10 20`), a French short number or an international \
                         one (`+33 4 74 00 10 20`)";
    let t = s.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return Some(format!("the number is empty: {FORMS}"));
    }
    if let Some(c) = t
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '\u{a0}')))
    {
        return Some(format!(
            "`{c}` has no place in a phone number: write only digits, separated by spaces, dots or dashes \
             (`04 74 00 10 20`), and `+` before an international number"
        ));
    }
    let plus = t.starts_with('+');
    if t[usize::from(plus)..].contains('+') {
        return Some(
            "`+` comes once, first, before the country code (`+33 4 74 00 10 20`)".to_string(),
        );
    }
    if !t.ends_with(|c: char| c.is_ascii_digit())
        || !(plus || t.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Some(format!(
            "a phone number starts and ends with a digit: {FORMS}"
        ));
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if plus {
        return if digits.starts_with('0') {
            Some(
                "after `+` comes the country code, which never starts with 0 (`+33 4 74 00 10 20`)"
                    .to_string(),
            )
        } else if let Some(national) = digits.strip_prefix("33") {
            // France: the 9 digits of the national number without its trunk 0.
            if national.starts_with('0') {
                Some(
                    "after `+33`, drop the leading 0 of the French number (`+33 4 74 00 10 20`, not \
                     `+33 04 74 00 10 20`)"
                        .to_string(),
                )
            } else if national.len() != 9 {
                Some(format!(
                    "after `+33` come the 9 digits of a French number without its leading 0 \
                     (`+33 4 74 00 10 20`); this one has {}",
                    national.len()
                ))
            } else {
                None
            }
        } else if n > 15 {
            Some(format!(
                "an international number has at most 15 digits, country code included; this one has {n}"
            ))
        } else if n < 7 {
            Some(format!(
                "an international number has the country code and the whole number (`+33 4 74 00 10 20`); \
                 this one has only {n} digits"
            ))
        } else {
            None
        };
    }
    let short = match n {
        2 | 3 => matches!(digits.as_str(), "15" | "17" | "18" | "112" | "114"),
        4 => digits.starts_with('3'),
        6 => digits.starts_with("116"),
        10 if digits.starts_with("00") => {
            return Some(
                "a French number starts with 0 and a digit from 1 to 9 (`04 74 00 10 20`); for an \
                 international number, write `+` and the country code instead of `00`"
                    .to_string(),
            );
        }
        10 if digits.starts_with('0') => return None,
        10 => {
            return Some(
                "a French number has 10 digits and starts with 0 (`04 74 00 10 20`)".to_string(),
            );
        }
        _ => false,
    };
    if short {
        None
    } else if n <= 6 {
        Some(format!(
            "`{t}` is not a French short number; the short numbers are {SHORT_NUMBERS}; write any other number \
             in full (`04 74 00 10 20`) or internationally (`+33 4 74 00 10 20`)"
        ))
    } else if digits.starts_with("00") {
        Some(
            "`00` dials abroad: write `+` and the country code instead (`+44 20 7946 0958`)"
                .to_string(),
        )
    } else {
        Some(format!(
            "a French number has 10 digits and starts with 0 (`04 74 00 10 20`); this one has {n}; \
             an international number starts with `+` (`+33 4 74 00 10 20`)"
        ))
    }
}

pub fn email_ok(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

pub fn url_ok(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.contains(char::is_whitespace) && host.contains('.')
                || host.starts_with("localhost")
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finess() {
        assert_eq!(finess_problem("010000024"), None);
        assert_eq!(
            finess_problem("010003820").is_none(),
            luhn_valid(&[0, 1, 0, 0, 0, 3, 8, 2, 0])
        );
        assert!(finess_problem("010000025").is_some_and(|m| m.contains("key")));
        assert!(finess_problem("01000002").is_some());
        assert!(finess_problem("01000002X").is_some());
        // Corsica: the letter counts as 1 (A) or 2 (B).
        let key_2a = (0..10)
            .find(|k| luhn_valid(&[2, 1, 0, 0, 0, 0, 0, 1, *k]))
            .unwrap_or(0);
        assert_eq!(finess_problem(&format!("2A000001{key_2a}")), None);
        assert!(finess_problem(&format!("2B000001{key_2a}")).is_some());
    }

    #[test]
    fn siren() {
        // La Poste (356 000 000) and a Luhn-valid number written in INSEE's groups.
        assert_eq!(siren_problem("356000000"), None);
        assert_eq!(siren_problem("732 829 320"), None);
        assert!(siren_problem("732829321").is_some_and(|m| m.contains("key")));
        assert!(siren_problem("73282932").is_some_and(|m| m.contains("9 digits")));
        assert!(siren_problem("73282932A").is_some_and(|m| m.contains("`A`")));
        assert!(siren_problem("").is_some());
    }

    #[test]
    fn phones() {
        for ok in [
            "04 74 00 10 20",
            "0474001020",
            "15",
            "17",
            "112",
            "3237",
            "116117",
            "+33 4 74 00 10 20",
            "+41 22 123 45 67",
            "04.74.00.10.20",
        ] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "12",
            "4 74 00 10 20",
            "04 74 00 10",
            "0033474001020x",
            "+33",
            "appeler Paul",
            "04-74-00-10-20-30",
            "++33474001020",
            // Short numbers: only those of spec §2.4.
            "1234",
            "1000",
            "115",
            "119",
            "191",
            "196",
            "116",
            "11611",
            "3",
            "30",
            "300",
            "30000",
            "216117",
            // E.164 forms.
            "+33 04 74 00 10 20",
            "+33 4 74 00 10",
            "+0 44 20 7946 0958",
            "+1 202 555 0100 1234 56",
            "+12345",
            "33 4+74 00 10 20",
            // Separators only between digits.
            "-15",
            "15-",
            "+ ",
            "00 33 4 74 00 10 20",
        ] {
            assert!(!phone_ok(bad), "{bad}");
        }
        for ok in [
            "18",
            "114",
            "3000",
            "3 9 9 9",
            "116000",
            "116 006",
            "+683 4002",
            "+44 20 7946 0958",
            "+1 202 555 0100",
            "+33474001020",
            "0 800 00 00 00",
            "\u{a0}04\u{a0}74\u{a0}00\u{a0}10\u{a0}20 ",
        ] {
            assert!(phone_ok(ok), "{ok}");
        }
    }

    #[test]
    fn phone_messages_say_what_to_write() {
        let short = phone_problem("1234").unwrap_or_default();
        assert!(
            short.contains("`1234` is not a French short number"),
            "{short}"
        );
        assert!(short.contains(SHORT_NUMBERS), "{short}");
        let plus33 = phone_problem("+33 04 74 00 10 20").unwrap_or_default();
        assert!(plus33.contains("drop the leading 0"), "{plus33}");
        let len = phone_problem("+33 4 74 00 10").unwrap_or_default();
        assert!(len.contains("this one has 7"), "{len}");
        let national = phone_problem("04 74 00 10").unwrap_or_default();
        assert!(national.contains("10 digits"), "{national}");
        let letters = phone_problem("+33 1 SUPPORT").unwrap_or_default();
        assert!(letters.contains("`S` has no place"), "{letters}");
        assert!(phone_problem("15").is_none());
    }

    #[test]
    fn ids_emails_urls() {
        assert!(is_kebab("premiers-gestes") && is_kebab("ex-2026-03"));
        assert!(!is_kebab("Premiers") && !is_kebab("a_b") && !is_kebab("-a") && !is_kebab("a--b"));
        assert_eq!(kebab_suggestion("Premiers Gestes é"), "premiers-gestes-e");
        assert!(email_ok("rssi@ch-exemple.fr") && !email_ok("rssi@") && !email_ok("a b@c.fr"));
        assert!(
            url_ok("https://www.cnil.fr/x")
                && !url_ok("www.cnil.fr")
                && !url_ok("javascript:alert(1)")
        );
    }
}
