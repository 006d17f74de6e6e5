//! Lengths a file states for its own parts must fit in the file. The readers behind the
//! decoders reserve what a header says before reading it (a tag of "4 GB", a table of four
//! billion entries), and a reservation the machine cannot make ends the whole process, not
//! just the probe: so these lengths are checked here first, format by format.

use std::io::{BufReader, Read, Seek, SeekFrom};

use super::mp4::{self, read_at};
use super::Rejection;

/// Checks the parts of a file whose stated lengths the readers trust, by its first bytes.
pub fn check(file: &mut (impl Read + Seek), head: &[u8], length: u64) -> Result<(), Rejection> {
    if head.get(4..8) == Some(b"ftyp") {
        return mp4::check_sizes(file, length);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WAVE") {
        return wav_chunks(file, length);
    }
    if head.starts_with(b"fLaC") {
        return flac_blocks(file, length);
    }
    if head.starts_with(b"ID3") {
        return id3_frames(file, length);
    }
    if head.starts_with(b"OggS") {
        return ogg_headers(file);
    }
    Ok(())
}

fn damaged() -> Rejection {
    Rejection::Damaged
}

/// A part that runs past the end of the file: a copy cut short when it would have fitted
/// in a whole file, damage when it could not fit in any file this long.
fn past_end(stated: u64, length: u64) -> Rejection {
    if stated > length {
        Rejection::Damaged
    } else {
        Rejection::Truncated { announced: None }
    }
}

/// WAV: every chunk before the audio must be in the file (a LIST chunk's entries are read
/// whole). The audio chunk itself may run past the end: that is a copy cut short, which the
/// packet count measures.
fn wav_chunks(file: &mut (impl Read + Seek), length: u64) -> Result<(), Rejection> {
    let mut at: u64 = 12;
    while at + 8 <= length {
        let header = read_at::<8>(file, at).ok_or_else(damaged)?;
        if &header[..4] == b"data" {
            return Ok(());
        }
        let size = u64::from(u32::from_le_bytes([
            header[4], header[5], header[6], header[7],
        ]));
        let end = at + 8 + size + (size & 1);
        if end > length {
            return Err(past_end(size, length));
        }
        at = end;
    }
    Ok(())
}

/// The most metadata blocks of a FLAC file looked at.
const FLAC_BLOCK_LIMIT: usize = 1024;

/// FLAC: each metadata block in the file; in a picture or comment block, each length
/// inside the block.
fn flac_blocks(file: &mut (impl Read + Seek), length: u64) -> Result<(), Rejection> {
    let mut at: u64 = 4;
    for _ in 0..FLAC_BLOCK_LIMIT {
        let Some(header) = read_at::<4>(file, at) else {
            return Err(Rejection::Truncated { announced: None });
        };
        let size = u64::from(u32::from_be_bytes([0, header[1], header[2], header[3]]));
        let body = at + 4;
        if body + size > length {
            return Err(Rejection::Truncated { announced: None });
        }
        let kind = header[0] & 0x7F;
        if kind == 4 || kind == 6 {
            let mut block = vec![0u8; usize::try_from(size).map_err(|_| damaged())?];
            file.seek(SeekFrom::Start(body)).map_err(|_| damaged())?;
            file.read_exact(&mut block).map_err(|_| damaged())?;
            let fits = if kind == 4 {
                vorbis_comments_fit(&block)
            } else {
                picture_fits(&block)
            };
            if !fits {
                return Err(damaged());
            }
        }
        if header[0] & 0x80 != 0 {
            return Ok(());
        }
        at = body + size;
    }
    Ok(())
}

/// Reads a length at `at` and checks that many bytes follow it; gives where they end.
fn skip_counted(bytes: &[u8], at: usize, big_endian: bool) -> Option<usize> {
    let field: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    let count = if big_endian {
        u32::from_be_bytes(field)
    } else {
        u32::from_le_bytes(field)
    };
    let end = (at + 4).checked_add(usize::try_from(count).ok()?)?;
    (end <= bytes.len()).then_some(end)
}

