//! Name globs for runbook front matter: `*` matches any run of characters,
//! `?` one character; matching ignores ASCII case.

/// Whether `name` matches `pattern` (`*` any run, `?` one character, ASCII case ignored).
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matcher with one backtrack point (the last `*`).
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ni));
                pi += 1;
            }
            Some(&c) if c == '?' || Some(&c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    pi = sp + 1;
                    ni = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|c| *c == '*')
}

/// How specific a glob is: its number of literal characters (`*-5xx*` → 4).
pub(crate) fn glob_specificity(pattern: &str) -> u32 {
    pattern.chars().filter(|c| *c != '*' && *c != '?').count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_a_shell() {
        assert!(glob_match("*-5xx*", "prod-web-api-5xx"));
        assert!(glob_match("*-5xx*", "prod-web-api-5XX-high"));
        assert!(!glob_match("*-5xx*", "prod-web-api-5"));
        assert!(glob_match("payments", "Payments"));
        assert!(!glob_match("payments", "payments-v2"));
        assert!(glob_match("pay?ents*", "payments-v2"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(glob_match("**x", "x"));
    }

    #[test]
    fn specificity_counts_literals() {
        assert_eq!(glob_specificity("*-5xx*"), 4);
        assert_eq!(glob_specificity("*"), 0);
        assert_eq!(glob_specificity("prod-web-api-5xx"), 16);
    }
}
