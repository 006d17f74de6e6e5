//! What a file is: its container and codec, its exact length, and its SHA-256. Reads the
//! file and nothing else; the verdict comes back as a `Probe` or a `Rejection`.
//!
//! Files come from outside and may be anything: every read goes through `open_audio` (only
//! regular files), every probe runs under `guard::within` (a time limit, panics caught, the
//! decoders' own log records dropped), lengths the file states for its parts must fit in
//! it before a decoder reads them (`sizes`), and the decoder the player uses must make
//! sound of the file's start before the file is called ready.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::num::NonZero;
use std::path::Path;
use std::time::{Duration, Instant};

use rodio::conversions::{ChannelCountConverter, SampleRateConverter};
use rodio::{Decoder, Source};
use sha2::{Digest, Sha256};
use symphonia::core::codecs::{CodecParameters, DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::{FormatOptions, FormatReader, Track};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::guard::{self, Deadlined};
use super::open::{open_audio, OpenError};
use super::{sizes, sniff, HeaderFault, Probe, Rejection};

/// A header that announces more audio than the file holds by more than this is a file cut
/// short (a copy that stopped), not an encoder's rounding.
const TRUNCATION_TOLERANCE: Duration = Duration::from_millis(500);

/// No programme file is longer than a day: a longer length, counted or announced, is a
/// damaged header, and would upset the schedule's arithmetic if believed.
const LONGEST: Duration = Duration::from_secs(24 * 3600);

/// How much of the file's start the player's decoder must turn into sound, converted as
/// the player converts it (to 48 kHz stereo here). A few packets of any coding: enough to
/// start its decoder; more only costs time (1 s made a first scan three times slower).
const START_CHECKED: Duration = Duration::from_millis(200);
const START_RATE: u32 = 48_000;
const START_CHANNELS: u16 = 2;

/// The first bytes read to recognise a file (a WAV file's `fmt ` chunk may follow a few
/// kilobytes of broadcast metadata).
const HEAD_BYTES: usize = 64 * 1024;

/// Reads the file's container and counts its audio exactly: every packet is visited, since
/// the length an mp3 header claims can be off by a quarter. Bounded in time (see
/// `guard::time_limit`), and never panics whatever the file holds.
pub fn probe(path: &Path) -> Result<Probe, Rejection> {
    let length = std::fs::metadata(path)
        .map_err(|error| Rejection::from(OpenError::Io(error)))?
        .len();
    probe_within(path, guard::time_limit(length))
}

/// `probe` with a given time limit.
pub fn probe_within(path: &Path, limit: Duration) -> Result<Probe, Rejection> {
    let owned = path.to_path_buf();
    guard::within(limit, move |deadline| probe_until(&owned, deadline)).map_err(|rejection| {
        tracing::debug!(file = %path.display(), ?rejection, "the probe refused the file");
        match rejection {
            Rejection::TooSlow { .. } => Rejection::TooSlow {
                limit_s: limit.as_secs(),
            },
            other => other,
        }
    })
}

/// The probe's time is up; `probe_within` fills in the limit.
fn time_up() -> Rejection {
    Rejection::TooSlow { limit_s: 0 }
}

fn unreadable(error: io::Error) -> Rejection {
    Rejection::from(OpenError::Io(error))
}

fn probe_until(path: &Path, deadline: Instant) -> Result<Probe, Rejection> {
    let mut file = open_audio(path)?;
    let length = file.metadata().map_err(unreadable)?.len();
    if length == 0 {
        return Err(Rejection::Empty);
    }
    let head = read_head(&mut file).map_err(unreadable)?;
    if let Some(rejection) = sniff::before_decoding(&head) {
        return Err(rejection);
    }
    sizes::check(&mut file, &head, length)?;
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let source = Deadlined::new(file, deadline, length);
    let stream = MediaSourceStream::new(Box::new(source), Default::default());
    let probed = symphonia::default::get_probe()
        .format(
            &hint(path),
            stream,
            // Gapless, as the player decodes: the encoder's padding is not part of the length.
            &FormatOptions {
                enable_gapless: true,
                ..FormatOptions::default()
            },
            &MetadataOptions::default(),
        )
        .map_err(|error| not_recognised(path, &head, &error))?;
    let mut format = probed.format;
    let track = playable_track(path, &head, format.as_ref())?;
    let params = &track.codec_params;
    let stated_channels = params.channels.map(|channels| channels.count() as u64);
    if let Some(fault) = sniff::header_fault(params.sample_rate.map(u64::from), stated_channels) {
        return Err(Rejection::BadHeader(fault));
    }
    let (decoded_rate, decoded_channels) = player_makes_sound(path, length, deadline)?;
    let (units, cut_short) = count_units(format.as_mut(), track.id, deadline)?;
    if units == 0 {
        return Err(Rejection::NoSound);
    }
    let duration = duration_of(params, units).ok_or(Rejection::NoSound)?;
    if duration > LONGEST {
        return Err(Rejection::BadHeader(HeaderFault::Length(millis(duration))));
    }
    let announced = params
        .n_frames
        .filter(|_| !sniff::length_unstated(&head))
        .and_then(|frames| duration_of(params, frames));
    if let Some(announced) = announced {
        if announced > LONGEST {
            return Err(Rejection::BadHeader(HeaderFault::Length(millis(announced))));
        }
        if announced > duration.saturating_add(TRUNCATION_TOLERANCE) {
            return Err(Rejection::Truncated {
                announced: Some((millis(duration), millis(announced))),
            });
        }
    }
    if cut_short {
        return Err(Rejection::Truncated { announced: None });
    }
    let registry = symphonia::default::get_codecs();
    Ok(Probe {
        format: registry
            .get_codec(params.codec)
            .map_or_else(|| "audio".to_string(), |d| d.short_name.to_string()),
        duration,
        // What the container states, or else what the decoder found.
        sample_rate: params.sample_rate.unwrap_or(decoded_rate),
        channels: stated_channels
            .and_then(|count| u16::try_from(count).ok())
            .unwrap_or(decoded_channels),
    })
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn hint(path: &Path) -> Hint {
    let mut hint = Hint::new();
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(&extension.to_lowercase());
    }
    hint
}

/// Why no reader took the file: time up, a copy cut short inside its header, a coding
/// the header names, or not audio at all.
fn not_recognised(path: &Path, head: &[u8], error: &SymphoniaError) -> Rejection {
    if let SymphoniaError::IoError(io) = error {
        if guard::is_timeout(io) {
            return time_up();
        }
        if io.kind() == io::ErrorKind::UnexpectedEof && sniff::starts_like_audio(head) {
            return Rejection::Truncated { announced: None };
        }
    }
    unsupported_or_not_audio(path, head)
}

/// A coding the header names that wardcast cannot play; else a file that starts as audio
/// and could not be read is damaged, and anything else is not audio.
fn unsupported_or_not_audio(path: &Path, head: &[u8]) -> Rejection {
    let named = open_audio(path)
        .ok()
        .and_then(|mut file| sniff::coding_name(head, &mut file));
    match named {
        Some(name) => Rejection::UnsupportedCodec(name),
        None if sniff::starts_like_audio(head) => Rejection::Damaged,
        None => Rejection::NotAudio { looks_like: None },
    }
}

/// The first track with a codec wardcast can decode.
fn playable_track(path: &Path, head: &[u8], format: &dyn FormatReader) -> Result<Track, Rejection> {
    let Some(track) = format
        .tracks()
        .iter()
        .find(|track| track.codec_params.codec != CODEC_TYPE_NULL)
    else {
        // A container whose track the reader could not map (AC-3 in MP4, Speex in Ogg).
        return Err(unsupported_or_not_audio(path, head));
    };
    let registry = symphonia::default::get_codecs();
    let codec = track.codec_params.codec;
    registry
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|_| match registry.get_codec(codec) {
            // A coding wardcast plays, whose settings the decoder refused.
            Some(_) => Rejection::Damaged,
            None => Rejection::UnsupportedCodec(sniff::codec_name(codec)),
        })?;
    Ok(track.clone())
}

