//! Files in the state directory (log, audit log, chaos records, exports) are
//! the operator's alone: the directory is created 0700 and each file 0600,
//! with those modes at creation (never `chmod` afterwards, which would leave a
//! window where another user can open them). An existing directory or file
//! keeps the mode it has.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Mode of a directory ecsdeck creates.
pub(crate) const DIR_MODE: u32 = 0o700;
/// Mode of a file ecsdeck creates.
pub(crate) const FILE_MODE: u32 = 0o600;

/// Creates `dir` and its missing parents, each with [`DIR_MODE`].
pub(crate) fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Opens `path` for appending, creating it (and its directory) private.
pub(crate) fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    private(OpenOptions::new().create(true).append(true)).open(path)
}

/// Writes `bytes` to `path`, creating it (and its directory) private; an
/// existing file is replaced in place.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    private(OpenOptions::new().create(true).write(true).truncate(true))
        .open(path)?
        .write_all(bytes)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn directories_and_files_are_created_private() {
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let root = std::env::temp_dir().join(format!("ecsdeck-state-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("a").join("b");
        let log = dir.join("x.log");
        open_append(&log).unwrap();
        write(&dir.join("export.md"), b"# t").unwrap();
        assert_eq!(mode(&root), DIR_MODE);
        assert_eq!(mode(&dir), DIR_MODE);
        assert_eq!(mode(&log), FILE_MODE);
        assert_eq!(mode(&dir.join("export.md")), FILE_MODE);
        let _ = std::fs::remove_dir_all(root);
    }
}
