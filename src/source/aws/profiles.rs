//! The names the profile and region pickers offer: profiles from the shared
//! config and credentials files, regions of the current region's partition.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The shared config file: `AWS_CONFIG_FILE`, else `~/.aws/config`.
pub(crate) fn config_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("AWS_CONFIG_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".aws").join("config")))
}

/// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
pub(crate) fn credentials_file(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("AWS_SHARED_CREDENTIALS_FILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".aws").join("credentials")))
}

/// Profile names in a config file (`[default]`, `[profile NAME]`; not
/// `[sso-session …]` or `[services …]`) and a credentials file (`[NAME]`).
pub(crate) fn profile_names(config: &str, credentials: &str) -> Vec<String> {
    let sections = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix('[')?
                    .strip_suffix(']')
                    .map(|s| s.trim().to_string())
            })
            .collect()
    };
    let mut names = BTreeSet::new();
    for s in sections(config) {
        if s == "default" {
            names.insert(s);
        } else if let Some(name) = s.strip_prefix("profile ") {
            names.insert(name.trim().to_string());
        }
    }
    names.extend(sections(credentials));
    names.into_iter().filter(|n| !n.is_empty()).collect()
}

/// The profiles of this machine's shared files (unreadable files count as empty).
pub fn local_profiles() -> Vec<String> {
    let env = |k: &str| std::env::var(k).ok();
    let read = |p: Option<PathBuf>| {
        p.and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    };
    profile_names(&read(config_file(&env)), &read(credentials_file(&env)))
}

const AWS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];
const AWS_CN: &[&str] = &["cn-north-1", "cn-northwest-1"];
const AWS_US_GOV: &[&str] = &["us-gov-east-1", "us-gov-west-1"];

/// The regions of the partition `region` belongs to.
pub fn partition_regions(region: &str) -> &'static [&'static str] {
    if region.starts_with("cn-") {
        AWS_CN
    } else if region.starts_with("us-gov-") {
        AWS_US_GOV
    } else {
        AWS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_come_from_both_files_without_other_sections() {
        let config = "[default]\nregion = eu-west-1\n[profile prod]\nsso_session = corp\n\
                      [sso-session corp]\nsso_region = eu-west-1\n[services local]\n\
                      [profile  staging ]\n";
        let credentials = "[default]\naws_access_key_id = x\n[ci]\n";
        assert_eq!(
            profile_names(config, credentials),
            ["ci", "default", "prod", "staging"]
        );
    }

    #[test]
    fn the_files_follow_the_environment() {
        let dir = std::env::temp_dir().join(format!("ecsdeck-profiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("conf");
        std::fs::write(&conf, "[profile from-env]\n").unwrap();
        let conf_s = conf.display().to_string();
        let env = |k: &str| match k {
            "AWS_CONFIG_FILE" => Some(conf_s.clone()),
            "HOME" => Some("/home/u".to_string()),
            _ => None,
        };
        assert_eq!(config_file(&env), Some(conf.clone()));
        assert_eq!(
            credentials_file(&env),
            Some(PathBuf::from("/home/u/.aws/credentials"))
        );
        let text = std::fs::read_to_string(config_file(&env).unwrap()).unwrap();
        assert_eq!(profile_names(&text, ""), ["from-env"]);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn regions_stay_in_the_partition() {
        assert!(partition_regions("eu-west-1").contains(&"us-east-1"));
        assert_eq!(
            partition_regions("cn-north-1"),
            ["cn-north-1", "cn-northwest-1"]
        );
        assert!(!partition_regions("us-gov-west-1").contains(&"us-east-1"));
    }
}
