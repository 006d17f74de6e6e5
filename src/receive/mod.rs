//! Receiving other stations: an internet stream (Icecast/Shoutcast MP3 or AAC, HLS with AAC
//! in MPEG-TS or packed ADTS) or a capture device (the line-in a radio receiver is plugged
//! into). A `Reception` runs on its own thread, connects (again, with growing pauses, while
//! the source is down) and hands what it receives to a `ReceiveSink`: the stream's bytes as
//! they came (for recordings) and the decoded sound (for relays and level checks). It
//! decides nothing about schedules and writes no log.

mod aac;
mod backoff;
mod decode;
mod hls;
mod http;
mod probe;
mod reception;
mod session;
mod sniff;
mod stream;

use crate::messages::receive::ReceiveProblem;
use crate::sound::GapCause;

// Public so the station's recorder and the tests can capture without a network reception.
pub mod capture;
mod tee;
pub use capture::{input_devices, InputDevice};
pub use tee::Tee;

pub use backoff::{pause as backoff_pause, Backoff};
pub use probe::{probe, Probe};
pub use reception::Reception;

/// How the source delivers its sound, learnt from the server's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    /// One endless HTTP response (Icecast, Shoutcast, a plain HTTP stream).
    HttpStream,
    /// An HLS playlist of segments.
    Hls,
    /// A capture device.
    Capture,
}

/// How the sound itself is coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Codec {
    Mp3,
    /// AAC in ADTS frames.
    Aac,
    /// Uncoded samples from a capture device.
    Pcm,
}

impl Codec {
    /// The extension of a file that keeps this stream as received.
    pub fn extension(self) -> &'static str {
        match self {
            Codec::Mp3 => "mp3",
            Codec::Aac => "aac",
            Codec::Pcm => "flac",
        }
    }
}

/// What a source sends, as far as it is known once connected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StreamInfo {
    pub kind: StreamKind,
    pub codec: Codec,
    /// Bits per second the server announces (`icy-br`, an HLS `BANDWIDTH`), when it does.
    pub bitrate: Option<u32>,
    /// Known once the first sound is decoded.
    pub sample_rate: Option<u32>,
    pub channels: Option<u16>,
}

/// Where a reception delivers what it receives. Called on the reception's own thread, in
/// order: `connected`, then `bytes` and `sound` as they come, `lost` when the source drops
/// (then `connected` again once it is back). `lost` is told once per loss, not again for
/// each failed attempt while the source stays down; a source not heard yet is told
/// `lost(Unreachable, …)` after its first failed attempt. An HLS source that skips
/// segments is told `lost(Stall, SegmentsMissed)` and `connected` again at once: its sound
/// goes on, with that much missing. Nothing is called after `Reception::stop` returns.
pub trait ReceiveSink: Send {
    /// Connected, or connected again after a loss.
    fn connected(&mut self, info: &StreamInfo);
    /// The stream's coded bytes as received: MP3 frames, or ADTS frames (taken out of the
    /// MPEG-TS segments of an HLS stream), ready to be kept as a `.mp3`/`.aac` file. Not
    /// called for a capture device.
    fn bytes(&mut self, data: &[u8]);
    /// Decoded sound, interleaved, at the source's own rate and channels.
    fn sound(&mut self, samples: &[f32], rate: u32, channels: u16);
    /// The source dropped or stalled; the reception is trying again.
    fn lost(&mut self, cause: GapCause, problem: &ReceiveProblem);
}
