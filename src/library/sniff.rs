//! What a file's own bytes say, apart from the decoders: files that are not audio, audio
//! in a coding wardcast does not play (named in words, never as a number), and headers
//! whose sample rate or channel count no recording has, which some decoders cannot take.

use std::io::{Read, Seek};

use symphonia::core::codecs::{self as codecs, CodecType};

use super::{HeaderFault, Rejection};

/// The lowest and highest sample rates a recording can have: below telephone quality is
/// not speech, above 768 kHz no recorder goes.
pub const SAMPLE_RATES: std::ops::RangeInclusive<u64> = 1_000..=768_000;

/// The most sound channels a programme file can have (7.1 is 8; room for a 16-track mix).
pub const MAX_CHANNELS: u64 = 32;

/// Checks that can be made before any decoder reads the file: something that is not audio,
/// a container wardcast has no reader for, a header value no recording has.
pub fn before_decoding(head: &[u8]) -> Option<Rejection> {
    if let Some(kind) = known_non_audio(&head[..head.len().min(512)]) {
        return Some(Rejection::NotAudio {
            looks_like: Some(kind.to_string()),
        });
    }
    if let Some(name) = unsupported_container(head) {
        return Some(Rejection::UnsupportedCodec(name.to_string()));
    }
    let (rate, channels) = if let Some(wav) = wav_format(head) {
        (u64::from(wav.rate), u64::from(wav.channels))
    } else {
        flac_stream_info(head).or_else(|| vorbis_id(head))?
    };
    header_fault(Some(rate), Some(channels)).map(Rejection::BadHeader)
}

/// A sample rate or channel count no recording has, when stated.
pub fn header_fault(rate: Option<u64>, channels: Option<u64>) -> Option<HeaderFault> {
    if let Some(rate) = rate.filter(|rate| !SAMPLE_RATES.contains(rate)) {
        return Some(HeaderFault::SampleRate(rate));
    }
    channels
        .filter(|&count| count == 0 || count > MAX_CHANNELS)
        .map(HeaderFault::Channels)
}

/// Whether the file starts as an audio file does, so that running out of bytes while
/// reading its header means a copy cut short rather than some other file.
pub fn starts_like_audio(head: &[u8]) -> bool {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    let frame_sync = head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0;
    wav_format(head).is_some()
        || at(0, b"ID3")
        || at(0, b"fLaC")
        || at(0, b"OggS")
        || at(4, b"ftyp")
        || frame_sync
}

/// The name ending a file of this content should have, from its first bytes and the codec
/// the probe found (`Probe::format`): a file fetched or renamed by wardcast is named for
/// what it holds, not for what its source called it. None for content the library does not
/// play.
pub fn extension(head: &[u8], format: &str) -> Option<&'static str> {
    if wav_format(head).is_some() {
        return Some("wav");
    }
    if head.starts_with(b"fLaC") {
        return Some("flac");
    }
    if head.starts_with(b"OggS") {
        return Some("ogg");
    }
    if head.get(4..8) == Some(b"ftyp") {
        return Some("m4a");
    }
    // No container left: the frames themselves, after any ID3 tag.
    match format {
        "mp3" => Some("mp3"),
        "aac" => Some("aac"),
        _ => None,
    }
}

/// Names the coding of a file the decoders gave up on, from its header, when that coding
/// is one wardcast cannot play. None for a coding it plays (the file is damaged then) or a
/// header that names none.
pub fn coding_name(head: &[u8], file: &mut (impl Read + Seek)) -> Option<String> {
    if let Some(wav) = wav_format(head) {
        return wav_coding_name(&wav);
    }
    if head.starts_with(b"OggS") {
        return ogg_coding_name(head).map(str::to_string);
    }
    if head.get(4..8) == Some(b"ftyp") {
        let fourcc = super::mp4::sound_entry(file)?;
        return mp4_coding_name(&fourcc).map(str::to_string);
    }
    // An AC-3 stream has no container, only its sync word.
    head.starts_with(&[0x0B, 0x77])
        .then(|| "AC-3 (Dolby Digital)".to_string())
}

