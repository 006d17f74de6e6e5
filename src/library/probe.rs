//! What a file is: its container and codec, its exact length, and its SHA-256. Reads the
//! file and nothing else; the verdict comes back as a `Probe` or a `Rejection`.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::{Probe, Rejection};

/// A header that announces more audio than the file holds by more than this is a file cut
/// short (a copy that stopped), not an encoder's rounding.
const TRUNCATION_TOLERANCE: Duration = Duration::from_millis(500);

/// Reads the file's container and counts its audio exactly: every packet is visited, since
/// the length an mp3 header claims can be off by a quarter.
pub fn probe(path: &Path) -> Result<Probe, Rejection> {
    let mut file = File::open(path).map_err(|error| Rejection::Unreadable(error.to_string()))?;
    let length = file
        .metadata()
        .map_err(|error| Rejection::Unreadable(error.to_string()))?
        .len();
    if length == 0 {
        return Err(Rejection::Empty);
    }
    let mut head = [0u8; 512];
    let head_length = read_head(&mut file, &mut head)
        .map_err(|error| Rejection::Unreadable(error.to_string()))?;
    if let Some(kind) = known_non_audio(&head[..head_length]) {
        return Err(Rejection::NotAudio {
            looks_like: Some(kind.to_string()),
        });
    }
    let file = File::open(path).map_err(|error| Rejection::Unreadable(error.to_string()))?;
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
        .map_err(|error| match error {
            SymphoniaError::IoError(ref io) if io.kind() == io::ErrorKind::UnexpectedEof => {
                Rejection::Truncated { announced: None }
            }
            _ => Rejection::NotAudio { looks_like: None },
        })?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|track| track.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or(Rejection::NotAudio { looks_like: None })?
        .clone();
    let registry = symphonia::default::get_codecs();
    registry
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|_| Rejection::UnsupportedCodec(codec_label(&track.codec_params)))?;
    let format_name = registry
        .get_codec(track.codec_params.codec)
        .map_or_else(|| "audio".to_string(), |d| d.short_name.to_string());
    let sample_rate = track.codec_params.sample_rate.unwrap_or(0);
    let channels = track
        .codec_params
        .channels
        .map_or(0, |channels| channels.count() as u16);

    let mut units: u64 = 0;
    let mut cut_short = false;
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
            Err(_) => {
                cut_short = true;
                break;
            }
        }
    }
    if units == 0 {
        return Err(Rejection::NoSound);
    }
    let to_duration = |units: u64| match (track.codec_params.time_base, sample_rate) {
        (Some(time_base), _) => {
            let time = time_base.calc_time(units);
            Some(Duration::from_secs(time.seconds) + Duration::from_secs_f64(time.frac))
        }
        (None, rate) if rate > 0 => Some(Duration::from_secs_f64(units as f64 / f64::from(rate))),
        _ => None,
    };
    let duration = to_duration(units).ok_or(Rejection::NoSound)?;
    let announced = track.codec_params.n_frames.and_then(to_duration);
    if let Some(announced) = announced {
        if announced > duration + TRUNCATION_TOLERANCE {
            return Err(Rejection::Truncated {
                announced: Some((duration.as_millis() as u64, announced.as_millis() as u64)),
            });
        }
    }
    if cut_short {
        return Err(Rejection::Truncated { announced: None });
    }
    Ok(Probe {
        format: format_name,
        duration,
        sample_rate,
        channels,
    })
}

fn read_head(file: &mut File, head: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < head.len() {
        let read = file.read(&mut head[filled..])?;
        if read == 0 {
            break;
        }
        filled += read;
    }
    Ok(filled)
}

/// Names common files that are not audio, from their first bytes, so the officer is told
/// "this is a JPEG picture" rather than "unreadable".
fn known_non_audio(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\xD0\xCF\x11\xE0", "Office document"),
        (b"MZ", "Windows program"),
        (b"\x7FELF", "program"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(kind);
    }
    let printable = |text: &str| {
        text.chars()
            .all(|c| !c.is_control() || c == '\n' || c == '\r' || c == '\t')
    };
    let looks_textual = !head.is_empty()
        && match std::str::from_utf8(head) {
            Ok(text) => printable(text),
            // The head may end inside a multi-byte character: judge what comes before it.
            Err(error) if error.error_len().is_none() && error.valid_up_to() > 0 => {
                std::str::from_utf8(&head[..error.valid_up_to()]).is_ok_and(printable)
            }
            Err(_) => false,
        };
    // An mp3 starting with an ID3 tag is printable for three bytes only.
    if looks_textual && !head.starts_with(b"ID3") {
        return Some("text file");
    }
    None
}

fn codec_label(params: &symphonia::core::codecs::CodecParameters) -> String {
    symphonia::default::get_codecs()
        .get_codec(params.codec)
        .map_or_else(|| format!("{}", params.codec), |d| d.long_name.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_non_audio_files_are_named() {
        assert_eq!(known_non_audio(b"\x89PNG\r\n\x1a\n...."), Some("PNG image"));
        assert_eq!(
            known_non_audio(b"\xFF\xD8\xFF\xE0..JFIF"),
            Some("JPEG image")
        );
        assert_eq!(
            known_non_audio("Biên bản họp ngày 12/11\nNội dung".as_bytes()),
            Some("text file")
        );
        assert_eq!(known_non_audio(b"ID3\x04\x00\x00\x00\x00\x00\x00"), None);
        assert_eq!(known_non_audio(b"\xFF\xFB\x90\x00"), None);
        assert_eq!(known_non_audio(b"RIFF\x24\x08\x00\x00WAVEfmt "), None);
    }
}
