//! The decisions of an HLS reception, on parsed playlists: which variant of a master
//! playlist to hear, where in a live media playlist to start, which segments are new, when
//! to read the playlist again and when it has stalled. Pure: no I/O.

use std::time::Duration;

use m3u8_rs::{AlternativeMediaType, KeyMethod, MasterPlaylist, MediaPlaylist};

use crate::messages::receive::ReceiveProblem;

/// How many segments back from the end of a live playlist a reception starts. RFC 8216
/// (6.3.3) asks a client not to start less than three target durations from the end, so a
/// slow segment does not leave it without sound. It sets how much sound arrives at once on
/// connecting, not the relay's delay for long: the newest segment is fetched as soon as it
/// is listed, and the relay keeps only its own buffer's worth of the latest sound.
pub const START_BACK: usize = 3;
/// A playlist with no new segment for this many target durations has stalled.
pub const STALL_TARGETS: u32 = 3;

/// The variant of a master playlist chosen: where its sound is, and its announced bit rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub uri: String,
    pub bandwidth: u64,
}

/// The variant to hear. A radio station's master playlist lists the same sound at several
/// bit rates (sometimes beside video): prefer a variant that is sound only, then one whose
/// codec symphonia decodes fully (AAC-LC or MP3: HE-AAC decodes only its LC core, half
/// the bandwidth), then the highest bit rate; its sound is the audio rendition it names, if
/// that has its own playlist.
pub fn choose_variant(master: &MasterPlaylist) -> Option<Variant> {
    let variant = master
        .variants
        .iter()
        .filter(|variant| !variant.is_i_frame && !variant.uri.is_empty())
        .max_by_key(|variant| {
            let codecs = variant.codecs.as_deref().unwrap_or_default().to_lowercase();
            let sound_only = variant.resolution.is_none()
                && !["avc1", "avc3", "hvc1", "hev1", "vp09", "av01"]
                    .iter()
                    .any(|video| codecs.contains(video));
            let he_aac = codecs.contains("mp4a.40.5") || codecs.contains("mp4a.40.29");
            (sound_only, !he_aac, variant.bandwidth)
        })?;
    let rendition = variant.audio.as_ref().and_then(|group| {
        let mut in_group = master.alternatives.iter().filter(|media| {
            media.media_type == AlternativeMediaType::Audio
                && &media.group_id == group
                && media.uri.is_some()
        });
        let first = in_group.clone().next();
        in_group.find(|media| media.default).or(first)?.uri.clone()
    });
    Some(Variant {
        uri: rendition.unwrap_or_else(|| variant.uri.clone()),
        bandwidth: variant.bandwidth,
    })
}

/// A segment to fetch: its media sequence number, address and length.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub sequence: u64,
    pub uri: String,
    pub seconds: f64,
}

/// What a fresh reading of a media playlist asks of the reception.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Step {
    /// The segments not heard yet, in order.
    pub segments: Vec<Segment>,
    /// Segments that left the playlist before they could be fetched.
    pub missed: u64,
}

/// The new segments of `playlist` for a reception whose next segment is `next` (`None`: it
/// starts now, near the live edge). A sequence that went back (the station's encoder
/// restarted) starts again near the live edge. Encrypted or fMP4 segments are a problem.
pub fn step(playlist: &MediaPlaylist, next: Option<u64>) -> Result<Step, ReceiveProblem> {
    let first = playlist.media_sequence;
    let count = playlist.segments.len() as u64;
    let live_start = first + count.saturating_sub(START_BACK as u64);
    let start = match next {
        None => live_start,
        Some(next) if next > first + count => live_start,
        Some(next) => next.max(first),
    };
    let missed = next.map_or(0, |next| first.saturating_sub(next));
    let mut key = KeyMethod::None;
    let mut fmp4 = false;
    let mut segments = Vec::new();
    for (index, segment) in playlist.segments.iter().enumerate() {
        // A key or map applies to every segment after it until the next one.
        if let Some(new_key) = &segment.key {
            key = new_key.method.clone();
        }
        fmp4 |= segment.map.is_some();
        let sequence = first + index as u64;
        if sequence < start {
            continue;
        }
        if key != KeyMethod::None {
            return Err(ReceiveProblem::Encrypted {
                method: key.to_string(),
            });
        }
        if fmp4 {
            return Err(ReceiveProblem::UnsupportedCodec {
                codec: "HLS fMP4".to_string(),
            });
        }
        segments.push(Segment {
            sequence,
            uri: segment.uri.clone(),
            seconds: f64::from(segment.duration),
        });
    }
    Ok(Step { segments, missed })
}

/// The playlist's target duration, within sensible bounds (a broken 0 would make the
/// reception poll without pause).
pub fn target(playlist: &MediaPlaylist) -> Duration {
    Duration::from_secs(playlist.target_duration.clamp(1, 60))
}

/// How long to wait before reading the playlist again (RFC 8216 6.3.4): a target duration
/// after a reading that brought new segments, half of one after a reading that did not.
pub fn reload_wait(target: Duration, changed: bool) -> Duration {
    if changed {
        target
    } else {
        target / 2
    }
}

/// Whether a playlist that has had no new segment for `quiet` has stalled.
pub fn stalled(quiet: Duration, target: Duration) -> bool {
    quiet >= target * STALL_TARGETS
}

#[cfg(test)]
#[path = "playlist_tests.rs"]
mod tests;