/// A codec the decoders know by number but cannot play, in words.
pub fn codec_name(codec: CodecType) -> String {
    let name = match codec {
        codecs::CODEC_TYPE_OPUS => "Opus",
        codecs::CODEC_TYPE_SPEEX => "Speex",
        codecs::CODEC_TYPE_ALAC => "ALAC (Apple Lossless)",
        codecs::CODEC_TYPE_WMA => "WMA (Windows Media Audio)",
        codecs::CODEC_TYPE_EAC3 => "E-AC-3 (Dolby Digital Plus)",
        codecs::CODEC_TYPE_AC4 => "AC-4 (Dolby)",
        codecs::CODEC_TYPE_DCA => "DTS",
        codecs::CODEC_TYPE_ATRAC1
        | codecs::CODEC_TYPE_ATRAC3
        | codecs::CODEC_TYPE_ATRAC3PLUS
        | codecs::CODEC_TYPE_ATRAC9 => "ATRAC (Sony MiniDisc)",
        codecs::CODEC_TYPE_MUSEPACK => "Musepack",
        codecs::CODEC_TYPE_WAVPACK => "WavPack",
        codecs::CODEC_TYPE_MONKEYS_AUDIO => "Monkey's Audio (APE)",
        codecs::CODEC_TYPE_TTA => "TTA (True Audio)",
        codecs::CODEC_TYPE_MP1 => "MPEG Layer I (MP1)",
        codecs::CODEC_TYPE_MP2 => "MPEG Layer II (MP2)",
        codecs::CODEC_TYPE_ADPCM_G722 | codecs::CODEC_TYPE_ADPCM_G726 => "ADPCM (telephone)",
        codecs::CODEC_TYPE_ADPCM_G726LE | codecs::CODEC_TYPE_ADPCM_IMA_QT => "ADPCM",
        _ => UNKNOWN_CODING,
    };
    name.to_string()
}

/// What an unnamed coding is called.
const UNKNOWN_CODING: &str = "an unusual coding";

/// Names common files that are not audio, from their first bytes, so the officer is told
/// "this is a JPEG picture" rather than "unreadable".
pub fn known_non_audio(head: &[u8]) -> Option<&'static str> {
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
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"AVI ") {
        return Some("video");
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

/// Audio containers wardcast has no reader for, from their signatures.
fn unsupported_container(head: &[u8]) -> Option<&'static str> {
    const ASF: &[u8] = b"\x30\x26\xB2\x75\x8E\x66\xCF\x11\xA6\xD9\x00\xAA\x00\x62\xCE\x6C";
    const SIGNATURES: &[(&[u8], &str)] = &[
        (ASF, "WMA (Windows Media Audio)"),
        (b"\x1A\x45\xDF\xA3", "Matroska/WebM (MKA, WEBM)"),
        (b"#!AMR", "AMR (phone recording)"),
        (b"MAC ", "Monkey's Audio (APE)"),
        (b"wvpk", "WavPack"),
        (b"MThd", "MIDI (notes, not recorded sound)"),
        (b".snd", "Sun/NeXT audio (AU)"),
        (b".RMF", "RealAudio"),
    ];
    if head.starts_with(b"FORM") && matches!(head.get(8..12), Some(b"AIFF" | b"AIFC")) {
        return Some("AIFF");
    }
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, name)| *name)
}

/// What a WAV file's `fmt ` chunk states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WavFormat {
    /// The format tag, with WAVE_FORMAT_EXTENSIBLE resolved to its sub-format.
    tag: u16,
    channels: u16,
    rate: u32,
    bits: u16,
}

/// The body of the first chunk named `wanted` in a RIFF WAVE file's first bytes (at most
/// `longest` bytes of it) and the size the chunk states, walking the chunks before it.
fn wav_chunk<'a>(head: &'a [u8], wanted: &[u8; 4], longest: usize) -> Option<(&'a [u8], u32)> {
    let riff = head.starts_with(b"RIFF") || head.starts_with(b"RF64");
    if !riff || head.get(8..12) != Some(b"WAVE") {
        return None;
    }
    let mut at = 12usize;
    loop {
        let id = head.get(at..at.checked_add(4)?)?;
        let stated = u32::from_le_bytes(head.get(at + 4..at + 8)?.try_into().ok()?);
        let size = usize::try_from(stated).ok()?;
        let body_start = at.checked_add(8)?;
        if id == wanted {
            let body_end = body_start.checked_add(size.min(longest))?.min(head.len());
            return Some((head.get(body_start..body_end)?, stated));
        }
        // Chunks are padded to an even length.
        at = body_start.checked_add(size)?.checked_add(size & 1)?;
    }
}

/// Reads the `fmt ` chunk of a RIFF WAVE file from its first bytes. None when the head
/// holds no whole `fmt ` chunk.
fn wav_format(head: &[u8]) -> Option<WavFormat> {
    let u16_at =
        |body: &[u8], at: usize| Some(u16::from_le_bytes(body.get(at..at + 2)?.try_into().ok()?));
    let (body, _) = wav_chunk(head, b"fmt ", 26)?;
    let mut tag = u16_at(body, 0)?;
    // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
    if tag == 0xFFFE {
        tag = u16_at(body, 24).unwrap_or(tag);
    }
    Some(WavFormat {
        tag,
        channels: u16_at(body, 2)?,
        rate: u32::from_le_bytes(body.get(4..8)?.try_into().ok()?),
        bits: u16_at(body, 14)?,
    })
}

