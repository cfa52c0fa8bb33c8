//! End-to-end harness: the real `ecsdeck` binary in a pseudo-terminal, its
//! output parsed by `vt100` into the screen a person would see.
//!
//! - A reader thread drains the pty into the parser all the time (a full pty
//!   buffer would block the app), so the screen is always current.
//! - Tests never sleep to synchronise: [`Term::wait_for`] polls the parsed
//!   screen until a condition holds, and on timeout panics with the screen.
//! - The child gets a clean environment: a temporary HOME and XDG dirs (no
//!   config, audit log or AWS profile of the developer leaks in or out),
//!   `TERM=xterm-256color`, `NO_COLOR=1` (selection is reverse video, search
//!   hits reverse + underline: easy to see in the parsed cells).
//! - Drop kills a child that is still running and removes the temp dir.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_ecsdeck");

/// Keys as a terminal sends them.
pub mod key {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const BACKSPACE: &str = "\x7f";
    pub const TAB: &str = "\t";
    pub const BACKTAB: &str = "\x1b[Z";
}

/// A temporary directory removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("ecsdeck-e2e-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What to start in the pty.
pub struct Spawn {
    program: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    rows: u16,
    cols: u16,
}

impl Spawn {
    /// `ecsdeck ARGS`.
    pub fn ecsdeck<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            program: BIN.into(),
            args: args.into_iter().map(Into::into).collect(),
            env: Vec::new(),
            rows: 40,
            cols: 120,
        }
    }

    /// `ecsdeck --demo ARGS`.
    pub fn demo(args: &[&str]) -> Self {
        Self::ecsdeck(std::iter::once("--demo").chain(args.iter().copied()))
    }

    /// `sh -c SCRIPT` where `$0` is the ecsdeck binary.
    pub fn shell(script: &str) -> Self {
        Self {
            program: "sh".into(),
            args: vec!["-c".into(), script.into(), BIN.into()],
            env: Vec::new(),
            rows: 40,
            cols: 120,
        }
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn size(mut self, rows: u16, cols: u16) -> Self {
        self.rows = rows;
        self.cols = cols;
        self
    }

    pub fn start(self) -> Term {
        Term::start(self)
    }
}

/// A program running in a pty, with its parsed screen.
pub struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    eof: Arc<AtomicBool>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    home: TempDir,
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("non-zero terminal size")
}

impl Term {
    /// Opens the services view (`:services`) over the dashboard, the home.
    pub fn open_services_view(&mut self) {
        self.wait_text("services [6]");
        self.send(":services");
        self.send(key::ENTER);
        self.wait_text("┌ services [6]");
        self.wait_for("the dashboard's panes gone", |s| {
            !s.contents().contains("tasks of")
        });
    }

