//! What to do with a server's answer to a download, resumed or not, and how long to wait
//! between tries. Pure: the fetching itself is in `fetch`.

use std::time::Duration;

/// What a server's answer means for the bytes already written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Its body is the file's next bytes: append them.
    Append,
    /// Its body is the whole file from its start (the server ignored the range asked for,
    /// or none was asked): the bytes written so far are dropped.
    Restart,
    /// It cannot be used (a range that does not follow on, or one the server cannot give):
    /// drop the bytes written and try again from the start.
    StartAgain,
    /// A fault that may pass (an overloaded or failing server): try again.
    Retry,
    /// An error that trying again will not mend (404, 403…).
    Refuse,
}

/// The answer `status` (with its `Content-Range`, if any) to a request for the file from
/// byte `asked_from` (0: the whole file, asked without a range).
pub fn answer(asked_from: u64, status: u16, content_range: Option<&str>) -> Answer {
    match status {
        200 if asked_from == 0 => Answer::Append,
        200 => Answer::Restart,
        206 if asked_from > 0 && content_range.and_then(range_start) == Some(asked_from) => {
            Answer::Append
        }
        206 | 416 => Answer::StartAgain,
        408 | 429 | 500..=599 => Answer::Retry,
        _ => Answer::Refuse,
    }
}

/// The first byte of a `Content-Range: bytes FIRST-LAST/TOTAL` header.
fn range_start(content_range: &str) -> Option<u64> {
    let range = content_range.trim().strip_prefix("bytes")?.trim_start();
    let (first, _) = range.split_once('-')?;
    first.trim().parse().ok()
}

/// The pause after the `attempt`th failed try (from 1): `first`, doubling each time, never
/// more than `longest`.
pub fn pause_after(attempt: u32, first: Duration, longest: Duration) -> Duration {
    let doublings = attempt.saturating_sub(1).min(20);
    first.saturating_mul(1 << doublings).min(longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resumed_download_appends_only_what_follows_on() {
        assert_eq!(answer(0, 200, None), Answer::Append);
        assert_eq!(answer(500, 206, Some("bytes 500-999/1000")), Answer::Append);
        assert_eq!(answer(500, 206, Some("bytes  500-999/*")), Answer::Append);
        // The server ignored the range: the whole file comes again.
        assert_eq!(answer(500, 200, None), Answer::Restart);
        // A range that is not the one asked for, or none at all.
        assert_eq!(
            answer(500, 206, Some("bytes 0-999/1000")),
            Answer::StartAgain
        );
        assert_eq!(answer(500, 206, None), Answer::StartAgain);
        assert_eq!(answer(0, 206, Some("bytes 0-9/10")), Answer::StartAgain);
        assert_eq!(answer(500, 416, Some("bytes */400")), Answer::StartAgain);
    }

    #[test]
    fn passing_faults_are_tried_again_and_errors_refused() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert_eq!(answer(0, status, None), Answer::Retry, "{status}");
        }
        for status in [400, 401, 403, 404, 410, 451, 304] {
            assert_eq!(answer(0, status, None), Answer::Refuse, "{status}");
        }
    }

    #[test]
    fn pauses_double_up_to_the_longest() {
        let first = Duration::from_secs(2);
        let longest = Duration::from_secs(60);
        let pauses: Vec<u64> = (1..=7)
            .map(|attempt| pause_after(attempt, first, longest).as_secs())
            .collect();
        assert_eq!(pauses, [2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(pause_after(u32::MAX, first, longest), longest);
    }
}
