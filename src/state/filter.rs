//! The table filter's language: free-text terms and `column:value` terms,
//! separated by spaces, all of which must match (AND).
//!
//! `name:web status:active api` keeps the rows whose NAME contains `web`,
//! whose STATUS contains `active` (case-insensitive) and whose free text
//! (what the view's plain filter matched before) contains `api`. Double
//! quotes keep spaces inside one term (`message:"steady state"`) and make a
//! term plain text even with a colon in it (`"web-api:3"`). Column names
//! are matched loosely: case and anything but letters and digits are
//! ignored (`task-def:` and `taskdef:` name `TASK DEF`), and a unique
//! prefix is enough (`time:` names `TIME (UTC)`). A name that matches no
//! column makes its term match everything, so a typo never hides rows; the
//! filter line lists the columns instead ([`Query::problem`]).

/// One parsed filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// Plain terms, matched against the view's free text.
    pub(crate) free: Vec<String>,
    /// `column:value` terms: the index of the column and the value.
    pub(crate) columns: Vec<(usize, String)>,
    /// Column names that matched no column (their terms are ignored).
    pub(crate) unknown: Vec<String>,
    /// Column names that matched several columns (their terms are ignored).
    pub(crate) ambiguous: Vec<String>,
}

impl Query {
    /// Parses `filter` for a table whose columns are `names` (as drawn in its
    /// header; an empty name is a column that cannot be filtered by name).
    pub(crate) fn parse(filter: &str, names: &[&str]) -> Self {
        let mut query = Query::default();
        for term in split_terms(filter, names) {
            match term {
                Term::Quoted(text) => query.free.push(text),
                Term::Bare(text) => match text.split_once(':') {
                    Some((key, value)) if looks_like_column(key, names) => {
                        match find_column(key, names) {
                            Found::One(i) => query.columns.push((i, value.to_string())),
                            Found::None => query.unknown.push(key.to_string()),
                            Found::Several => query.ambiguous.push(key.to_string()),
                        }
                    }
                    _ => query.free.push(text),
                },
                Term::Column(key, value) => match find_column(&key, names) {
                    Found::One(i) => query.columns.push((i, value)),
                    Found::None => query.unknown.push(key),
                    Found::Several => query.ambiguous.push(key),
                },
            }
        }
        query
    }

    /// What the filter line says when a term names no single column, with
    /// the columns there are; `None` when every term was understood.
    pub(crate) fn problem(&self, names: &[&str]) -> Option<String> {
        let listed: Vec<&str> = names.iter().copied().filter(|n| !n.is_empty()).collect();
        let columns = listed.join(", ");
        let quote = |v: &[String]| {
            v.iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.unknown.is_empty(), self.ambiguous.is_empty()) {
            (true, true) => None,
            (false, _) => Some(format!(
                "no column {} (ignored): {columns}",
                quote(&self.unknown)
            )),
            (true, false) => Some(format!(
                "{} names several columns (ignored): {columns}",
                quote(&self.ambiguous)
            )),
        }
    }

    /// The text to highlight in a row: the first plain term.
    pub(crate) fn highlight(&self) -> &str {
        self.free.first().map_or("", String::as_str)
    }
}

enum Term {
    /// A term in quotes from its start: plain text.
    Quoted(String),
    /// A term without quotes.
    Bare(String),
    /// `key:"value with spaces"`.
    Column(String, String),
}

/// Splits on whitespace outside double quotes. An unclosed quote runs to
/// the end (the user is still typing it).
fn split_terms(filter: &str, names: &[&str]) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut chars = filter.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            break;
        };
        if first == '"' {
            chars.next();
            let text: String = chars.by_ref().take_while(|c| *c != '"').collect();
            if !text.is_empty() {
                terms.push(Term::Quoted(text));
            }
            continue;
        }
        let mut text = String::new();
        let mut quoted_value = None;
        while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
            if c == '"' && text.ends_with(':') && looks_like_column(&text[..text.len() - 1], names)
            {
                quoted_value = Some(chars.by_ref().take_while(|c| *c != '"').collect());
                break;
            }
            text.push(c);
        }
        match quoted_value {
            Some(value) => {
                text.pop();
                terms.push(Term::Column(text, value));
            }
            None => terms.push(Term::Bare(text)),
        }
    }
    terms
}

