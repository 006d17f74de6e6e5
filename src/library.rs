//! The audio folder: which files a programme folder holds, what each one is (probe and
//! SHA-256), and which one an airing picks. It reads files and never writes, moves or
//! deletes them: the folder belongs to the radio officer.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::config::{DurationBounds, PickRule, Programme};
use crate::schedule::YearMonth;

/// File name endings that are audio wardcast can air (compared without case).
pub const AUDIO_EXTENSIONS: &[&str] = &["mp3", "wav", "flac", "ogg", "oga", "m4a", "aac", "mp4"];

/// Name endings of files still being copied or downloaded; they are left alone until renamed.
const TEMPORARY_SUFFIXES: &[&str] = &[".part", ".partial", ".filepart", ".crdownload", ".tmp"];

/// An audio file found in a programme folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioFile {
    pub path: PathBuf,
    /// The file name as the officer wrote it.
    pub name: String,
    /// When the file arrived in the folder (creation time where the file system keeps it).
    pub added: SystemTime,
}

/// What a probe learned of an audio file.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub format: String,
    pub duration: Duration,
    pub sample_rate: u32,
    pub channels: u16,
}

/// A file chosen for an airing, with what the log records of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub file: AudioFile,
    pub probe: Probe,
    pub sha256: String,
}

/// The outcome of picking a file for a slot.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    Chosen(Chosen),
    /// Nothing fits; the reason is for the log and the officer.
    Nothing(String),
}

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("cannot read the folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Why a file cannot be aired, in words for the officer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    #[error("cannot open the file: {0}")]
    Open(String),
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("not an audio file wardcast can read (mp3, wav, flac, ogg, m4a): {0}")]
    NotAudio(String),
    #[error("the audio inside uses a codec wardcast cannot play: {0}")]
    UnsupportedCodec(String),
    #[error("the file holds no sound (no audio frames)")]
    NoFrames,
}

/// Whether a file name is one wardcast should consider: audio, not hidden, not half-copied.
pub fn is_candidate_name(name: &str) -> bool {
    if name.starts_with('.') || name.starts_with("~$") {
        return false;
    }
    let lower = name.to_lowercase();
    if TEMPORARY_SUFFIXES
        .iter()
        .any(|suffix| lower.ends_with(suffix))
    {
        return false;
    }
    Path::new(&lower)
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| AUDIO_EXTENSIONS.contains(&extension))
}

/// The audio files directly inside `folder`, oldest first.
pub fn list_folder(folder: &Path) -> Result<Vec<AudioFile>, LibraryError> {
    let folder_error = |source| LibraryError::Folder {
        path: folder.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(folder_error)? {
        let entry = entry.map_err(folder_error)?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !is_candidate_name(&name) {
            continue;
        }
        let Ok(metadata) = std::fs::metadata(entry.path()) else {
            continue;
        };
        if !metadata.is_file() {
            continue;
        }
        let added = metadata
            .created()
            .or_else(|_| metadata.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        files.push(AudioFile {
            path: entry.path(),
            name,
            added,
        });
    }
    files.sort_by(|a, b| a.added.cmp(&b.added).then_with(|| a.name.cmp(&b.name)));
    Ok(files)
}

/// Reads the file's container and counts its audio exactly (every packet is visited, since
/// the length an mp3 header claims can be far off).
pub fn probe(path: &Path) -> Result<Probe, ProbeError> {
    let file = File::open(path).map_err(|error| ProbeError::Open(error.to_string()))?;
    let length = file
        .metadata()
        .map_err(|error| ProbeError::Open(error.to_string()))?
        .len();
    if length == 0 {
        return Err(ProbeError::Empty);
    }
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(&extension.to_lowercase());
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            // Gapless, as the player decodes: the encoder's padding is not part of the length.
            &FormatOptions {
                enable_gapless: true,
                ..FormatOptions::default()
            },
            &MetadataOptions::default(),
        )
        .map_err(|error| ProbeError::NotAudio(describe_symphonia(&error)))?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|track| track.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| ProbeError::NotAudio("no audio track".to_string()))?
        .clone();
    let codec = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|error| ProbeError::UnsupportedCodec(describe_symphonia(&error)))?;
    let format_name = codec.codec_params().codec;
    let format_name = symphonia::default::get_codecs()
        .get_codec(format_name)
        .map_or_else(|| "audio".to_string(), |d| d.short_name.to_string());
    let sample_rate = track.codec_params.sample_rate.unwrap_or(0);
    let channels = track
        .codec_params
        .channels
        .map_or(0, |channels| channels.count() as u16);

    let mut units: u64 = 0;
    loop {
        match format.next_packet() {
            Ok(packet) if packet.track_id() == track.id => {
                let trim = u64::from(packet.trim_start) + u64::from(packet.trim_end);
                units += packet.dur.saturating_sub(trim);
            }
            Ok(_) => {}
            Err(SymphoniaError::IoError(error)) if error.kind() == io::ErrorKind::UnexpectedEof => {
                break
            }
            Err(SymphoniaError::ResetRequired) => break,
            Err(error) => return Err(ProbeError::NotAudio(describe_symphonia(&error))),
        }
    }
    if units == 0 {
        return Err(ProbeError::NoFrames);
    }
    let duration = match (track.codec_params.time_base, sample_rate) {
        (Some(time_base), _) => {
            let time = time_base.calc_time(units);
            Duration::from_secs(time.seconds) + Duration::from_secs_f64(time.frac)
        }
        (None, rate) if rate > 0 => Duration::from_secs_f64(units as f64 / f64::from(rate)),
        _ => return Err(ProbeError::NoFrames),
    };
    Ok(Probe {
        format: format_name,
        duration,
        sample_rate,
        channels,
    })
}