/// A Vorbis comment list (little-endian lengths): vendor, count, then each comment.
fn vorbis_comments_fit(bytes: &[u8]) -> bool {
    let Some(mut at) = skip_counted(bytes, 0, false) else {
        return false;
    };
    let Some(count) = bytes
        .get(at..at + 4)
        .and_then(|field| field.try_into().ok())
        .map(u32::from_le_bytes)
    else {
        return false;
    };
    at += 4;
    for _ in 0..count {
        match skip_counted(bytes, at, false) {
            Some(next) => at = next,
            None => return false,
        }
    }
    true
}

/// A FLAC picture block (big-endian lengths): type, MIME type, description, four numbers,
/// then the picture.
fn picture_fits(bytes: &[u8]) -> bool {
    let fitted = skip_counted(bytes, 4, true)
        .and_then(|at| skip_counted(bytes, at, true))
        .and_then(|at| skip_counted(bytes, at + 16, true));
    fitted.is_some()
}

/// ID3v2 (the tag before an MP3's audio): every frame in the tag, each of a size that fits
/// in what is left of it. A frame id that is not letters and digits ends the frames, as it
/// does for the reader.
fn id3_frames(file: &mut (impl Read + Seek), length: u64) -> Result<(), Rejection> {
    let Some(header) = read_at::<10>(file, 0) else {
        return Err(Rejection::Truncated { announced: None });
    };
    let (version, flags) = (header[3], header[5]);
    let tag_size = syncsafe(&header[6..10]);
    let tag_end = 10 + tag_size;
    if tag_end > length {
        return Err(past_end(tag_size, length));
    }
    // Before version 4 an unsynchronised tag's frame sizes count the decoded bytes: the
    // frames cannot be walked on the bytes as stored.
    if flags & 0x80 != 0 && version < 4 {
        return Ok(());
    }
    let mut at: u64 = 10;
    if flags & 0x40 != 0 {
        let extended = read_at::<4>(file, at).ok_or_else(damaged)?;
        at += match version {
            3 => 4 + u64::from(u32::from_be_bytes(extended)),
            _ => syncsafe(&extended),
        };
    }
    let (id_length, header_length) = if version == 2 { (3, 6) } else { (4, 10) };
    while at + header_length <= tag_end {
        let frame = read_at::<10>(file, at).ok_or_else(damaged)?;
        if !frame[..id_length]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Ok(());
        }
        let size = match version {
            2 => u64::from(u32::from_be_bytes([0, frame[3], frame[4], frame[5]])),
            3 => u64::from(u32::from_be_bytes([frame[4], frame[5], frame[6], frame[7]])),
            _ => syncsafe(&frame[4..8]),
        };
        if size > tag_end - at - header_length {
            return Err(damaged());
        }
        at += header_length + size;
    }
    Ok(())
}

/// A 28-bit number stored 7 bits to a byte.
fn syncsafe(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(4)
        .fold(0, |value, byte| (value << 7) | u64::from(byte & 0x7F))
}

/// How far into an Ogg file its header packets are looked for.
const OGG_PAGE_LIMIT: usize = 64;
const OGG_PACKET_LIMIT: usize = 16 * 1024 * 1024;