/// Visits every packet of the track and adds up its length in time-base units. Also says
/// whether the packets stopped early on an error.
fn count_units(
    format: &mut dyn FormatReader,
    track: u32,
    deadline: Instant,
) -> Result<(u64, bool), Rejection> {
    let mut units: u64 = 0;
    loop {
        if Instant::now() >= deadline {
            return Err(time_up());
        }
        match format.next_packet() {
            Ok(packet) if packet.track_id() == track => {
                let trim = u64::from(packet.trim_start) + u64::from(packet.trim_end);
                units = units.saturating_add(packet.dur.saturating_sub(trim));
            }
            Ok(_) => {}
            Err(SymphoniaError::IoError(error)) if guard::is_timeout(&error) => {
                return Err(time_up())
            }
            Err(SymphoniaError::IoError(error)) if error.kind() == io::ErrorKind::UnexpectedEof => {
                return Ok((units, false))
            }
            Err(SymphoniaError::ResetRequired) => return Ok((units, false)),
            Err(_) => return Ok((units, true)),
        }
    }
}

/// `units` of the track's time base (or samples, without one) as a duration; None when
/// neither is known or the result is beyond any duration.
fn duration_of(params: &CodecParameters, units: u64) -> Option<Duration> {
    match (params.time_base, params.sample_rate) {
        (Some(time_base), _) if time_base.numer > 0 && time_base.denom > 0 => {
            // seconds = units × numer / denom, in 128 bits so no header value overflows it.
            let scaled = u128::from(units) * u128::from(time_base.numer);
            let denom = u128::from(time_base.denom);
            let seconds = u64::try_from(scaled / denom).ok()?;
            let nanos = (scaled % denom) * 1_000_000_000 / denom;
            Some(Duration::new(seconds, u32::try_from(nanos).ok()?))
        }
        (_, Some(rate)) if rate > 0 => {
            Duration::try_from_secs_f64(units as f64 / f64::from(rate)).ok()
        }
        _ => None,
    }
}

