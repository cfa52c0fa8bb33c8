//! CloudWatch Logs answers can hold an event whose message is not valid
//! UTF-16: a lone surrogate escape such as `\ud800` (a log line cut in the
//! middle of a character by the writer). The SDK's JSON parser refuses the
//! whole answer (`failed to unmarshall`), so one such event hid every valid
//! event around it. [`RepairSurrogates`] re-reads a refused answer with each
//! lone surrogate replaced by U+FFFD, so the page decodes and the event shows
//! with a replacement character (which the log view counts as "could not be
//! decoded"). Answers that decode are untouched and cost nothing more.

use aws_sdk_cloudwatchlogs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextMut;
use aws_smithy_runtime_api::client::ser_de::{DeserializeResponse, SharedResponseDeserializer};
use aws_smithy_types::body::SdkBody;

/// Re-deserialises a failed, in-memory JSON answer with lone surrogate escapes repaired.
#[derive(Debug)]
pub(super) struct RepairSurrogates;

impl Intercept for RepairSurrogates {
    fn name(&self) -> &'static str {
        "ecsdeck::RepairSurrogates"
    }

    // Runs after deserialisation and before the retry decision: the body of a
    // non-streaming answer has been read into memory by then.
    fn modify_before_attempt_completion(
        &self,
        context: &mut FinalizerInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if !matches!(context.output_or_error(), Some(Err(_))) {
            return Ok(());
        }
        let Some(deserializer) = cfg.load::<SharedResponseDeserializer>() else {
            return Ok(());
        };
        let Some(response) = context.response_mut() else {
            return Ok(());
        };
        let Some(body) = response.body().bytes() else {
            return Ok(());
        };
        let (fixed, repaired) = repair_lone_surrogates(body);
        if repaired == 0 {
            return Ok(());
        }
        tracing::debug!(repaired, "lone surrogate escapes replaced in a logs answer");
        *response.body_mut() = SdkBody::from(fixed);
        let result = deserializer.deserialize_nonstreaming_with_config(response, cfg);
        if let Some(slot) = context.output_or_error_mut() {
            *slot = result;
        }
        Ok(())
    }
}

fn hex4(bytes: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(bytes.get(..4)?).ok()?;
    u16::from_str_radix(text, 16).ok()
}

fn is_high(u: u16) -> bool {
    (0xD800..=0xDBFF).contains(&u)
}

fn is_low(u: u16) -> bool {
    (0xDC00..=0xDFFF).contains(&u)
}

/// Replaces every `\uXXXX` escape of a lone surrogate (a high one not
/// followed by a low one, or a low one alone) in JSON text with `\ufffd`;
/// returns the text and how many were replaced. Escaped backslashes (`\\u`)
/// and valid pairs are left as they are.
pub(crate) fn repair_lone_surrogates(json: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(json.len());
    let mut repaired = 0;
    let mut i = 0;
    while i < json.len() {
        if json[i] != b'\\' {
            out.push(json[i]);
            i += 1;
            continue;
        }
        let escape = json.get(i + 1).copied();
        let unit = if escape == Some(b'u') {
            json.get(i + 2..).and_then(hex4)
        } else {
            None
        };
        match unit {
            Some(u) if is_high(u) => {
                let next = json
                    .get(i + 6..i + 8)
                    .filter(|s| *s == b"\\u")
                    .and_then(|_| json.get(i + 8..).and_then(hex4));
                if next.is_some_and(is_low) {
                    out.extend_from_slice(&json[i..i + 12]);
                    i += 12;
                } else {
                    out.extend_from_slice(b"\\ufffd");
                    repaired += 1;
                    i += 6;
                }
            }
            Some(u) if is_low(u) => {
                out.extend_from_slice(b"\\ufffd");
                repaired += 1;
                i += 6;
            }
            Some(_) => {
                out.extend_from_slice(&json[i..i + 6]);
                i += 6;
            }
            None => {
                // `\\`, `\"`, `\n`...: copy the escape whole so its second
                // byte is never read as the start of another escape.
                let end = (i + 2).min(json.len());
                out.extend_from_slice(&json[i..end]);
                i = end;
            }
        }
    }
    (out, repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(s: &str) -> (String, usize) {
        let (b, n) = repair_lone_surrogates(s.as_bytes());
        (String::from_utf8(b).unwrap(), n)
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(
            repair(r#"{"m":"a\ud800b"}"#),
            (r#"{"m":"a\ufffdb"}"#.into(), 1)
        );
        assert_eq!(repair(r#"{"m":"\udc00"}"#), (r#"{"m":"\ufffd"}"#.into(), 1));
        assert_eq!(
            repair(r#"{"m":"\uD800\uD800"}"#),
            (r#"{"m":"\ufffd\ufffd"}"#.into(), 2)
        );
        assert_eq!(
            repair(r#"{"m":"end\ud800"}"#),
            (r#"{"m":"end\ufffd"}"#.into(), 1)
        );
        let (fixed, _) = repair(r#"{"m":"x\ud800y","n":"\u00e9"}"#);
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["m"], "x\u{fffd}y");
        assert_eq!(v["n"], "é");
    }

    #[test]
    fn valid_text_is_left_alone() {
        for s in [
            r#"{"m":"\ud83d\ude00 ok"}"#,
            r#"{"m":"a\\ud800 is text, not an escape"}"#,
            r#"{"m":"quote \" and \n and \u0041"}"#,
            r#"{"m":"trailing backslash \\"}"#,
            "{\"m\":\"caf\u{e9}\"}",
            r#"\"#,
            r#"\u12"#,
        ] {
            assert_eq!(repair(s), (s.to_string(), 0), "{s}");
        }
    }
}
