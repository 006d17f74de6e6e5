//! The box structure of MP4/M4A files, read apart from the decoders: which coding the sound
//! track uses, and whether the sizes and counts the boxes state fit in the file. The MP4
//! reader reserves memory for a table from its stated entry count before reading it, and
//! reads a sample of its stated size in one piece: a count or size flipped to billions
//! must be refused before it is read, since a failed allocation ends the process.

use std::io::{Read, Seek, SeekFrom};

use super::Rejection;

/// The most boxes looked at, so a damaged file cannot keep the walk going.
const BOX_LIMIT: usize = 200_000;

/// The deepest nesting followed (moov/trak/mdia/minf/stbl/stsd/mp4a/esds is eight).
const DEPTH_LIMIT: usize = 12;

/// Boxes whose content is more boxes, and the bytes before the first of them.
fn children_offset(kind: &[u8; 4]) -> Option<u64> {
    match kind {
        b"moov" | b"trak" | b"mdia" | b"minf" | b"stbl" | b"edts" | b"dinf" | b"mvex" | b"moof"
        | b"traf" | b"udta" | b"ilst" | b"wave" => Some(0),
        // A full box: version and flags first.
        b"meta" => Some(4),
        // Version and flags, then the entry count.
        b"stsd" => Some(8),
        _ => None,
    }
}

/// Sample entries of sound, whose child boxes start after the entry's fields (28, 44 or
/// 64 bytes for entry versions 0, 1 and 2).
fn is_sound_entry(kind: &[u8; 4]) -> bool {
    matches!(
        kind,
        b"mp4a"
            | b"alac"
            | b"Opus"
            | b"fLaC"
            | b"ac-3"
            | b"ec-3"
            | b".mp3"
            | b"lpcm"
            | b"sowt"
            | b"twos"
            | b"ulaw"
            | b"alaw"
            | b"ima4"
            | b"raw "
            | b"in24"
            | b"in32"
            | b"fl32"
            | b"fl64"
    )
}

pub struct Mp4Box {
    pub kind: [u8; 4],
    pub body: u64,
    pub end: u64,
}

