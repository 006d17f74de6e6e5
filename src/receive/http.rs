//! The HTTP side of receiving: one `ureq` agent (blocking, rustls with the ring provider)
//! with the waits wardcast allows a station's server, and its answers and failures in the
//! officer's terms.

use std::io::Read;
use std::time::Duration;

use ureq::ResponseExt;

use crate::messages::receive::ReceiveProblem;

/// How long a connection (TCP and TLS) may take.
pub const CONNECT_WAIT: Duration = Duration::from_secs(5);
/// How long the server may take to answer a request.
pub const ANSWER_WAIT: Duration = Duration::from_secs(8);
/// The longest a stream may send nothing before it counts as stalled (each read waits this).
pub const STALL: Duration = Duration::from_secs(5);
/// The largest playlist read.
const PLAYLIST_LIMIT: u64 = 1024 * 1024;
/// The largest segment read (a 10-second segment at 320 kb/s is 400 kB).
const SEGMENT_LIMIT: u64 = 16 * 1024 * 1024;

/// What wardcast says it is to the station's server.
const USER_AGENT: &str = concat!(
    "wardcast/",
    env!("CARGO_PKG_VERSION"),
    " (ward radio station relay)"
);

/// The agent every request of a reception goes through. No `Icy-MetaData` header is sent,
/// so an Icecast server sends the sound alone, without song titles woven in.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .timeout_connect(Some(CONNECT_WAIT))
        .timeout_recv_response(Some(ANSWER_WAIT))
        .timeout_per_read(Some(STALL))
        .build()
        .new_agent()
}

/// A server's answer, its body still to be read.
pub struct Answer {
    /// The address that answered (after redirects): relative addresses in a playlist are
    /// taken from it.
    pub url: String,
    pub content_type: Option<String>,
    /// The bit rate the server announces (`icy-br`, in kb/s), in bits per second.
    pub bitrate: Option<u32>,
    pub body: Box<dyn Read + Send>,
}

/// Asks for `url`; an error status is a problem.
pub fn get(agent: &ureq::Agent, url: &str) -> Result<Answer, ReceiveProblem> {
    let response = agent.get(url).call().map_err(|error| problem(&error))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(ReceiveProblem::HttpStatus { status });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type");
    let bitrate = header("icy-br")
        .and_then(|value| value.split(',').next()?.trim().parse::<u32>().ok())
        .map(|kbps| kbps.saturating_mul(1000));
    let url = response.get_uri().to_string();
    let body = Box::new(response.into_body().into_reader());
    Ok(Answer {
        url,
        content_type,
        bitrate,
        body,
    })
}

/// The whole body of a playlist (`segment`: of a segment), within its size limit.
pub fn read_all(answer: Answer, segment: bool) -> Result<Vec<u8>, ReceiveProblem> {
    let limit = if segment {
        SEGMENT_LIMIT
    } else {
        PLAYLIST_LIMIT
    };
    let mut bytes = Vec::new();
    answer
        .body
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|error| read_problem(&error))?;
    Ok(bytes)
}

/// A failed request in the officer's terms.
pub fn problem(error: &ureq::Error) -> ReceiveProblem {
    match error {
        ureq::Error::StatusCode(status) => ReceiveProblem::HttpStatus { status: *status },
        ureq::Error::Timeout(_) => ReceiveProblem::TimedOut,
        ureq::Error::Io(error) => read_problem(error),
        // The status line or headers did not parse: ureq reads HTTP/1.x only, and a
        // Shoutcast v1 server's `ICY 200 OK` is not that.
        ureq::Error::Protocol(_) => ReceiveProblem::NotHttp,
        _ => ReceiveProblem::Unreachable,
    }
}

/// A failed read in the officer's terms.
pub fn read_problem(error: &std::io::Error) -> ReceiveProblem {
    use std::io::ErrorKind;
    // A body read that failed in ureq (a read timeout) carries ureq's error inside.
    if let Some(inner) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
    {
        return problem(inner);
    }
    match error.kind() {
        ErrorKind::TimedOut | ErrorKind::WouldBlock => ReceiveProblem::TimedOut,
        ErrorKind::ConnectionRefused | ErrorKind::NotFound | ErrorKind::AddrNotAvailable => {
            ReceiveProblem::Unreachable
        }
        _ => ReceiveProblem::ConnectionLost {
            detail: error.to_string(),
        },
    }
}