    fn start(spec: Spawn) -> Term {
        let home = TempDir::new("home");
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: spec.rows,
                cols: spec.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open pty");
        let mut cmd = CommandBuilder::new(&spec.program);
        cmd.args(&spec.args);
        cmd.env_clear();
        cmd.env(
            "PATH",
            std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into()),
        );
        cmd.env("HOME", home.path());
        for (var, sub) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_DATA_HOME", "data"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            cmd.env(var, home.path().join(sub));
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("NO_COLOR", "1");
        cmd.env("USER", "e2e");
        for (k, v) in &spec.env {
            cmd.env(k, v);
        }
        cmd.cwd(home.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn in pty");
        // Only the child holds the slave now: its exit gives the reader EOF.
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nz(spec.rows),
            nz(spec.cols),
            0,
        )));
        let eof = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let reader = {
            let parser = Arc::clone(&parser);
            let eof = Arc::clone(&eof);
            let writer = Arc::clone(&writer);
            std::thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                let mut term = Emulation::default();
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => term.feed(&buf[..n], &parser, &writer),
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Term {
            parser,
            eof,
            writer,
            master: pair.master,
            child,
            reader: Some(reader),
            home,
        }
    }

    /// The temporary HOME of the child (XDG dirs are below it).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Runs `f` on the current screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(lock(&self.parser).screen())
    }

    /// Types `s` (bytes as a terminal would send them).
    pub fn send(&mut self, s: &str) {
        let mut w = lock(&self.writer);
        w.write_all(s.as_bytes()).expect("write to pty");
        w.flush().expect("flush pty");
    }

    /// Polls the screen until `cond` holds; panics with `what` and the screen on timeout.
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        self.wait_for_within(TIMEOUT, what, cond);
    }

    /// [`Term::wait_for`] with its own time limit.
    pub fn wait_for_within(
        &self,
        limit: Duration,
        what: &str,
        cond: impl Fn(&vt100::Screen) -> bool,
    ) {
        let start = Instant::now();
        loop {
            if self.with_screen(&cond) {
                return;
            }
            if start.elapsed() > limit {
                panic!(
                    "timed out after {limit:?} waiting for {what}\n{}",
                    self.dump()
                );
            }
            if self.eof.load(Ordering::SeqCst) && !self.with_screen(&cond) {
                panic!(
                    "the program ended while waiting for {what}\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Waits until the screen contains `needle`.
    pub fn wait_text(&self, needle: &str) {
        self.wait_for(&format!("{needle:?} on screen"), |s| {
            s.contents().contains(needle)
        });
    }

    /// Waits until every needle is on screen at once.
    pub fn wait_all(&self, needles: &[&str]) {
        self.wait_for(&format!("all of {needles:?} on screen"), |s| {
            let text = s.contents();
            needles.iter().all(|n| text.contains(n))
        });
    }

    /// Waits until the screen no longer contains `needle`.
    pub fn wait_gone(&self, needle: &str) {
        self.wait_for(&format!("{needle:?} gone from the screen"), |s| {
            !s.contents().contains(needle)
        });
    }

    /// Asserts `needle` is not on the screen now.
    pub fn assert_absent(&self, needle: &str) {
        let text = self.text();
        assert!(
            !text.contains(needle),
            "{needle:?} must not be on screen\n{}",
            self.dump()
        );
    }

    /// The screen framed with row numbers, for failure messages.
    pub fn dump(&self) -> String {
        self.with_screen(|s| {
            let (rows, cols) = s.size();
            let mut out = format!("--- screen {rows}x{cols} (> marks a selected row) ---\n");
            let selected = selected_rows(s);
            for (i, row) in s.rows(0, cols.get()).enumerate() {
                let mark = if selected.contains(&row) { '>' } else { '|' };
                out.push_str(&format!("{i:>2}{mark}{row}\n"));
            }
            out.push_str("---");
            out
        })
    }

    /// Resizes the pty (the child gets SIGWINCH) and the parsed screen.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // Parser first: everything the app draws after SIGWINCH lands in the new size.
        lock(&self.parser).set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Whether the child is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the child to exit and for its last output to be parsed.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // The output written before exit is parsed once the reader sees EOF.
                while !self.eof.load(Ordering::SeqCst) && start.elapsed() < TIMEOUT {
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "the program did not exit within {TIMEOUT:?}\n{}",
                    self.dump()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(r) = self.reader.take()
            && self.eof.load(Ordering::SeqCst)
        {
            let _ = r.join();
        }
    }
}

fn lock<T>(p: &Mutex<T>) -> MutexGuard<'_, T> {
    p.lock().unwrap_or_else(|e| e.into_inner())
}

/// The terminal's side of the conversation: everything the program writes goes
/// to the parser, and a cursor position request (`ESC [ 6 n`, sent by ratatui
/// when it sets up) is answered from the parsed cursor, as a real terminal does.
#[derive(Default)]
struct Emulation {
    /// Bytes held back because they may start a request split across reads.
    pending: Vec<u8>,
}

const CURSOR_REQUEST: &[u8] = b"\x1b[6n";

impl Emulation {
    fn feed(
        &mut self,
        bytes: &[u8],
        parser: &Mutex<vt100::Parser>,
        writer: &Mutex<Box<dyn Write + Send>>,
    ) {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(bytes);
        let mut rest = data.as_slice();
        while let Some(i) = rest
            .windows(CURSOR_REQUEST.len())
            .position(|w| w == CURSOR_REQUEST)
        {
            let end = i + CURSOR_REQUEST.len();
            let (row, col) = {
                let mut p = lock(parser);
                p.process(&rest[..end]);
                p.screen().cursor_position()
            };
            let reply = format!("\x1b[{};{}R", row + 1, col + 1);
            let mut w = lock(writer);
            let _ = w.write_all(reply.as_bytes());
            let _ = w.flush();
            rest = &rest[end..];
        }
        // Keep a trailing prefix of the request for the next read.
        let keep = (1..CURSOR_REQUEST.len())
            .rev()
            .find(|&k| rest.len() >= k && rest[rest.len() - k..] == CURSOR_REQUEST[..k])
            .unwrap_or(0);
        lock(parser).process(&rest[..rest.len() - keep]);
        self.pending = rest[rest.len() - keep..].to_vec();
    }
}

/// The text of every row (full width).
pub fn rows(s: &vt100::Screen) -> Vec<String> {
    let (_, cols) = s.size();
    s.rows(0, cols.get()).collect()
}

/// The rows drawn in reverse video over most of their width inside a table:
/// the selected row(s) (with `NO_COLOR` the selection is reverse video).
pub fn selected_rows(s: &vt100::Screen) -> Vec<String> {
    let (nrows, cols) = s.size();
    let all = rows(s);
    (0..nrows.get())
        .filter(|&r| {
            let inverse = (0..cols.get())
                .filter(|&c| s.cell(r, c).is_some_and(|cell| cell.inverse()))
                .count();
            inverse >= usize::from(cols.get()) / 2
        })
        .map(|r| all[usize::from(r)].clone())
        .collect()
}

/// Runs of adjacent cells on one row for which `pred` holds, as `(row, text)`.
/// With `NO_COLOR`, log search hits are reverse video and the current match
/// bold + underlined; table filter hits are reverse + underlined.
pub fn cell_runs(s: &vt100::Screen, pred: impl Fn(&vt100::Cell) -> bool) -> Vec<(u16, String)> {
    let (nrows, cols) = s.size();
    let mut out = Vec::new();
    for r in 0..nrows.get() {
        let mut run = String::new();
        for c in 0..cols.get() {
            match s.cell(r, c) {
                Some(cell) if pred(cell) => run.push_str(cell.contents()),
                _ => {
                    if !run.is_empty() {
                        out.push((r, std::mem::take(&mut run)));
                    }
                }
            }
        }
        if !run.is_empty() {
            out.push((r, run));
        }
    }
    out
}
