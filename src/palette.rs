//! The `:` command palette: commands with aliases, parsing and completion.

/// A command the palette can run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteCommand {
    /// Go to the services view.
    Services,
    /// Switch to a cluster (no name: open the picker).
    Cluster(Option<String>),
    /// Show help.
    Help,
    /// Quit.
    Quit,
}

/// One palette entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaletteEntry {
    /// Canonical name.
    pub name: &'static str,
    /// Short aliases.
    pub aliases: &'static [&'static str],
    /// Whether it takes an argument.
    pub takes_arg: bool,
    /// One line for the completion list.
    pub description: &'static str,
}

/// Every palette entry.
pub const ENTRIES: &[PaletteEntry] = &[
    PaletteEntry {
        name: "services",
        aliases: &["svc", "s"],
        takes_arg: false,
        description: "services of the cluster",
    },
    PaletteEntry {
        name: "cluster",
        aliases: &["ctx", "clusters"],
        takes_arg: true,
        description: "switch cluster: :cluster NAME",
    },
    PaletteEntry {
        name: "help",
        aliases: &["h", "?"],
        takes_arg: false,
        description: "keys and commands",
    },
    PaletteEntry {
        name: "quit",
        aliases: &["q", "q!", "exit"],
        takes_arg: false,
        description: "leave ecsdeck",
    },
];

fn entry(word: &str) -> Option<&'static PaletteEntry> {
    ENTRIES
        .iter()
        .find(|e| e.name == word || e.aliases.contains(&word))
}

/// Parses a palette line (without the leading `:`).
pub fn parse(line: &str) -> Result<PaletteCommand, String> {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return Err("type a command, e.g. :services".to_string());
    };
    let arg = words.next().map(str::to_string);
    let Some(e) = entry(word) else {
        return Err(format!("unknown command :{word} (try :help)"));
    };
    Ok(match e.name {
        "services" => PaletteCommand::Services,
        "cluster" => PaletteCommand::Cluster(arg),
        "help" => PaletteCommand::Help,
        _ => PaletteCommand::Quit,
    })
}

/// Completions for the current input: command names, or cluster names after `cluster `.
pub fn complete(line: &str, clusters: &[String]) -> Vec<String> {
    let trimmed = line.trim_start();
    if let Some((word, rest)) = trimmed.split_once(' ') {
        let takes_cluster = entry(word).is_some_and(|e| e.name == "cluster");
        if takes_cluster {
            let prefix = rest.trim();
            return clusters
                .iter()
                .filter(|c| c.starts_with(prefix))
                .map(|c| format!("{word} {c}"))
                .collect();
        }
        return Vec::new();
    }
    ENTRIES
        .iter()
        .filter(|e| {
            e.name.starts_with(trimmed)
                || e.aliases
                    .iter()
                    .any(|a| a.starts_with(trimmed) && !trimmed.is_empty())
        })
        .map(|e| e.name.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_aliases() {
        assert_eq!(parse("services"), Ok(PaletteCommand::Services));
        assert_eq!(parse("svc"), Ok(PaletteCommand::Services));
        assert_eq!(parse("q"), Ok(PaletteCommand::Quit));
        assert_eq!(
            parse("cluster prod"),
            Ok(PaletteCommand::Cluster(Some("prod".into())))
        );
        assert_eq!(parse("ctx"), Ok(PaletteCommand::Cluster(None)));
        assert!(parse("bogus").unwrap_err().contains(":bogus"));
        assert!(parse("  ").is_err());
    }

    #[test]
    fn completes_commands_and_clusters() {
        let clusters = vec!["prod".to_string(), "staging".to_string()];
        assert_eq!(complete("se", &clusters), vec!["services"]);
        assert_eq!(complete("cluster s", &clusters), vec!["cluster staging"]);
        assert_eq!(complete("ctx ", &clusters).len(), 2);
        assert!(complete("", &clusters).len() >= 4);
    }
}
