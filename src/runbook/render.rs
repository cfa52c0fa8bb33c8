//! Runbook Markdown → ratatui [`Text`], wrapped to a width: headings, bullet
//! and numbered lists (hanging indents), code blocks, emphasis, inline code,
//! links, block quotes and rules. Action links (`[roll back](ecsdeck:rollback)`)
//! and `ecsdeck` blocks are highlighted with the key that runs them.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use unicode_width::UnicodeWidthStr;

use super::{ACTION_LANG, ACTION_SCHEME, RUNBOOK_ACTIONS, Runbook, runbook_action};
use crate::keymap::Keymap;
use crate::theme::Theme;

/// Styles (the one [`Theme`]) and key labels for [`render_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// `(runbook action, key label)`, e.g. `("rollback", "R")`.
    pub(crate) keys: Vec<(String, String)>,
    /// Headings are `title` (deeper ones bold), code `code`, console
    /// actions `action` with their key in `key`, links `link`; list
    /// markers, quote bars, rules and link targets `dim`.
    pub(crate) theme: Theme,
}

impl RenderOptions {
    /// Key labels from a keymap (the first key of the action's first
    /// binding) and the theme in force.
    pub fn new(keymap: &Keymap, theme: &Theme) -> Self {
        let keys = RUNBOOK_ACTIONS
            .iter()
            .filter_map(|name| {
                let action = runbook_action(name)?;
                let b = keymap.bindings().iter().find(|b| b.action == action)?;
                let k = b.keys.first()?;
                Some(((*name).to_string(), k.to_string()))
            })
            .collect();
        Self {
            keys,
            theme: *theme,
        }
    }

    /// The key label of a runbook action, when it has one.
    pub(crate) fn key_for(&self, action: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, k)| k.as_str())
    }
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self::new(&Keymap::defaults(), &Theme::colored())
    }
}

/// Renders a runbook (title line, then its body) to `width` columns with the
/// default styles and keymap.
pub fn render(runbook: &Runbook, width: u16) -> Text<'static> {
    render_with(runbook, width, &RenderOptions::default())
}

/// Renders a runbook with the given styles and key labels.
pub fn render_with(runbook: &Runbook, width: u16, opts: &RenderOptions) -> Text<'static> {
    let mut r = Renderer::new(width.max(20) as usize, opts);
    r.run(&runbook.body);
    Text::from(r.finish())
}

/// A piece of a word with one style.
type Piece = (String, Style);

/// A word: pieces with no space between them, and whether a space follows.
#[derive(Debug, Default)]
struct Word {
    pieces: Vec<Piece>,
    space_after: bool,
}

impl Word {
    fn width(&self) -> usize {
        self.pieces.iter().map(|(s, _)| s.width()).sum()
    }
}

struct ListState {
    next: Option<u64>,
}

struct Renderer<'o> {
    width: usize,
    opts: &'o RenderOptions,
    lines: Vec<Line<'static>>,
    words: Vec<Word>,
    styles: Vec<Style>,
    lists: Vec<ListState>,
    /// Content column of each open list item, innermost last.
    item_cols: Vec<usize>,
    /// Marker prefix for the first line of the current list item.
    first_prefix: Option<String>,
    /// Indentation of continuation lines (list items).
    indent: String,
    quote: usize,
    in_code: Option<bool>,
    link: Option<String>,
}

impl<'o> Renderer<'o> {
    fn new(width: usize, opts: &'o RenderOptions) -> Self {
        Self {
            width,
            opts,
            lines: Vec::new(),
            words: Vec::new(),
            styles: vec![Style::new()],
            lists: Vec::new(),
            item_cols: Vec::new(),
            first_prefix: None,
            indent: String::new(),
            quote: 0,
            in_code: None,
            link: None,
        }
    }

    fn style(&self) -> Style {
        self.styles.last().copied().unwrap_or_default()
    }

    fn push_style(&mut self, s: Style) {
        let top = self.style().patch(s);
        self.styles.push(top);
    }