/// Whether the file's header leaves its length unstated: a WAV written to a pipe gives its
/// audio chunk the largest size there is, meaning "until the end of the file".
pub fn length_unstated(head: &[u8]) -> bool {
    wav_chunk(head, b"data", 0).is_some_and(|(_, size)| size == u32::MAX)
}

fn wav_coding_name(wav: &WavFormat) -> Option<String> {
    let name = match (wav.tag, wav.bits) {
        // What the WAV reader plays: integer PCM of 8 to 32 bits, floating point of 32 or
        // 64, A-law, µ-law, Microsoft and IMA ADPCM.
        (0x0001, 8 | 16 | 24 | 32) | (0x0003, 32 | 64) | (0x0006 | 0x0007 | 0x0002 | 0x0011, _) => {
            return None
        }
        (0x0001, bits @ 8..=64) => return Some(format!("PCM with {bits}-bit samples")),
        (0x0003, bits @ 16..=64) => {
            return Some(format!("floating-point PCM with {bits}-bit samples"))
        }
        // A sample size no recording has: damage, not a coding.
        (0x0001 | 0x0003, _) => return None,
        (0x0010 | 0x0036 | 0x0200, _) => "ADPCM",
        (0x0040 | 0x0064 | 0x0065, _) => "ADPCM (telephone)",
        (0x0031, _) => "GSM 6.10",
        (0x0022, _) => "DSP TrueSpeech",
        (0x0050, _) => "MPEG audio (MP2) inside a WAV file",
        (0x0055, _) => "MP3 inside a WAV file",
        (0x00FF | 0x1600 | 0x1610, _) => "AAC inside a WAV file",
        (0x0160..=0x0163, _) => "WMA (Windows Media Audio)",
        (0x0092 | 0x2000, _) => "AC-3 (Dolby Digital)",
        (0x2001, _) => "DTS",
        _ => UNKNOWN_CODING,
    };
    Some(name.to_string())
}

/// The sample rate and channel count in a FLAC file's STREAMINFO block.
fn flac_stream_info(head: &[u8]) -> Option<(u64, u64)> {
    if !head.starts_with(b"fLaC") || head.get(4)? & 0x7F != 0 {
        return None;
    }
    // STREAMINFO starts at byte 8; the rate is the 20 bits from its byte 10, then three
    // bits of channel count less one.
    let info = head.get(8..8 + 18)?;
    let rate = (u64::from(info[10]) << 12) | (u64::from(info[11]) << 4) | u64::from(info[12] >> 4);
    let channels = u64::from((info[12] >> 1) & 0x07) + 1;
    Some((rate, channels))
}

/// The first packet of the first Ogg page.
fn ogg_first_packet(head: &[u8]) -> Option<&[u8]> {
    if !head.starts_with(b"OggS") {
        return None;
    }
    let segments = usize::from(*head.get(26)?);
    head.get(27 + segments..)
}

/// The sample rate and channel count in an Ogg Vorbis identification header.
fn vorbis_id(head: &[u8]) -> Option<(u64, u64)> {
    let packet = ogg_first_packet(head)?;
    if !packet.starts_with(b"\x01vorbis") {
        return None;
    }
    let channels = u64::from(*packet.get(11)?);
    let rate = u32::from_le_bytes(packet.get(12..16)?.try_into().ok()?);
    Some((u64::from(rate), channels))
}

fn ogg_coding_name(head: &[u8]) -> Option<&'static str> {
    let packet = ogg_first_packet(head)?;
    // Vorbis and FLAC in Ogg play: a file of theirs the reader refused is damaged.
    const CODINGS: &[(&[u8], &str)] = &[
        (b"OpusHead", "Opus"),
        (b"Speex   ", "Speex"),
        (b"\x80theora", "Theora video"),
    ];
    CODINGS
        .iter()
        .find(|(magic, _)| packet.starts_with(magic))
        .map(|(_, name)| *name)
}