pub fn read_at<const N: usize>(file: &mut (impl Read + Seek), at: u64) -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    file.seek(SeekFrom::Start(at)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

fn u32_at(file: &mut (impl Read + Seek), at: u64) -> Option<u64> {
    read_at::<4>(file, at).map(|bytes| u64::from(u32::from_be_bytes(bytes)))
}

/// How a box's stated size sits in the space it was found in.
enum Fit {
    Inside(Mp4Box),
    /// It runs past the end of the file.
    PastEnd([u8; 4]),
    /// It runs past its parent, or states less than its own header.
    Broken,
}

/// The box at `at`, within `[at, end)` of a file `length` bytes long.
fn box_at(file: &mut (impl Read + Seek), at: u64, end: u64, length: u64) -> Option<Fit> {
    let header = read_at::<8>(file, at)?;
    let kind: [u8; 4] = header[4..].try_into().ok()?;
    let (size, header_length) = match u32::from_be_bytes(header[..4].try_into().ok()?) {
        0 => (end.saturating_sub(at), 8),
        1 => (u64::from_be_bytes(read_at::<8>(file, at + 8)?), 16),
        size => (u64::from(size), 8),
    };
    if size < header_length {
        return Some(Fit::Broken);
    }
    let Some(box_end) = at.checked_add(size) else {
        return Some(Fit::Broken);
    };
    if box_end > length {
        return Some(Fit::PastEnd(kind));
    }
    if box_end > end {
        return Some(Fit::Broken);
    }
    Some(Fit::Inside(Mp4Box {
        kind,
        body: at + header_length,
        end: box_end,
    }))
}

/// The boxes directly inside `[start, end)`, as long as they fit.
pub fn children(
    file: &mut (impl Read + Seek),
    start: u64,
    end: u64,
    budget: &mut usize,
) -> Option<Vec<Mp4Box>> {
    let mut boxes = Vec::new();
    let mut at = start;
    while at.checked_add(8)? <= end {
        *budget = budget.checked_sub(1)?;
        match box_at(file, at, end, u64::MAX)? {
            Fit::Inside(found) => {
                at = found.end;
                boxes.push(found);
            }
            Fit::PastEnd(_) | Fit::Broken => break,
        }
    }
    Some(boxes)
}

/// The sample entry type of the first sound track ("mp4a", "ac-3", ...), found through
/// moov/trak/mdia (handler "soun")/minf/stbl/stsd.
pub fn sound_entry(file: &mut (impl Read + Seek)) -> Option<[u8; 4]> {
    let end = file.seek(SeekFrom::End(0)).ok()?;
    let mut budget = BOX_LIMIT;
    let top = children(file, 0, end, &mut budget)?;
    let moov = top.iter().find(|b| &b.kind == b"moov")?;
    let traks = children(file, moov.body, moov.end, &mut budget)?;
    traks
        .iter()
        .filter(|b| &b.kind == b"trak")
        .find_map(|trak| track_entry(file, trak, &mut budget))
}

fn track_entry(
    file: &mut (impl Read + Seek),
    trak: &Mp4Box,
    budget: &mut usize,
) -> Option<[u8; 4]> {
    let child = |file: &mut _, parent: &Mp4Box, kind: &[u8; 4], budget: &mut usize| {
        children(file, parent.body, parent.end, budget)?
            .into_iter()
            .find(|b| &b.kind == kind)
    };
    let mdia = child(file, trak, b"mdia", budget)?;
    let hdlr = child(file, &mdia, b"hdlr", budget)?;
    // hdlr: version and flags (4), pre-defined (4), then the handler type.
    if read_at::<4>(file, hdlr.body.checked_add(8)?)? != *b"soun" {
        return None;
    }
    let minf = child(file, &mdia, b"minf", budget)?;
    let stbl = child(file, &minf, b"stbl", budget)?;
    let stsd = child(file, &stbl, b"stsd", budget)?;
    // stsd: version and flags (4), entry count (4), then the first entry's size and type.
    read_at::<4>(file, stsd.body.checked_add(12)?)
}

/// Walks every box of the file and checks that what each states fits in it.
pub fn check_sizes(file: &mut (impl Read + Seek), length: u64) -> Result<(), Rejection> {
    let mut walk = Walk {
        length,
        budget: BOX_LIMIT,
    };
    walk.level(file, 0, length, 0, true)
}

struct Walk {
    length: u64,
    budget: usize,
}

fn damaged() -> Rejection {
    Rejection::Damaged
}

impl Walk {
    fn level(
        &mut self,
        file: &mut (impl Read + Seek),
        start: u64,
        end: u64,
        depth: usize,
        top: bool,
    ) -> Result<(), Rejection> {
        if depth > DEPTH_LIMIT {
            return Err(damaged());
        }
        let mut at = start;
        while at
            .checked_add(8)
            .is_some_and(|header_end| header_end <= end)
        {
            self.budget = self.budget.checked_sub(1).ok_or_else(damaged)?;
            let found = match box_at(file, at, end, self.length) {
                // Fewer than 8 bytes left at the end of the file.
                None => return Err(Rejection::Truncated { announced: None }),
                Some(Fit::Inside(found)) => found,
                // The audio data running past the end is a copy cut short: the packet count
                // finds how much is there. Anything else would be read whole.
                Some(Fit::PastEnd(kind)) if top && &kind == b"mdat" => return Ok(()),
                Some(Fit::PastEnd(_)) => return Err(Rejection::Truncated { announced: None }),
                Some(Fit::Broken) => return Err(damaged()),
            };
            self.content(file, &found, depth)?;
            at = found.end;
        }
        Ok(())
    }

    fn content(
        &mut self,
        file: &mut (impl Read + Seek),
        found: &Mp4Box,
        depth: usize,
    ) -> Result<(), Rejection> {
        let body_length = found.end - found.body;
        if let Some(offset) = children_offset(&found.kind) {
            let start = found.body.checked_add(offset).ok_or_else(damaged)?;
            if start > found.end {
                return Err(damaged());
            }
            return self.level(file, start, found.end, depth + 1, false);
        }
        if is_sound_entry(&found.kind) {
            let version = read_at::<2>(file, found.body + 8).ok_or_else(damaged)?;
            let offset = match u16::from_be_bytes(version) {
                0 => 28,
                1 => 44,
                2 => 64,
                _ => return Ok(()),
            };
            if found.body + offset <= found.end {
                self.level(file, found.body + offset, found.end, depth + 1, false)?;
            }
            return Ok(());
        }
        // Version and flags, then the entry count, then entries of a fixed width.
        let width = match &found.kind {
            b"stts" | b"co64" => 8,
            b"stsc" => 12,
            b"stco" => 4,
            b"stsz" => return self.sample_sizes(file, found),
            b"tfhd" => return self.fragment_defaults(file, found),
            b"trex" => return self.at_most_file(u32_at(file, found.body + 16)),
            b"trun" => return self.run_sizes(file, found),
            b"esds" => return esds_lengths(file, found),
            _ => return Ok(()),
        };
        let count = u32_at(file, found.body + 4).ok_or_else(damaged)?;
        if count.saturating_mul(width) > body_length.saturating_sub(8) {
            return Err(damaged());
        }
        Ok(())
    }

    fn at_most_file(&self, size: Option<u64>) -> Result<(), Rejection> {
        match size {
            Some(size) if size <= self.length => Ok(()),
            _ => Err(damaged()),
        }
    }

    /// stsz: version and flags, a size for every sample (or 0), the count, then the sizes.
    fn sample_sizes(&self, file: &mut (impl Read + Seek), found: &Mp4Box) -> Result<(), Rejection> {
        let common = u32_at(file, found.body + 4).ok_or_else(damaged)?;
        let count = u32_at(file, found.body + 8).ok_or_else(damaged)?;
        if common != 0 {
            return self.at_most_file(Some(common));
        }
        let bytes = count.saturating_mul(4);
        if bytes > (found.end - found.body).saturating_sub(12) {
            return Err(damaged());
        }
        self.each_at_most_file(file, found.body + 12, count, 4, 0)
    }

    /// Reads `count` entries of `stride` bytes from `at`, the u32 at `offset` in each being
    /// a sample size, and checks each against the file's length.
    fn each_at_most_file(
        &self,
        file: &mut (impl Read + Seek),
        at: u64,
        count: u64,
        stride: u64,
        offset: u64,
    ) -> Result<(), Rejection> {
        let total = usize::try_from(count.saturating_mul(stride)).map_err(|_| damaged())?;
        file.seek(SeekFrom::Start(at)).map_err(|_| damaged())?;
        let mut table = Vec::new();
        file.take(total as u64)
            .read_to_end(&mut table)
            .map_err(|_| damaged())?;
        let stride = usize::try_from(stride).map_err(|_| damaged())?;
        let offset = usize::try_from(offset).map_err(|_| damaged())?;
        let too_big = table.chunks_exact(stride).any(|entry| {
            entry
                .get(offset..offset + 4)
                .and_then(|bytes| bytes.try_into().ok())
                .is_some_and(|bytes| u64::from(u32::from_be_bytes(bytes)) > self.length)
        });
        if too_big || table.len() < total {
            return Err(damaged());
        }
        Ok(())
    }

    /// tfhd: the default sample size, when present, after the fields its flags announce.
    fn fragment_defaults(
        &self,
        file: &mut (impl Read + Seek),
        found: &Mp4Box,
    ) -> Result<(), Rejection> {
        let flags = u32_at(file, found.body).ok_or_else(damaged)? & 0x00FF_FFFF;
        if flags & 0x10 == 0 {
            return Ok(());
        }
        let mut at = found.body + 8;
        for (flag, width) in [(0x1, 8), (0x2, 4), (0x8, 4)] {
            if flags & flag != 0 {
                at += width;
            }
        }
        self.at_most_file(u32_at(file, at))
    }

    /// trun: the per-sample sizes, when present, must fit in the file.
    fn run_sizes(&self, file: &mut (impl Read + Seek), found: &Mp4Box) -> Result<(), Rejection> {
        let flags = u32_at(file, found.body).ok_or_else(damaged)? & 0x00FF_FFFF;
        let count = u32_at(file, found.body + 4).ok_or_else(damaged)?;
        let mut at = found.body + 8;
        for flag in [0x1, 0x4] {
            if flags & flag != 0 {
                at += 4;
            }
        }
        let fields = [0x100, 0x200, 0x400, 0x800].map(|flag| flags & flag != 0);
        let stride = 4 * fields.iter().filter(|present| **present).count() as u64;
        if count.saturating_mul(stride) > found.end.saturating_sub(at) {
            return Err(damaged());
        }
        if !fields[1] {
            return Ok(());
        }
        let offset = if fields[0] { 4 } else { 0 };
        self.each_at_most_file(file, at, count, stride, offset)
    }
}

/// esds: the descriptors' stated lengths must fit in the box (the decoder configuration is
/// read whole at its stated length).
fn esds_lengths(file: &mut (impl Read + Seek), found: &Mp4Box) -> Result<(), Rejection> {
    // Version and flags, then descriptors: a tag byte and a length in up to four 7-bit
    // bytes. ES (3) and decoder configuration (4) descriptors hold the next ones.
    let mut at = found.body + 4;
    while at < found.end {
        let tag = read_at::<1>(file, at).ok_or_else(damaged)?[0];
        at += 1;
        let mut length: u64 = 0;
        for _ in 0..4 {
            let byte = read_at::<1>(file, at).ok_or_else(damaged)?[0];
            at += 1;
            length = (length << 7) | u64::from(byte & 0x7F);
            if byte & 0x80 == 0 {
                break;
            }
        }
        if length > found.end - at.min(found.end) {
            return Err(damaged());
        }
        at += match tag {
            // ES descriptor: its fields, then the descriptors inside it.
            0x03 => es_fields(file, at).ok_or_else(damaged)?,
            // Decoder configuration: 13 bytes of fields, then the descriptors inside it.
            0x04 => 13,
            _ => length,
        };
    }
    Ok(())
}

/// The length of an ES descriptor's fields: ES id (2), flags (1), then what the flags add
/// (a stream it depends on, a URL, an OCR stream).
fn es_fields(file: &mut (impl Read + Seek), at: u64) -> Option<u64> {
    let flags = read_at::<1>(file, at + 2)?[0];
    let mut length = 3;
    if flags & 0x80 != 0 {
        length += 2;
    }
    if flags & 0x40 != 0 {
        length += 1 + u64::from(read_at::<1>(file, at + length)?[0]);
    }
    if flags & 0x20 != 0 {
        length += 2;
    }
    Some(length)
}
