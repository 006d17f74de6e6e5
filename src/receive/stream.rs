//! An endless HTTP stream (Icecast, Shoutcast v2, a plain web server): one answer whose body
//! is the sound, decoded as it comes.

use std::io::{Cursor, Read};

use super::session::{End, Event, Gone, Outlet};
use super::{decode, http, Codec, StreamInfo, StreamKind};

/// Receives the stream `answer` began with `head` (the bytes read to tell what it is; the
/// first frame at `offset`) until it fails.
pub fn run(
    answer: http::Answer,
    head: Vec<u8>,
    offset: usize,
    aac: bool,
    outlet: &Outlet,
) -> Result<End, Gone> {
    let info = StreamInfo {
        kind: StreamKind::HttpStream,
        codec: if aac { Codec::Aac } else { Codec::Mp3 },
        bitrate: answer.bitrate,
        sample_rate: None,
        channels: None,
    };
    let input = Cursor::new(head).chain(answer.body);
    decode::run(aac, input, offset, outlet, |rate, channels| {
        outlet.send(Event::Connected(StreamInfo {
            sample_rate: Some(rate),
            channels: Some(channels),
            ..info.clone()
        }))
    })
}