/// Decodes the file's start as the player will (rodio's decoder, converted to the
/// device's rate and channels), so a file the player cannot start is refused now. Gives
/// the sample rate and channel count the decoder found.
fn player_makes_sound(
    path: &Path,
    length: u64,
    deadline: Instant,
) -> Result<(u32, u16), Rejection> {
    let file = open_audio(path)?;
    let reader = BufReader::new(Deadlined::new(file, deadline, length));
    let mut builder = Decoder::builder()
        .with_data(reader)
        .with_byte_len(length)
        .with_seekable(true);
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        builder = builder.with_hint(&extension.to_lowercase());
    }
    let decoder = builder.build().map_err(|_| {
        if Instant::now() >= deadline {
            time_up()
        } else {
            Rejection::Damaged
        }
    })?;
    let (from_channels, from_rate) = (decoder.channels(), decoder.sample_rate());
    if let Some(fault) = sniff::header_fault(
        Some(u64::from(from_rate.get())),
        Some(u64::from(from_channels.get())),
    ) {
        return Err(Rejection::BadHeader(fault));
    }
    let (Some(to_rate), Some(to_channels)) =
        (NonZero::new(START_RATE), NonZero::new(START_CHANNELS))
    else {
        return Err(Rejection::Damaged);
    };
    let converted = ChannelCountConverter::new(
        SampleRateConverter::new(decoder, from_rate, to_rate, from_channels),
        from_channels,
        to_channels,
    );
    let wanted = START_CHECKED.as_millis() as usize * START_RATE as usize / 1000
        * usize::from(START_CHANNELS);
    let decoded = converted.take(wanted).count();
    if Instant::now() >= deadline {
        return Err(time_up());
    }
    if decoded == 0 {
        return Err(Rejection::Damaged);
    }
    Ok((from_rate.get(), from_channels.get()))
}

fn read_head(file: &mut File) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    file.by_ref()
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The name ending the file at `path` should have for what it holds, as `probe` found it
/// (see `sniff::extension`). None when it cannot be read or is not audio the library plays.
pub fn extension_of(path: &Path, probe: &Probe) -> Option<&'static str> {
    let mut file = open_audio(path).ok()?;
    let head = read_head(&mut file).ok()?;
    sniff::extension(&head, &probe.format)
}

/// The SHA-256 of a file's bytes, as 64 lowercase hex digits. Opens only regular files.
pub fn sha256_file(path: &Path) -> Result<String, OpenError> {
    let mut file = open_audio(path)?;
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
