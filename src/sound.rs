//! What the sound card was given during an airing: the evidence the player measures and
//! the airing log keeps.

use serde::{Deserialize, Serialize};

/// What the device was actually given during an airing: the proof that sound went out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SoundEvidence {
    /// Frames of the file handed to the sound card.
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
}

/// A stretch of silence inside an airing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Silence {
    /// Seconds from the start of the airing.
    pub offset_seconds: f64,
    pub length_seconds: f64,
}