fn describe_symphonia(error: &SymphoniaError) -> String {
    match error {
        SymphoniaError::IoError(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            "the file ends too early (cut short while copying?)".to_string()
        }
        SymphoniaError::IoError(error) => error.to_string(),
        SymphoniaError::DecodeError(what) => format!("damaged audio data ({what})"),
        SymphoniaError::SeekError(_) => "cannot seek in the file".to_string(),
        SymphoniaError::Unsupported(what) => format!("unsupported {what}"),
        SymphoniaError::LimitError(what) => format!("too large ({what})"),
        SymphoniaError::ResetRequired => "the stream changes format midway".to_string(),
    }
}

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// A duration as people say it: "9 min 12 s", "14 min", "45 s".
pub fn spoken_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64().round() as u64;
    let (minutes, seconds) = (seconds / 60, seconds % 60);
    match (minutes, seconds) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// Why a file's length does not suit a programme, or `None` when it does.
pub fn duration_problem(duration: Duration, bounds: DurationBounds) -> Option<String> {
    if let Some(min) = bounds.min {
        if duration < min {
            return Some(format!(
                "{}, shorter than the {} this programme needs",
                spoken_duration(duration),
                spoken_duration(min)
            ));
        }
    }
    if let Some(max) = bounds.max {
        if duration > max {
            return Some(format!(
                "{}, longer than the {} this programme allows",
                spoken_duration(duration),
                spoken_duration(max)
            ));
        }
    }
    None
}

/// Whether a file name carries the month as `YYYY-MM` (not as part of a longer number).
pub fn name_carries_month(name: &str, month: YearMonth) -> bool {
    let wanted = month.to_string();
    let bytes = name.as_bytes();
    name.match_indices(&wanted).any(|(start, _)| {
        let end = start + wanted.len();
        let digit_before = start > 0 && bytes[start - 1].is_ascii_digit();
        // "2026-12" must not match inside "2026-123"; "2026-12-07" is fine (a date).
        let digit_after = bytes.get(end).is_some_and(u8::is_ascii_digit);
        !digit_before && !digit_after
    })
}

/// What the log knows about past airings, as the pick rules need it.
pub trait AiredFiles {
    /// Whether a file with this content (SHA-256) has aired before.
    fn has_aired(&self, sha256: &str) -> bool;
}

