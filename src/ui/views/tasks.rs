//! The tasks table (cluster-wide or of one service), shared by the service detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use crate::model::{TargetGroup, Task, TaskStatus, task_def_revision};
use crate::source::target_for_task;
use crate::state::{Resource, Screen, State};
use crate::ui::format;
use crate::ui::views::{highlight, placeholder, table_block};

/// `tag@digest7` of a container image, e.g. `1.4.2@9f86d08`.
pub(crate) fn image_short(image: &str, digest: Option<&str>) -> String {
    let name = image.rsplit('/').next().unwrap_or(image);
    let tag = name.split_once(':').map_or("latest", |(_, t)| t);
    match digest.and_then(|d| d.strip_prefix("sha256:")) {
        Some(d) => format!("{tag}@{}", &d[..d.len().min(7)]),
        None => tag.to_string(),
    }
}

/// The stop column of a stopped task: stop code, exit codes, reason.
pub(crate) fn stop_summary(task: &Task) -> String {
    let exit: Vec<String> = task
        .containers
        .iter()
        .filter_map(|c| c.exit_code.map(|x| format!("{}={x}", c.name)))
        .collect();
    let mut parts = Vec::new();
    if let Some(code) = &task.stop_code {
        parts.push(code.clone());
    }
    if !exit.is_empty() {
        parts.push(format!("exit {}", exit.join(",")));
    }
    if let Some(reason) = task.containers.iter().find_map(|c| c.reason.as_deref()) {
        parts.push(reason.to_string());
    }
    if let Some(reason) = &task.stopped_reason {
        parts.push(reason.clone());
    }
    parts.join(" · ")
}

/// Draws the task table of `screen` in `area`.
pub(crate) fn render_table(state: &State, screen: &Screen, frame: &mut Frame, area: Rect) {
    let service = screen.service.as_deref();
    let nav = &screen.nav;
    let tasks = state.filtered_tasks(service, nav);
    let label = if screen.view == crate::state::View::Tasks {
        ""
    } else {
        "tasks "
    };
    let block = table_block(state, format!("{label}[{}]", tasks.len()));
    let empty_text = if nav.filter.is_empty() {
        "no tasks"
    } else {
        "no task matches the filter"
    };
    let fallback = Resource::<Vec<Task>>::default();
    let resource = state.task_resource(service).unwrap_or(&fallback);
    if placeholder(
        state,
        resource,
        tasks.is_empty(),
        empty_text,
        frame,
        area,
        block.clone(),
    ) {
        return;
    }
    let groups: Vec<TargetGroup> = match service.and_then(|s| state.service(s)) {
        Some(s) => state
            .service_target_groups(s)
            .into_iter()
            .cloned()
            .collect(),
        None => state
            .target_groups
            .data
            .iter()
            .flat_map(|m| m.values().cloned())
            .collect(),
    };
    let with_service = service.is_none();
    let t = &state.theme;
    let height = usize::from(area.height.saturating_sub(3));
    let needle = nav.highlight();
    let rows = super::table_rows(state, nav, &tasks, height, |task| {
        task_row(state, task, &groups, &needle, with_service)
    });
    let labels =
        crate::ui::views::header_labels(state, &crate::state::columns::tasks(with_service));
    let header = Row::new(labels.iter().map(|c| Cell::from(c.clone()).style(t.column)));
    // Wide enough for every AZ and IPv4 address in the list (`ap-southeast-2a`,
    // `10.120.232.117`), never narrower than the usual ones.
    let widest = |f: fn(&Task) -> usize, floor: u16| {
        let w = tasks.iter().map(|t| f(t)).max().unwrap_or(0);
        u16::try_from(w).unwrap_or(u16::MAX).clamp(floor, 15)
    };
    let az_width = widest(|t| t.availability_zone.chars().count(), 10);
    let ip_width = widest(|t| t.private_ip.as_deref().map_or(0, str::len), 11);
    let mut widths = vec![Constraint::Length(8)];
    if with_service {
        let shown = tasks.iter().skip(nav.offset).take(height);
        widths.push(crate::ui::views::fit(
            "SERVICE",
            shown.map(|t| t.service_name().unwrap_or("-")),
            12,
            area.width / 5,
        ));
    }
    widths.extend([
        Constraint::Length(4),
        Constraint::Length(20),
        Constraint::Length(az_width),
        Constraint::Length(ip_width),
        Constraint::Length(7),
        Constraint::Length(4),
        Constraint::Length(14),
        Constraint::Fill(1),
    ]);
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let widths = crate::ui::views::fit_headers(&widths, &labels);
    frame.render_widget(Table::new(rows, widths).header(header).block(block), area);
}

/// One task as a row.
pub(crate) fn task_row<'a>(
    state: &State,
    task: &Task,
    groups: &[TargetGroup],
    filter: &str,
    with_service: bool,
) -> Row<'a> {
    let t = &state.theme;
    let short: String = task.id.chars().take(8).collect();
    let rev =
        task_def_revision(&task.task_definition).map_or_else(|| "?".into(), |r| r.to_string());
    let status = if task.last_status == task.desired_status {
        task.last_status.as_str().to_string()
    } else {
        format!(
            "{}→{}",
            task.last_status.as_str(),
            task.desired_status.as_str()
        )
    };
    let started = task
        .started_at
        .map_or_else(|| "–".to_string(), |s| format::age(state.now, s));
    let image = task
        .containers
        .iter()
        .find(|c| c.essential)
        .or(task.containers.first())
        .map(|c| image_short(&c.image, c.image_digest.as_deref()))
        .unwrap_or_default();
    let health = if task.last_status == TaskStatus::Stopped || task.stop_code.is_some() {
        Line::from(Span::styled(format!("■ {}", stop_summary(task)), t.bad))
    } else {
        Line::from(format::health_chain(task, target_for_task(task, groups), t))
    };
    let mut cells = vec![Cell::from(highlight(
        &short,
        filter,
        ratatui::style::Style::new(),
        t.highlight,
    ))];
    if with_service {
        cells.push(Cell::from(task.service_name().unwrap_or("-").to_string()));
    }
    cells.extend([
        Cell::from(rev),
        Cell::from(Span::styled(
            status,
            format::task_status_style(task.last_status, t),
        )),
        Cell::from(task.availability_zone.clone()),
        Cell::from(task.private_ip.clone().unwrap_or_default()),
        Cell::from(started),
        Cell::from(exec_agent(task)),
        Cell::from(Span::styled(image, t.dim)),
        Cell::from(health),
    ]);
    Row::new(cells)
}

/// The ExecuteCommand agent of the task's essential container, in four
/// letters: `run`, `pend`, `stop`, or `–` when the task has no agent (ECS
/// Exec off).
fn exec_agent(task: &Task) -> &'static str {
    let container = task
        .containers
        .iter()
        .find(|c| c.essential)
        .or(task.containers.first());
    match container.and_then(|c| c.exec_agent.as_deref()) {
        Some("RUNNING") => "run",
        Some("PENDING") => "pend",
        Some("STOPPED") => "stop",
        Some(_) => "?",
        None => "–",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_short_shows_tag_and_digest() {
        assert_eq!(
            image_short(
                "123.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2",
                Some("sha256:9f86d081884c")
            ),
            "1.4.2@9f86d08"
        );
        assert_eq!(image_short("nginx", None), "latest");
        assert_eq!(image_short("localhost:5000/app:2", None), "2");
    }
}
