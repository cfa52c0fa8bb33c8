//! Masking of secrets, the one place for it: environment values, secrets'
//! `valueFrom`, and command arguments that carry a secret
//! (`--db-password=…`, `--token …`, `PASSWORD=…`).
//!
//! Describe (`d`), its copy (`y`) and the diff show the masked form; the
//! unmasked one only after the view's reveal key (see the keymap), which is
//! never the default and ends when the view is left. A presenter sharing a
//! screen does not leak a password by opening a task definition.

use crate::model::{ContainerDefinition, TaskDefinition};

/// Placeholder shown instead of a secret value.
pub(crate) const MASK: &str = "••••••";

/// Words that make a name (an option, a variable) a secret's name, matched
/// in its lowercase letters and digits (`DB_PASSWORD`, `--api-key`, `x-auth-token`).
const SECRET_WORDS: [&str; 11] = [
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "auth",
    "signature",
];

/// Whether `name` (an option or variable name) names a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_WORDS.iter().any(|w| folded.contains(w))
}

/// A task definition with every environment value, every secret's
/// `valueFrom` and every secret-carrying argument replaced by [`MASK`].
pub(crate) fn mask_task_definition(td: &TaskDefinition) -> TaskDefinition {
    TaskDefinition {
        containers: td.containers.iter().map(mask_container).collect(),
        ..td.clone()
    }
}

fn mask_container(c: &ContainerDefinition) -> ContainerDefinition {
    ContainerDefinition {
        command: mask_args(&c.command),
        environment: c
            .environment
            .iter()
            .map(|(k, _)| (k.clone(), MASK.to_string()))
            .collect(),
        secrets: c
            .secrets
            .iter()
            .map(|(k, _)| (k.clone(), MASK.to_string()))
            .collect(),
        health_check: c.health_check.as_deref().map(mask_args),
        ..c.clone()
    }
}

/// Masks the secrets in a command line given as arguments. An argument may
/// hold several words (`sh -c "./run --token x"`); each is looked at:
/// `NAME=value` and `--name=value` with a secret name lose their value, and
/// so does the word after a bare `--name` / `-name` option with a secret name.
pub(crate) fn mask_args(args: &[String]) -> Vec<String> {
    let mut after_secret_flag = false;
    args.iter()
        .map(|arg| {
            let words: Vec<String> = arg
                .split(' ')
                .map(|word| mask_word(word, &mut after_secret_flag))
                .collect();
            words.join(" ")
        })
        .collect()
}

fn mask_word(word: &str, after_secret_flag: &mut bool) -> String {
    if word.is_empty() {
        return String::new();
    }
    if std::mem::take(after_secret_flag) && !word.starts_with('-') {
        return MASK.to_string();
    }
    if let Some((name, value)) = word.split_once('=') {
        if !value.is_empty() && is_secret_name(name) {
            return format!("{name}={MASK}");
        }
        return word.to_string();
    }
    if word.starts_with('-') && is_secret_name(word) {
        *after_secret_flag = true;
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments_that_carry_a_secret_are_masked() {
        let got = mask_args(&args(&[
            "./server",
            "--db-password=hunter2",
            "--token",
            "abc123",
            "PASSWORD=pw",
            "--port=8080",
            "--verbose",
            "-p",
            "8080",
        ]));
        assert_eq!(
            got,
            args(&[
                "./server",
                "--db-password=••••••",
                "--token",
                "••••••",
                "PASSWORD=••••••",
                "--port=8080",
                "--verbose",
                "-p",
                "8080",
            ])
        );
    }

    #[test]
    fn words_inside_a_shell_argument_are_masked() {
        let got = mask_args(&args(&["sh", "-c", "./run --api-key s3cr3t --level info"]));
        assert_eq!(got[2], "./run --api-key •••••• --level info");
    }

    #[test]
    fn secret_names() {
        for n in [
            "DB_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "--auth-token",
            "GITHUB_TOKEN",
            "api-key",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["LOG_LEVEL", "--port", "PATH", "--verbose"] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn a_task_definition_keeps_names_and_loses_values() {
        let mut td = crate::fixtures::task_def("api", 1, "1.0", "info");
        td.containers[0]
            .command
            .push("--db-password=hunter2".into());
        let masked = mask_task_definition(&td);
        let json = serde_json::to_string(&masked).unwrap();
        assert!(
            !json.contains("s3cret") && !json.contains("hunter2"),
            "{json}"
        );
        assert!(!json.contains("secretsmanager"), "valueFrom masked: {json}");
        assert!(
            json.contains("DATABASE_URL") && json.contains("API_KEY"),
            "{json}"
        );
        assert_eq!(masked.containers[0].image, td.containers[0].image);
    }
}