    fn pop_style(&mut self) {
        if self.styles.len() > 1 {
            self.styles.pop();
        }
    }

    /// Adds inline text, splitting it into words.
    fn text(&mut self, t: &str, style: Style) {
        for (i, part) in t.split(' ').enumerate() {
            if i > 0 {
                self.space();
            }
            if part.is_empty() {
                continue;
            }
            match self.words.last_mut() {
                Some(w) if !w.space_after => w.pieces.push((part.to_string(), style)),
                _ => self.words.push(Word {
                    pieces: vec![(part.to_string(), style)],
                    space_after: false,
                }),
            }
        }
    }

    fn space(&mut self) {
        if let Some(w) = self.words.last_mut() {
            w.space_after = true;
        }
    }

    fn prefix_spans(&self, first: bool) -> (Vec<Span<'static>>, usize) {
        let mut spans = Vec::new();
        let mut w = 0;
        for _ in 0..self.quote {
            spans.push(Span::styled("▎ ", self.opts.theme.dim));
            w += 2;
        }
        match (&self.first_prefix, first) {
            (Some(p), true) => {
                let ind_len = self.indent.len().saturating_sub(p.width());
                let ind = " ".repeat(ind_len);
                w += ind.len() + p.width();
                spans.push(Span::raw(ind));
                spans.push(Span::styled(p.clone(), self.opts.theme.dim));
            }
            _ => {
                w += self.indent.len();
                spans.push(Span::raw(self.indent.clone()));
            }
        }
        (spans, w)
    }

