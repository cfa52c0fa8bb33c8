//! CloudWatch Logs: FilterLogEvents pages and StartLiveTail sessions.

use aws_sdk_cloudwatchlogs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointPrefix;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextMut;

use crate::model::{LogLine, LogTarget};
use crate::source::{LiveTail, LiveTailUpdate, LogPage, LogQuery, SourceResult};

use super::errors::Subject;
use super::{AwsSource, api_names, config, map};

/// FilterLogEvents accepts up to 100 stream names.
const MAX_STREAMS: usize = 100;
/// Batches buffered between the live tail task and its consumer.
const LIVE_TAIL_BUFFER: usize = 64;

/// Removes the `streaming-` host prefix StartLiveTail puts in front of the
/// endpoint: a custom endpoint (an emulator on 127.0.0.1) has no such host.
/// Installed only when a custom endpoint is configured.
#[derive(Debug)]
pub(super) struct NoHostPrefix;

impl Intercept for NoHostPrefix {
    fn name(&self) -> &'static str {
        "ecsdeck::NoHostPrefix"
    }

    // Runs after every interceptor's read_before_execution (where the
    // operation stores the prefix) and before endpoint resolution.
    fn modify_before_serialization(
        &self,
        _context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if cfg.load::<EndpointPrefix>().is_some() {
            cfg.interceptor_state().unset::<EndpointPrefix>();
        }
        Ok(())
    }
}

fn to_millis(t: &crate::model::Time) -> i64 {
    t.timestamp_millis()
}

impl AwsSource {
    pub(super) async fn filter_log_events(&self, q: &LogQuery) -> SourceResult<LogPage> {
        self.record(api_names::FILTER_LOG_EVENTS);
        let group = &q.target.group;
        let mut req = self
            .logs
            .filter_log_events()
            .start_time(to_millis(&q.start));
        req = if group.starts_with("arn:") {
            req.log_group_identifier(group)
        } else {
            req.log_group_name(group)
        };
        if !q.target.streams.is_empty() {
            let streams: Vec<String> = q.target.streams.iter().take(MAX_STREAMS).cloned().collect();
            req = req.set_log_stream_names(Some(streams));
        }
        if let Some(end) = &q.end {
            req = req.end_time(to_millis(end));
        }
        if !q.filter_pattern.trim().is_empty() {
            req = req.filter_pattern(&q.filter_pattern);
        }
        let out = req
            .set_next_token(q.next_token.clone())
            .send()
            .await
            .map_err(|e| self.err(api_names::FILTER_LOG_EVENTS, &e, Subject::LogGroup(group)))?;
        let mut lines: Vec<LogLine> = out.events().iter().map(map::filtered_event).collect();
        // By time; undated events last, in the order CloudWatch sent them.
        lines.sort_by_key(|l| (l.timestamp.is_none(), l.timestamp));
        let next_token = out.next_token().map(str::to_string);
        // A stream not searched to the end with no page left to fetch means
        // the server stopped early.
        #[allow(deprecated)]
        let incomplete = out
            .searched_log_streams()
            .iter()
            .any(|s| s.searched_completely() == Some(false));
        Ok(LogPage {
            lines,
            sampled: incomplete && next_token.is_none(),
            next_token,
        })
    }

    async fn log_group_arn(&self, group: &str) -> SourceResult<String> {
        if group.starts_with("arn:") {
            return Ok(group.trim_end_matches(":*").to_string());
        }
        let account = self.account_id().await?;
        let region = self.region();
        Ok(format!(
            "arn:{}:logs:{region}:{account}:log-group:{group}",
            config::partition(region)
        ))
    }

    pub(super) async fn start_live_tail(
        &self,
        target: &LogTarget,
        filter: &str,
    ) -> SourceResult<LiveTail> {
        let arn = self.log_group_arn(&target.group).await?;
        self.record(api_names::START_LIVE_TAIL);
        let mut req = self.logs.start_live_tail().log_group_identifiers(arn);
        if !target.streams.is_empty() {
            req = req.set_log_stream_names(Some(target.streams.clone()));
        }
        if !filter.trim().is_empty() {
            req = req.log_event_filter_pattern(filter);
        }
        let group = target.group.clone();
        let out = req
            .send()
            .await
            .map_err(|e| self.err(api_names::START_LIVE_TAIL, &e, Subject::LogGroup(&group)))?;
        let mut stream = out.response_stream;
        let (tx, rx) = tokio::sync::mpsc::channel(LIVE_TAIL_BUFFER);
        let env = self.env.clone();
        tokio::spawn(async move {
            loop {
                let next = tokio::select! {
                    _ = tx.closed() => break,
                    n = stream.recv() => n,
                };
                match next {
                    Ok(Some(StartLiveTailResponseStream::SessionUpdate(u))) => {
                        let update = LiveTailUpdate {
                            lines: u
                                .session_results()
                                .iter()
                                .map(map::live_tail_event)
                                .collect(),
                            sampled: u.session_metadata().is_some_and(|m| m.sampled()),
                        };
                        if tx.send(Ok(update)).await.is_err() {
                            break;
                        }
                    }
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(e) => {
                        let mapped = super::errors::from_sdk(
                            api_names::START_LIVE_TAIL.name,
                            &e,
                            &env,
                            Subject::LogGroup(&group),
                        );
                        let _ = tx.send(Err(mapped)).await;
                        break;
                    }
                }
            }
        });
        Ok(LiveTail { updates: rx })
    }
}
