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

/// Phone numbers (spec §2.4): French national (10 digits starting with 0), French short numbers (15, 17, 18,
/// 112, 114, 3xxx, 116xxx, 119, 196, 191, 115) or E.164 (`+` and 8 to 15 digits). Spaces, dots and dashes are
/// allowed between digits.
pub fn phone_ok(s: &str) -> bool {
    let t = s.trim();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '\u{a0}'))
    {
        return false;
    }
    let plus = t.starts_with('+');
    if t[usize::from(plus)..].contains('+') {
        return false;
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if plus {
        return (8..=15).contains(&digits.len()) && !digits.starts_with('0');
    }
    match digits.len() {
        10 => digits.starts_with('0') && !digits.starts_with("00"),
        2 | 3 => matches!(
            digits.as_str(),
            "15" | "17" | "18" | "112" | "114" | "115" | "119" | "191" | "196"
        ),
        4 => digits.starts_with('3') || digits.starts_with('1'),
        6 => digits.starts_with("116"),
        _ => false,
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
        ] {
            assert!(!phone_ok(bad), "{bad}");
        }
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