    /// Wraps the pending words into lines.
    fn flush(&mut self) {
        if self.words.is_empty() {
            return;
        }
        let words = std::mem::take(&mut self.words);
        let (mut spans, mut used) = self.prefix_spans(true);
        self.first_prefix = None;
        let start = used;
        let mut at_start = true;
        let mut pending_space = false;
        for w in words {
            let ww = w.width();
            let need = ww + usize::from(pending_space && !at_start);
            if !at_start && used + need > self.width {
                self.lines.push(Line::from(std::mem::take(&mut spans)));
                let (s, u) = self.prefix_spans(false);
                spans = s;
                used = u;
                at_start = true;
            }
            if pending_space && !at_start {
                spans.push(Span::raw(" "));
                used += 1;
            }
            for (text, style) in w.pieces {
                // A word wider than the line is cut into line-sized chunks.
                let mut rest = text.as_str();
                while !rest.is_empty() {
                    let room = self.width.saturating_sub(used).max(1);
                    if rest.width() <= room || used <= start {
                        let take = if rest.width() <= room {
                            rest.len()
                        } else {
                            byte_index_for_width(rest, room)
                        };
                        spans.push(Span::styled(rest[..take].to_string(), style));
                        used += rest[..take].width();
                        rest = &rest[take..];
                    }
                    if !rest.is_empty() {
                        self.lines.push(Line::from(std::mem::take(&mut spans)));
                        let (s, u) = self.prefix_spans(false);
                        spans = s;
                        used = u;
                    }
                }
            }
            at_start = false;
            pending_space = w.space_after;
        }
        self.lines.push(Line::from(spans));
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) && self.lists.is_empty() {
            self.lines.push(Line::default());
        }
    }

    fn key_suffix(&self, action: &str) -> Option<Piece> {
        self.opts
            .key_for(action)
            .map(|k| (format!("[{k}]"), self.opts.theme.key))
    }

    fn run(&mut self, body: &str) {
        for ev in Parser::new(body) {
            self.event(ev);
        }
        self.flush();
    }

    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.in_code {
                Some(is_action) => self.code_text(&t, is_action),
                None => {
                    let st = self.style();
                    self.text(&t, st);
                }
            },
            Event::Code(c) => {
                let st = self.style().patch(self.opts.theme.code);
                self.text(&c, st);
            }
            Event::SoftBreak => self.space(),
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                self.blank();
                let (mut spans, used) = self.prefix_spans(false);
                spans.push(Span::styled(
                    "─".repeat(self.width.saturating_sub(used)),
                    self.opts.theme.dim,
                ));
                self.lines.push(Line::from(spans));
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let st = self.opts.theme.dim;
                self.text(h.trim_end(), st);
            }
            Event::TaskListMarker(done) => {
                let st = self.opts.theme.dim;
                self.text(if done { "[x]" } else { "[ ]" }, st);
                self.space();
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph if self.first_prefix.is_none() => self.blank(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.blank();
                let st = match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => self.opts.theme.title,
                    _ => Style::new().add_modifier(Modifier::BOLD),
                };
                self.push_style(st);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.blank();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                let is_action =
                    matches!(&kind, CodeBlockKind::Fenced(l) if l.trim() == ACTION_LANG);
                if self.first_prefix.is_some() {
                    // A code block opening a list item: keep the marker on its own line.
                    let (spans, _) = self.prefix_spans(true);
                    self.lines.push(Line::from(spans));
                    self.first_prefix = None;
                } else {
                    self.blank();
                }
                self.in_code = Some(is_action);
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
                self.lists.push(ListState { next: start });
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(ListState { next: Some(n) }) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => if depth.is_multiple_of(2) {
                        "• "
                    } else {
                        "◦ "
                    }
                    .to_string(),
                };
                let col = self.item_cols.last().copied().unwrap_or(0) + marker.width();
                self.item_cols.push(col);
                self.indent = " ".repeat(col);
                self.first_prefix = Some(marker);
            }
            Tag::Emphasis => self.push_style(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => {
                self.push_style(Style::new().add_modifier(Modifier::CROSSED_OUT));
            }
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                let st = if url.starts_with(ACTION_SCHEME) {
                    self.opts.theme.action
                } else {
                    self.opts.theme.link
                };
                self.push_style(st);
                self.link = Some(url);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.pop_style();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.in_code = None;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.first_prefix = None;
                self.item_cols.pop();
                self.indent = " ".repeat(self.item_cols.last().copied().unwrap_or(0));
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.pop_style(),
            TagEnd::Link => {
                self.pop_style();
                if let Some(url) = self.link.take() {
                    if let Some(action) = url.strip_prefix(ACTION_SCHEME) {
                        if let Some((k, st)) = self.key_suffix(action) {
                            self.space();
                            self.text_piece(k, st);
                        }
                    } else if !url.is_empty() {
                        self.space();
                        let st = self.opts.theme.dim;
                        self.text(&format!("<{url}>"), st);
                    }
                }
            }
            _ => {}
        }
    }

    /// Adds one piece as its own word (spaces inside it are kept).
    fn text_piece(&mut self, text: String, style: Style) {
        self.words.push(Word {
            pieces: vec![(text, style)],
            space_after: false,
        });
    }

    fn code_text(&mut self, t: &str, is_action: bool) {
        for line in t.lines() {
            let (mut spans, _) = self.prefix_spans(false);
            if is_action {
                let name = line.trim();
                if name.is_empty() {
                    continue;
                }
                spans.push(Span::styled("▶ ", self.opts.theme.action));
                spans.push(Span::styled(name.to_string(), self.opts.theme.action));
                if let Some((k, st)) = self.key_suffix(name) {
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(k, st));
                }
            } else {
                spans.push(Span::styled("│ ", self.opts.theme.dim));
                spans.push(Span::styled(line.to_string(), self.opts.theme.code));
            }
            self.lines.push(Line::from(spans));
        }
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        self.flush();
        while self.lines.last().is_some_and(|l| l.width() == 0) {
            self.lines.pop();
        }
        self.lines
    }
}

/// The byte index where `s` reaches `cols` display columns.
fn byte_index_for_width(s: &str, cols: usize) -> usize {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > cols {
            return i.max(c.len_utf8().min(s.len()));
        }
        w += cw;
    }
    s.len()
}