fn mp4_coding_name(fourcc: &[u8; 4]) -> Option<&'static str> {
    let name = match fourcc {
        b"ac-3" => "AC-3 (Dolby Digital)",
        b"ec-3" => "E-AC-3 (Dolby Digital Plus)",
        b"ac-4" => "AC-4 (Dolby)",
        b"Opus" => "Opus",
        b"alac" => "ALAC (Apple Lossless)",
        b"samr" => "AMR (phone recording)",
        b"sawb" => "AMR-WB (phone recording)",
        b"dtsc" | b"dtsh" | b"dtsl" | b"dtse" => "DTS",
        b"ima4" => "ADPCM",
        b"spex" => "Speex",
        // AAC, FLAC, MP3 and PCM in MP4 play: a file of theirs the reader refused is
        // damaged.
        b"mp4a" | b"fLaC" | b".mp3" | b"lpcm" | b"sowt" | b"twos" | b"raw " | b"in24" | b"in32"
        | b"fl32" | b"fl64" | b"ulaw" | b"alaw" => return None,
        _ => UNKNOWN_CODING,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav_header(tag: u16, channels: u16, rate: u32) -> Vec<u8> {
        let mut head = b"RIFF\x24\x08\x00\x00WAVE".to_vec();
        // A chunk before fmt, of odd length, as broadcast WAV files have.
        head.extend_from_slice(b"JUNK\x03\x00\x00\x00abc\x00");
        head.extend_from_slice(b"fmt \x10\x00\x00\x00");
        head.extend_from_slice(&tag.to_le_bytes());
        head.extend_from_slice(&channels.to_le_bytes());
        head.extend_from_slice(&rate.to_le_bytes());
        head.extend_from_slice(&rate.wrapping_mul(2).to_le_bytes());
        head.extend_from_slice(&2u16.to_le_bytes());
        head.extend_from_slice(&16u16.to_le_bytes());
        head.extend_from_slice(b"data\x00\x08\x00\x00");
        head
    }

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

    #[test]
    fn wav_headers_with_no_rate_or_no_channels_are_refused_before_decoding() {
        assert_eq!(before_decoding(&wav_header(1, 1, 22_050)), None);
        assert_eq!(
            before_decoding(&wav_header(1, 1, 0)),
            Some(Rejection::BadHeader(HeaderFault::SampleRate(0)))
        );
        assert_eq!(
            before_decoding(&wav_header(1, 0, 22_050)),
            Some(Rejection::BadHeader(HeaderFault::Channels(0)))
        );
        assert_eq!(
            before_decoding(&wav_header(1, 0xFFFF, 22_050)),
            Some(Rejection::BadHeader(HeaderFault::Channels(65_535)))
        );
        assert_eq!(
            before_decoding(&wav_header(1, 2, u32::MAX)),
            Some(Rejection::BadHeader(HeaderFault::SampleRate(4_294_967_295)))
        );
    }

    #[test]
    fn wav_codings_are_named_in_words() {
        let name = |tag| {
            coding_name(
                &wav_header(tag, 2, 48_000),
                &mut std::io::Cursor::new(Vec::new()),
            )
        };
        assert_eq!(name(0x2000).as_deref(), Some("AC-3 (Dolby Digital)"));
        assert_eq!(name(0x0055).as_deref(), Some("MP3 inside a WAV file"));
        assert_eq!(name(0x0161).as_deref(), Some("WMA (Windows Media Audio)"));
        assert_eq!(name(0x0064).as_deref(), Some("ADPCM (telephone)"));
        assert_eq!(name(0x7777).as_deref(), Some("an unusual coding"));
        // Codings wardcast plays are never given as the reason: such a file is damaged.
        assert_eq!(name(0x0001), None);
        assert_eq!(name(0x0011), None);
        assert_eq!(
            codec_name(codecs::CODEC_TYPE_OPUS),
            "Opus",
            "a codec id is never shown as a number"
        );
        assert!(!codec_name(codecs::decl_codec_type(b"zzzz")).contains("0x"));
    }

    #[test]
    fn a_file_is_named_for_its_container_then_its_frames() {
        assert_eq!(
            extension(&wav_header(1, 1, 8_000), "pcm_s16le"),
            Some("wav")
        );
        assert_eq!(extension(b"fLaC\x00\x00\x00\x22", "flac"), Some("flac"));
        assert_eq!(extension(b"OggS\x00\x02", "vorbis"), Some("ogg"));
        assert_eq!(extension(b"\x00\x00\x00\x20ftypM4A ", "aac"), Some("m4a"));
        assert_eq!(extension(b"ID3\x04\x00", "mp3"), Some("mp3"));
        assert_eq!(extension(b"\xFF\xF1\x50\x80", "aac"), Some("aac"));
        assert_eq!(extension(b"ID3\x04\x00", "opus"), None);
    }

    #[test]
    fn a_wav_written_to_a_pipe_states_no_length() {
        let mut head = wav_header(1, 1, 22_050);
        assert!(!length_unstated(&head));
        let data = head.len() - 4;
        head[data..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(length_unstated(&head));
    }

    #[test]
    fn a_wav_chunk_size_that_points_past_the_head_is_not_followed() {
        let mut head = b"RIFF\x24\x08\x00\x00WAVE".to_vec();
        head.extend_from_slice(b"JUNK\xFF\xFF\xFF\xFF");
        assert_eq!(wav_format(&head), None);
        assert_eq!(before_decoding(&head), None);
    }
}
