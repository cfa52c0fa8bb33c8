//! The `:` command palette: commands with aliases, parsing and completion.

use crate::view::View;

/// A command the palette can run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PaletteCommand {
    /// Go to a view.
    View(View),
    /// Switch to a cluster (no name: open the picker).
    Cluster(Option<String>),
    /// Open a shell in the selected task (ECS Exec).
    Exec,
    /// Switch the AWS profile.
    Profile(String),
    /// Switch the AWS region.
    Region(String),
    /// Show help.
    Help,
    /// Quit.
    Quit,
}

/// One palette entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PaletteEntry {
    /// Canonical name.
    pub(crate) name: &'static str,
    /// Short aliases.
    pub(crate) aliases: &'static [&'static str],
    /// Whether it takes an argument.
    pub(crate) takes_arg: bool,
    /// One line for the completion list.
    pub(crate) description: &'static str,
}

/// Every palette entry.
pub(crate) const ENTRIES: &[PaletteEntry] = &[
    PaletteEntry {
        name: "dashboard",
        aliases: &["dash", "home"],
        takes_arg: false,
        description: "the home dashboard: services, alarms, tasks, events, rollout, logs",
    },
    PaletteEntry {
        name: "services",
        aliases: &["svc", "s"],
        takes_arg: false,
        description: "services of the cluster",
    },
    PaletteEntry {
        name: "tasks",
        aliases: &["task", "t"],
        takes_arg: false,
        description: "tasks of the cluster (or of the open service)",
    },
    PaletteEntry {
        name: "deployments",
        aliases: &["deploy", "dp"],
        takes_arg: false,
        description: "deployments of the service",
    },
    PaletteEntry {
        name: "events",
        aliases: &["ev"],
        takes_arg: false,
        description: "events of the service",
    },
    PaletteEntry {
        name: "tg",
        aliases: &["targetgroups", "targets"],
        takes_arg: false,
        description: "target groups and target health",
    },
    PaletteEntry {
        name: "alarms",
        aliases: &["al", "alarm"],
        takes_arg: false,
        description: "CloudWatch alarms",
    },
    PaletteEntry {
        name: "metrics",
        aliases: &["m", "metric"],
        takes_arg: false,
        description: "last hour of metrics of the service",
    },
    PaletteEntry {
        name: "revisions",
        aliases: &["rev", "td"],
        takes_arg: false,
        description: "task definition revisions and diffs",
    },
    PaletteEntry {
        name: "timeline",
        aliases: &["tl", "incident"],
        takes_arg: false,
        description: "what was observed and done this session",
    },
    PaletteEntry {
        name: "logs",
        aliases: &["log", "l"],
        takes_arg: false,
        description: "live log tail of the service",
    },
    PaletteEntry {
        name: "runbooks",
        aliases: &["rb", "runbook"],
        takes_arg: false,
        description: "every runbook",
    },
    PaletteEntry {
        name: "scaling",
        aliases: &["autoscaling", "as"],
        takes_arg: false,
        description: "autoscaling of the services: bounds, policies, activities",
    },
    PaletteEntry {
        name: "chaos",
        aliases: &["experiments"],
        takes_arg: false,
        description: "recorded chaos experiments and their recovery times",
    },
    PaletteEntry {
        name: "audit",
        aliases: &["au"],
        takes_arg: false,
        description: "the audit log of actions",
    },
    PaletteEntry {
        name: "fleet",
        aliases: &["fl"],
        takes_arg: false,
        description: "every cluster of every account and region, worst first",
    },
    PaletteEntry {
        name: "promotion",
        aliases: &["promo"],
        takes_arg: false,
        description: "services in several clusters side by side: revisions, images, drift",
    },
    PaletteEntry {
        name: "cluster",
        aliases: &["ctx", "clusters"],
        takes_arg: true,
        description: "switch cluster: :cluster NAME",
    },
    PaletteEntry {
        name: "profile",
        aliases: &["prof"],
        takes_arg: true,
        description: "switch AWS profile: :profile NAME",
    },
    PaletteEntry {
        name: "region",
        aliases: &["reg"],
        takes_arg: true,
        description: "switch AWS region: :region NAME",
    },
    PaletteEntry {
        name: "exec",
        aliases: &["shell", "sh"],
        takes_arg: false,
        description: "a shell in the selected task (ECS Exec)",
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
pub(crate) fn parse(line: &str) -> Result<PaletteCommand, String> {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return Err("type a command, e.g. :services".to_string());
    };
    let arg = words.next().map(str::to_string);
    let Some(e) = entry(word) else {
        return Err(format!("unknown command :{word} (try :help)"));
    };
    Ok(match e.name {
        "dashboard" => PaletteCommand::View(View::Dashboard),
        "services" => PaletteCommand::View(View::Services),
        "tasks" => PaletteCommand::View(View::Tasks),
        "deployments" => PaletteCommand::View(View::Deployments),
        "events" => PaletteCommand::View(View::Events),
        "tg" => PaletteCommand::View(View::TargetGroups),
        "alarms" => PaletteCommand::View(View::Alarms),
        "metrics" => PaletteCommand::View(View::Metrics),
        "revisions" => PaletteCommand::View(View::Revisions),
        "audit" => PaletteCommand::View(View::Audit),
        "timeline" => PaletteCommand::View(View::Timeline),
        "runbooks" => PaletteCommand::View(View::Runbooks),
        "logs" => PaletteCommand::View(View::Logs),
        "chaos" => PaletteCommand::View(View::Chaos),
        "scaling" => PaletteCommand::View(View::Scaling),
        "fleet" => PaletteCommand::View(View::Fleet),
        "promotion" => PaletteCommand::View(View::Promotion),
        "cluster" => PaletteCommand::Cluster(arg),
        "exec" => PaletteCommand::Exec,
        "profile" | "region" => {
            let Some(name) = arg else {
                return Err(format!("pick a {0}: :{0} NAME", e.name));
            };
            if e.name == "profile" {
                PaletteCommand::Profile(name)
            } else {
                PaletteCommand::Region(name)
            }
        }
        "help" => PaletteCommand::Help,
        _ => PaletteCommand::Quit,
    })
}

/// Completions for the current input: command names, or cluster names after `cluster `.
#[cfg(test)]
pub(crate) fn complete(line: &str, clusters: &[String]) -> Vec<String> {
    complete_in(line, clusters, &[], &[])
}

/// [`complete`] with the profile and region names the `profile` and
/// `region` commands offer (the pickers): every name once the command word is
/// typed, then those starting with what follows.
pub(crate) fn complete_in(
    line: &str,
    clusters: &[String],
    profiles: &[String],
    regions: &[String],
) -> Vec<String> {
    let trimmed = line.trim_start();
    let (word, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
    let names = match entry(word).map(|e| e.name) {
        Some("profile") => Some(profiles),
        Some("region") => Some(regions),
        _ => None,
    };
    if let Some(names) = names {
        let prefix = rest.trim();
        return names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| format!("{word} {n}"))
            .collect();
    }
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
        assert_eq!(parse("services"), Ok(PaletteCommand::View(View::Services)));
        assert_eq!(parse("svc"), Ok(PaletteCommand::View(View::Services)));
        assert_eq!(parse("dp"), Ok(PaletteCommand::View(View::Deployments)));
        assert_eq!(parse("tg"), Ok(PaletteCommand::View(View::TargetGroups)));
        assert_eq!(parse("rev"), Ok(PaletteCommand::View(View::Revisions)));
        assert_eq!(parse("q"), Ok(PaletteCommand::Quit));
        assert_eq!(parse("home"), Ok(PaletteCommand::View(View::Dashboard)));
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
        assert_eq!(complete("d", &clusters), vec!["dashboard", "deployments"]);
        assert_eq!(complete("de", &clusters), vec!["deployments"]);
        assert_eq!(complete("cluster s", &clusters), vec!["cluster staging"]);
        assert_eq!(complete("ctx ", &clusters).len(), 2);
        assert!(complete("", &clusters).len() >= 4);
    }
}
