//! The README's commands work as written for someone who just cloned the
//! repository: the binary is installed before the first `ecsdeck …` line.

const README: &str = include_str!("../README.md");

#[test]
fn readme_installs_the_binary_before_using_it() {
    let install = README
        .find("cargo install --locked --path .")
        .expect("README says how to install the binary");
    let first_use = README
        .lines()
        .scan(0usize, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| line.trim_start().starts_with("ecsdeck "))
        .map(|(at, _)| at)
        .expect("README shows an ecsdeck command");
    assert!(install < first_use, "install comes first");
    assert!(
        README.contains("~/.cargo/bin/ecsdeck"),
        "README says where the binary lands"
    );
    let bin = env!("CARGO_BIN_EXE_ecsdeck");
    assert!(
        bin.ends_with("ecsdeck"),
        "{bin}: the installed name is ecsdeck"
    );
}
