//! Terminal set-up and restoration, including on panic.
//!
//! The terminal backend writes stdout directly: every frame has been through
//! the cell sanitiser of `ui::render` by then.

#![allow(clippy::disallowed_methods)]

use std::io::{Stdout, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// The terminal type the app draws on.
pub(crate) type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Installs color-eyre's hooks with a panic hook that restores the terminal
/// first. Reports are plain (no colour theme) and printed through
/// [`crate::output`], since they may quote text from AWS.
pub fn install_hooks() -> color_eyre::Result<()> {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .theme(color_eyre::config::Theme::new())
        .into_hooks();
    eyre_hook.install()?;
    std::panic::set_hook(Box::new(move |info| {
        restore();
        crate::output::error_line(&panic_hook.panic_report(info).to_string());
    }));
    Ok(())
}

/// Enters raw mode, the alternate screen and mouse capture.
pub fn init() -> color_eyre::Result<Tui> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    terminal.clear()?;
    Ok(terminal)
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Gives the terminal to another program (a shell session): leaves raw mode,
/// the alternate screen and mouse capture and shows the cursor.
pub(crate) fn suspend() {
    restore();
}

/// Takes the terminal back after [`suspend`]: raw mode, the alternate screen,
/// mouse capture, the cursor hidden, and a full redraw on the next frame.
pub(crate) fn resume(terminal: &mut Tui) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    terminal.hide_cursor()?;
    // Both buffers blank, so the next frame is drawn whole. (`Terminal::clear`
    // would first ask the terminal for the cursor position, an answer that
    // can time out right after a session.)
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}