/// Chooses the file for a programme's airing in `month` from the folder's files.
///
/// Files are probed and hashed here, on demand; a file that cannot be read or whose length
/// is out of bounds is passed over, and named in the reason when nothing else fits.
pub fn pick(
    programme: &Programme,
    month: YearMonth,
    files: &[AudioFile],
    aired: &dyn AiredFiles,
) -> Pick {
    let folder = &programme.folder_name;
    let mut candidates: Vec<&AudioFile> = match programme.pick {
        PickRule::Month => files
            .iter()
            .filter(|file| name_carries_month(&file.name, month))
            .collect(),
        PickRule::Newest | PickRule::Unaired => files.iter().collect(),
    };
    if candidates.is_empty() {
        return Pick::Nothing(match programme.pick {
            PickRule::Month => {
                format!("no file for {month} in {folder}/ (its name must contain {month})")
            }
            _ => format!("no audio file in {folder}/"),
        });
    }
    // Newest first for `month` and `newest`; oldest first for `unaired`.
    if programme.pick != PickRule::Unaired {
        candidates.reverse();
    }
    let mut passed_over: Vec<String> = Vec::new();
    for file in candidates {
        let probe = match probe(&file.path) {
            Ok(probe) => probe,
            Err(error) => {
                passed_over.push(format!("{}: {error}", file.name));
                continue;
            }
        };
        if let Some(problem) = duration_problem(probe.duration, programme.duration_bounds) {
            passed_over.push(format!("{}: {problem}", file.name));
            continue;
        }
        let sha256 = match sha256_file(&file.path) {
            Ok(sha256) => sha256,
            Err(error) => {
                passed_over.push(format!("{}: cannot read it ({error})", file.name));
                continue;
            }
        };
        if programme.pick == PickRule::Unaired && aired.has_aired(&sha256) {
            continue;
        }
        return Pick::Chosen(Chosen {
            file: file.clone(),
            probe,
            sha256,
        });
    }
    let what = match programme.pick {
        PickRule::Month => format!("no playable file for {month} in {folder}/"),
        PickRule::Newest => format!("no playable file in {folder}/"),
        PickRule::Unaired => format!("no file in {folder}/ that has not aired yet"),
    };
    if passed_over.is_empty() {
        Pick::Nothing(what)
    } else {
        Pick::Nothing(format!("{what} ({})", passed_over.join("; ")))
    }
}

impl fmt::Display for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}, {} Hz, {} ch",
            self.format,
            spoken_duration(self.duration),
            self.sample_rate,
            self.channels
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_hidden_and_foreign_names_are_not_candidates() {
        for name in ["2026-12 CCHC.MP3", "tin.flac", "bản tin.m4a", "x.Ogg"] {
            assert!(is_candidate_name(name), "{name}");
        }
        for name in [
            ".hidden.mp3",
            "~$lock.mp3",
            "a.mp3.part",
            "a.mp3.crdownload",
            "a.mp3.filepart",
            "a.mp3.partial",
            "a.tmp",
            "notes.txt",
            "mp3",
        ] {
            assert!(!is_candidate_name(name), "{name}");
        }
    }

    #[test]
    fn month_in_name_is_matched_as_a_whole() {
        let december = YearMonth {
            year: 2026,
            month: 12,
        };
        assert!(name_carries_month("2026-12 Chuyên mục CCHC.mp3", december));
        assert!(name_carries_month("CCHC_2026-12.mp3", december));
        assert!(name_carries_month("CCHC 2026-12-07.mp3", december));
        assert!(!name_carries_month("2026-11 CCHC.mp3", december));
        assert!(!name_carries_month("12026-12 CCHC.mp3", december));
        assert!(!name_carries_month("2026-123.mp3", december));
    }

    #[test]
    fn durations_are_spoken_plainly() {
        assert_eq!(spoken_duration(Duration::from_secs(552)), "9 min 12 s");
        assert_eq!(spoken_duration(Duration::from_secs(600)), "10 min");
        assert_eq!(spoken_duration(Duration::from_secs(45)), "45 s");
        let bounds = DurationBounds {
            min: Some(Duration::from_secs(600)),
            max: Some(Duration::from_secs(900)),
        };
        assert_eq!(
            duration_problem(Duration::from_secs(552), bounds).as_deref(),
            Some("9 min 12 s, shorter than the 10 min this programme needs")
        );
        assert_eq!(duration_problem(Duration::from_secs(700), bounds), None);
        assert!(duration_problem(Duration::from_secs(901), bounds)
            .is_some_and(|reason| reason.contains("longer than the 15 min")));
    }
}