/// A column name starts with a letter (`10:30` and `:x` are plain text),
/// unless it is a column's whole name (`5xx:12`).
fn looks_like_column(key: &str, names: &[&str]) -> bool {
    key.chars().next().is_some_and(char::is_alphabetic)
        || names
            .iter()
            .any(|n| !n.is_empty() && loose(n) == loose(key))
}

enum Found {
    One(usize),
    None,
    Several,
}

/// Letters and digits, lower case: `TIME (UTC)` → `timeutc`.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column `key` names: an exact (loose) match, else a unique prefix.
fn find_column(key: &str, names: &[&str]) -> Found {
    let key = loose(key);
    if key.is_empty() {
        return Found::None;
    }
    let loose_names: Vec<String> = names.iter().map(|n| loose(n)).collect();
    if let Some(i) = loose_names.iter().position(|n| *n == key) {
        return Found::One(i);
    }
    let mut prefixed = loose_names
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_empty() && n.starts_with(&key));
    match (prefixed.next(), prefixed.next()) {
        (Some((i, _)), None) => Found::One(i),
        (None, _) => Found::None,
        _ => Found::Several,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 5] = ["NAME", "STATUS", "DES/RUN/PEN", "TASK DEF", "TIME (UTC)"];

    fn parse(s: &str) -> Query {
        Query::parse(s, &NAMES)
    }

    #[test]
    fn a_key_starting_with_a_digit_is_a_column_only_when_it_names_one_whole() {
        let names = ["NAME", "5XX"];
        let q = Query::parse("5xx:12 10:30 5x:1", &names);
        assert_eq!(q.columns, [(1, "12".into())]);
        assert_eq!(q.free, ["10:30", "5x:1"]);
        let q = Query::parse(r#"5XX:"1 2""#, &names);
        assert_eq!(q.columns, [(1, "1 2".into())]);
    }

    #[test]
    fn column_terms_and_free_text_mix() {
        let q = parse("name:web  api STATUS:Active");
        assert_eq!(q.free, ["api"]);
        assert_eq!(q.columns, [(0, "web".into()), (1, "Active".into())]);
        assert!(q.unknown.is_empty() && q.problem(&NAMES).is_none());
        assert_eq!(q.highlight(), "api");
    }

    #[test]
    fn quotes_keep_spaces_and_make_plain_text() {
        let q = parse(r#"name:"my web" "web-api:3" "steady state""#);
        assert_eq!(q.columns, [(0, "my web".into())]);
        assert_eq!(q.free, ["web-api:3", "steady state"]);
        // An unclosed quote runs to the end while it is typed.
        assert_eq!(parse(r#"name:"half ty"#).columns, [(0, "half ty".into())]);
        assert_eq!(parse(r#""open"#).free, ["open"]);
    }

    #[test]
    fn column_names_are_loose_and_prefixes_unique() {
        assert_eq!(parse("task-def:7").columns, [(3, "7".into())]);
        assert_eq!(parse("taskdef:7").columns, [(3, "7".into())]);
        assert_eq!(parse("des:3").columns, [(2, "3".into())]);
        assert_eq!(parse("time:12").columns, [(4, "12".into())]);
        // `t` is the start of TASK DEF and TIME (UTC).
        let q = parse("t:x");
        assert_eq!(q.ambiguous, ["t"]);
        assert!(q.columns.is_empty());
        assert!(q.problem(&NAMES).is_some_and(|p| p.contains("several")));
    }

    #[test]
    fn an_unknown_column_is_reported_and_filters_nothing() {
        let q = parse("colour:red web");
        assert_eq!(q.unknown, ["colour"]);
        assert!(q.columns.is_empty());
        assert_eq!(q.free, ["web"]);
        let message = q.problem(&NAMES).unwrap_or_default();
        assert!(message.contains(r#"no column "colour""#), "{message}");
        assert!(
            message.contains("NAME, STATUS, DES/RUN/PEN, TASK DEF, TIME (UTC)"),
            "{message}"
        );
    }

    #[test]
    fn colons_that_name_no_column_stay_text() {
        assert_eq!(parse("10:30").free, ["10:30"]);
        assert_eq!(parse(":x").free, [":x"]);
        assert_eq!(parse("  "), Query::default());
        assert_eq!(parse("status:").columns, [(1, String::new())]);
    }
}
