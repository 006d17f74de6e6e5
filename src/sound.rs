//! What the sound card was given during an airing, and what a relay, a recording or a
//! download received from its source: the evidence the player and the receiver measure and
//! the airing log keeps.

use serde::{Deserialize, Serialize};

/// What the device was actually given during an airing: the proof that sound went out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SoundEvidence {
    /// Frames of the file (of the source, for a relay) handed to the sound card.
    pub frames: u64,
    /// Loudness over the whole airing, in dB below full scale; `None` when nothing played.
    pub rms_dbfs: Option<f64>,
    pub peak_dbfs: Option<f64>,
    /// Stretches of dead air longer than the threshold.
    pub silences: Vec<Silence>,
    /// Stretches where the sound card got nothing from wardcast at all (the process was
    /// paused, or starved of time), at their place in the airing. The airing went on after
    /// each, later by its length. Absent in records from before it was measured.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stalls: Vec<Silence>,
    /// For a relayed airing, what came from the source. Absent for a file, so a file's
    /// evidence reads (and hashes) as it always has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<RelayEvidence>,
}

/// A stretch of silence inside an airing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Silence {
    /// Seconds from the start of the airing.
    pub offset_seconds: f64,
    pub length_seconds: f64,
}

/// Why a relayed airing had no sound from its source for a while. Recorded with each gap so
/// the ward can show the city that the hole was the sender's, not the station's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapCause {
    /// The connection to the source was lost and wardcast was connecting again.
    Reconnect,
    /// The source stayed connected but sent nothing in time (a stalled stream or playlist).
    Stall,
    /// The source could not be reached at all when the relay began.
    Unreachable,
}

/// A stretch of a relay or a recording that had nothing from its source, filled with
/// silence (relay) or left out (recording).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// Seconds from the start of the airing or recording.
    pub offset_seconds: f64,
    pub length_seconds: f64,
    pub cause: GapCause,
}

/// What a relayed airing received from its source, kept beside the sound evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RelayEvidence {
    /// The `[[source]]` id relayed.
    pub source: String,
    /// Bytes received from the source during the airing (0 for a capture device).
    pub bytes: u64,
    /// Seconds of sound received and decoded from the source.
    pub seconds_received: f64,
    /// Every stretch without sound from the source, in order.
    pub gaps: Vec<Gap>,
    /// How far behind the source the station was at the start and at the end, in seconds:
    /// equal when clock drift between the sender and the sound card was absorbed.
    pub delay_start_seconds: f64,
    pub delay_end_seconds: f64,
    /// Where a copy of what was relayed is kept (`relay_copy = true`), in the data folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<std::path::PathBuf>,
}

/// What a recording or a download received, kept in its record of the airing log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReceivedEvidence {
    /// Bytes received from the source and kept in the file (for a capture device, the
    /// bytes of the file written).
    pub bytes: u64,
    /// Seconds of sound received (a recording); absent for a download, whose length is the
    /// file's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_received: Option<f64>,
    /// Every stretch of a recording without sound from the source, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<Gap>,
    /// The content type the server gave (a download), as it gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}
