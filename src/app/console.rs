//! `O`: the AWS console address of the selected resource, shown on the
//! status line and copied (through the sanitising OSC 52 path).

use crate::app::{Command, set_status};
use crate::console_url;
use crate::state::{Level, State, View};

/// The console address of what is selected (the log group and stream in
/// the logs view), or `None` when the selection has no console page.
pub(crate) fn url(state: &State) -> Option<String> {
    if state.screen().view == View::Logs {
        let session = state.logs.as_ref()?;
        let service = state.service(&session.service)?;
        let region = console_url::region_of(&service.arn)?;
        let stream = match session.target.streams.as_slice() {
            [one] => Some(one.as_str()),
            _ => None,
        };
        return Some(console_url::for_log(region, &session.target.group, stream));
    }
    console_url::for_arn(&state.selected()?.arn)
}

/// Shows and copies the console address of the selection.
pub(crate) fn link(state: &mut State) -> Vec<Command> {
    let Some(url) = url(state) else {
        set_status(
            state,
            Level::Info,
            "no AWS console page for this selection".into(),
        );
        return Vec::new();
    };
    // One line, sanitised: an ARN carries names written by others.
    let url = crate::text::sanitize(&url).into_owned();
    let label = if state.source.kind == "demo" {
        "demo (simulated: no such page in AWS)"
    } else {
        "console"
    };
    set_status(state, Level::Success, format!("{label}: {url} (copied)"));
    vec![Command::Copy(url)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selected_service_links_to_its_console_page_labelled_demo() {
        let mut state = crate::fixtures::loaded_state();
        let arn = state.selected().map(|s| s.arn).unwrap_or_default();
        let commands = link(&mut state);
        let [Command::Copy(url)] = commands.as_slice() else {
            panic!("one copy: {commands:?}");
        };
        assert_eq!(Some(url.clone()), console_url::for_arn(&arn));
        assert!(url.contains("/ecs/v2/clusters/"), "{url}");
        let status = state.status.map(|s| s.text).unwrap_or_default();
        assert!(status.starts_with("demo (simulated"), "{status}");
        assert!(status.contains(url.as_str()), "{status}");
    }

    fn logs_of_web_api(streams: Vec<String>) -> State {
        let mut state = crate::fixtures::loaded_state();
        state.stack.push(crate::state::Screen::new(
            View::Logs,
            Some("web-api".into()),
        ));
        state.logs = Some(crate::state::LogSession {
            id: 1,
            service: "web-api".into(),
            target: crate::model::LogTarget {
                group: "/ecs/web-api".into(),
                streams,
            },
            start: crate::fixtures::t0(),
            view: crate::state::log_view::LogView::new(100),
        });
        state
    }

    #[test]
    fn the_logs_view_links_its_group_and_its_one_stream() {
        let region = state_region();
        assert!(
            !region.is_empty(),
            "the fixture's service ARN names a region"
        );
        let one = logs_of_web_api(vec!["ecs/app/abc123".into()]);
        assert_eq!(
            url(&one),
            Some(console_url::for_log(
                &region,
                "/ecs/web-api",
                Some("ecs/app/abc123")
            ))
        );
        let two = logs_of_web_api(vec!["ecs/app/a".into(), "ecs/app/b".into()]);
        assert_eq!(
            url(&two),
            Some(console_url::for_log(&region, "/ecs/web-api", None)),
            "two streams: the group's page"
        );
        let link = url(&one).unwrap_or_default();
        assert!(link.contains(&region), "{link}");
        assert!(link.contains("$252Fecs$252Fweb-api"), "{link}");
    }

    fn state_region() -> String {
        let state = crate::fixtures::loaded_state();
        state
            .service("web-api")
            .and_then(|s| console_url::region_of(&s.arn))
            .unwrap_or_default()
            .to_string()
    }
}