/// Ogg: the first stream's header packets are put together from its pages; a comment
/// packet (Vorbis or Opus) must hold every comment it announces, and FLAC metadata carried
/// in Ogg likewise. A packet the file ends inside is never read whole, and not judged.
fn ogg_headers(file: &mut (impl Read + Seek)) -> Result<(), Rejection> {
    file.seek(SeekFrom::Start(0)).map_err(|_| damaged())?;
    let mut reader = BufReader::new(file);
    let mut serial = None;
    let mut mapping = Mapping::Other;
    let mut packet = Vec::new();
    let mut packets = 0;
    for _ in 0..OGG_PAGE_LIMIT {
        let mut header = [0u8; 27];
        if reader.read_exact(&mut header).is_err() || &header[..4] != b"OggS" {
            return Ok(());
        }
        let mut lacing = vec![0u8; usize::from(header[26])];
        let mut data = vec![0u8; lacing.len() * 255];
        if reader.read_exact(&mut lacing).is_err() {
            return Ok(());
        }
        let data_length: usize = lacing.iter().map(|&l| usize::from(l)).sum();
        data.truncate(data_length);
        if reader.read_exact(&mut data).is_err() {
            return Ok(());
        }
        let page_serial = [header[14], header[15], header[16], header[17]];
        if *serial.get_or_insert(page_serial) != page_serial {
            continue;
        }
        if packets == 0 && packet.is_empty() {
            mapping = Mapping::of(&data);
        }
        let mut at = 0;
        for &lace in &lacing {
            let lace = usize::from(lace);
            packet.extend_from_slice(&data[at..at + lace]);
            at += lace;
            if packet.len() > OGG_PACKET_LIMIT {
                return Ok(());
            }
            if lace < 255 {
                if !mapping.header_fits(&packet) {
                    return Err(damaged());
                }
                packet.clear();
                packets += 1;
                if packets >= 3 {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// What an Ogg stream carries, from its first packet.
#[derive(Clone, Copy)]
enum Mapping {
    Vorbis,
    Opus,
    Flac,
    Other,
}

impl Mapping {
    fn of(first: &[u8]) -> Mapping {
        if first.starts_with(b"\x01vorbis") {
            Mapping::Vorbis
        } else if first.starts_with(b"OpusHead") {
            Mapping::Opus
        } else if first.starts_with(b"\x7FFLAC") {
            Mapping::Flac
        } else {
            Mapping::Other
        }
    }

    fn header_fits(self, packet: &[u8]) -> bool {
        match self {
            Mapping::Vorbis => packet
                .strip_prefix(b"\x03vorbis")
                .is_none_or(vorbis_comments_fit),
            Mapping::Opus => packet
                .strip_prefix(b"OpusTags")
                .is_none_or(vorbis_comments_fit),
            // After its first packet, each header packet is a FLAC metadata block.
            Mapping::Flac => match (packet.first().map(|kind| kind & 0x7F), packet.get(4..)) {
                (Some(4), Some(block)) => vorbis_comments_fit(block),
                (Some(6), Some(block)) => picture_fits(block),
                _ => true,
            },
            Mapping::Other => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_longer_than_its_packet_is_damage() {
        let mut comments = Vec::new();
        comments.extend_from_slice(&6u32.to_le_bytes());
        comments.extend_from_slice(b"ffmpeg");
        comments.extend_from_slice(&1u32.to_le_bytes());
        comments.extend_from_slice(&5u32.to_le_bytes());
        comments.extend_from_slice(b"a=bcd");
        assert!(vorbis_comments_fit(&comments));
        let mut claimed = comments.clone();
        let at = claimed.len() - 9;
        claimed[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(!vorbis_comments_fit(&claimed));
        assert!(!vorbis_comments_fit(&comments[..comments.len() - 1]));
    }

    #[test]
    fn an_id3_frame_larger_than_its_tag_is_damage() {
        let mut tag = b"ID3\x03\x00\x00\x00\x00\x00\x20".to_vec();
        tag.extend_from_slice(b"TIT2\x00\x00\x00\x05\x00\x00\x00Tin1");
        tag.resize(10 + 32 + 100, 0);
        let check = |bytes: &[u8], length| id3_frames(&mut std::io::Cursor::new(bytes), length);
        assert_eq!(check(&tag, 4096), Ok(()));
        let mut huge = tag.clone();
        huge[14..18].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(check(&huge, 4096), Err(Rejection::Damaged));
        assert_eq!(
            check(&tag, 41),
            Err(Rejection::Truncated { announced: None })
        );
    }

    #[test]
    fn a_wav_chunk_before_the_audio_must_be_in_the_file() {
        let mut wav = b"RIFF\x00\x00\x00\x00WAVE".to_vec();
        wav.extend_from_slice(b"LIST\x04\x00\x00\x00INFO");
        wav.extend_from_slice(b"data\xFF\xFF\xFF\xFF\x00\x00");
        let length = wav.len() as u64;
        assert_eq!(wav_chunks(&mut std::io::Cursor::new(&wav), length), Ok(()));
        wav[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            wav_chunks(&mut std::io::Cursor::new(&wav), length),
            Err(Rejection::Damaged)
        );
    }
}
