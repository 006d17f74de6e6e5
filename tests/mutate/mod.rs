//! Mutated files for the probe's fuzz: seeds of every format wardcast plays, made from a
//! tone with ffmpeg, where their header fields are, and the changes made to them.

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::{ffmpeg_convert, write_tone_wav};

/// A real file of one format, with where its header fields are.
pub struct Seed {
    pub name: &'static str,
    pub extension: &'static str,
    pub bytes: Vec<u8>,
    fields: Vec<Field>,
}

/// A header field: where it is, how wide, and its byte order.
#[derive(Debug, Clone, Copy)]
struct Field {
    at: usize,
    width: usize,
    big_endian: bool,
}

fn find(bytes: &[u8], marker: &[u8]) -> Vec<usize> {
    bytes
        .windows(marker.len())
        .enumerate()
        .filter(|(_, window)| *window == marker)
        .map(|(at, _)| at)
        .collect()
}

/// Fields at `offsets` (offset, width) from every place `marker` occurs.
fn fields_after(bytes: &[u8], marker: &[u8], offsets: &[(isize, usize)], big: bool) -> Vec<Field> {
    find(bytes, marker)
        .into_iter()
        .take(4)
        .flat_map(|at| {
            offsets.iter().filter_map(move |&(offset, width)| {
                Some(Field {
                    at: at.checked_add_signed(offset)?,
                    width,
                    big_endian: big,
                })
            })
        })
        .collect()
}

/// After each marker: fields (offset from the marker, width) and their byte order.
type Layout = (&'static [u8], &'static [(isize, usize)], bool);

/// Where the fields that say rate, channels, sizes and lengths are, format by format.
const LAYOUTS: &[Layout] = &[
    // WAV: RIFF size; fmt size, tag, channels, rate, byte rate, block align, bits,
    // extension size and sub-format; data size.
    (b"RIFF", &[(4, 4)], false),
    (
        b"fmt ",
        &[
            (4, 4),
            (8, 2),
            (10, 2),
            (12, 4),
            (16, 4),
            (20, 2),
            (22, 2),
            (24, 2),
            (32, 2),
        ],
        false,
    ),
    (b"data", &[(4, 4)], false),
    // FLAC: first block header; STREAMINFO block and frame sizes, rate/channels/bits,
    // total samples.
    (
        b"fLaC",
        &[(4, 4), (8, 2), (10, 2), (12, 3), (15, 3), (18, 4), (22, 4)],
        true,
    ),
    // MP3: the ID3 tag size, the Xing/Info frame and byte counts, the LAME delays.
    (b"ID3", &[(6, 4)], true),
    (b"Xing", &[(4, 4), (8, 4), (12, 4)], true),
    (b"Info", &[(4, 4), (8, 4), (12, 4)], true),
    (b"LAME", &[(21, 3)], true),
    // Ogg: granule positions, segment counts; Vorbis version, channels, rate, bitrates,
    // block sizes; the setup header's codebook count.
    (b"OggS", &[(6, 8), (26, 1), (27, 1)], false),
    (
        b"\x01vorbis",
        &[(7, 4), (11, 1), (12, 4), (16, 4), (20, 4), (28, 1)],
        false,
    ),
    (b"\x05vorbis", &[(7, 1), (8, 4), (12, 4)], false),
    // MP4: time scales and durations, the sound entry's channels, sample size and rate,
    // the AAC configuration's descriptors, box sizes and table counts.
    (b"mvhd", &[(16, 4), (20, 4)], true),
    (b"mdhd", &[(16, 4), (20, 4)], true),
    (b"mp4a", &[(20, 2), (22, 2), (28, 4)], true),
    (b"esds", &[(4, 4), (25, 2), (31, 4), (35, 4), (39, 2)], true),
    (b"stts", BOX_FIELDS, true),
    (b"stsz", BOX_FIELDS, true),
    (b"stsc", BOX_FIELDS, true),
    (b"stco", BOX_FIELDS, true),
    (b"stsd", BOX_FIELDS, true),
    (b"moov", BOX_FIELDS, true),
    (b"trak", BOX_FIELDS, true),
    (b"mdat", BOX_FIELDS, true),
];

/// An MP4 box's size (before its type), then its first three words.
const BOX_FIELDS: &[(isize, usize)] = &[(-4, 4), (8, 4), (12, 4), (16, 4)];

fn header_fields(bytes: &[u8]) -> Vec<Field> {
    let mut fields: Vec<Field> = LAYOUTS
        .iter()
        .flat_map(|(marker, offsets, big)| fields_after(bytes, marker, offsets, *big))
        .collect();
    // MP3 frame headers (bit rate, sample rate, channel mode), and an ADTS header (rate
    // index, channel configuration, frame length): the first few frame syncs.
    let syncs = find(bytes, &[0xFF])
        .into_iter()
        .filter(|&at| bytes.get(at + 1).is_some_and(|b| b & 0xE0 == 0xE0))
        .take(3);
    for at in syncs {
        fields.extend([0, 2, 3].map(|offset| Field {
            at: at + offset,
            width: 4,
            big_endian: true,
        }));
    }
    fields.retain(|field| {
        field
            .at
            .checked_add(field.width)
            .is_some_and(|end| end <= bytes.len())
    });
    fields
}

/// The seeds: a 0.6 s tone as every format and variant wardcast plays.
pub fn make_seeds(dir: &Path) -> Vec<Seed> {
    let mono = dir.join("mono.wav");
    let stereo = dir.join("stereo.wav");
    write_tone_wav(&mono, 440.0, 0.6, 22_050, 1);
    write_tone_wav(&stereo, 660.0, 0.6, 44_100, 2);
    let variants: &[(&str, &str, &Path, &[&str])] = &[
        ("wav pcm16 stereo", "wav", &stereo, &[]),
        (
            "wav 24-bit extensible",
            "wav",
            &stereo,
            &["-codec:a", "pcm_s24le"],
        ),
        ("wav float", "wav", &mono, &["-codec:a", "pcm_f32le"]),
        (
            "wav ima adpcm",
            "wav",
            &mono,
            &["-codec:a", "adpcm_ima_wav"],
        ),
        (
            "mp3 cbr",
            "mp3",
            &mono,
            &["-codec:a", "libmp3lame", "-b:a", "64k"],
        ),
        (
            "mp3 vbr xing",
            "mp3",
            &stereo,
            &["-codec:a", "libmp3lame", "-q:a", "6"],
        ),
        ("flac", "flac", &stereo, &["-codec:a", "flac"]),
        ("ogg vorbis", "ogg", &mono, &["-codec:a", "libvorbis"]),
        (
            "oga vorbis stereo",
            "oga",
            &stereo,
            &["-codec:a", "libvorbis"],
        ),
        (
            "m4a aac",
            "m4a",
            &stereo,
            &["-codec:a", "aac", "-b:a", "64k"],
        ),
        ("mp4 aac", "mp4", &mono, &["-codec:a", "aac"]),
        ("aac adts", "aac", &mono, &["-codec:a", "aac"]),
    ];
    variants
        .iter()
        .enumerate()
        .map(|(index, (name, extension, source, args))| {
            let path = dir.join(format!("seed-{index}.{extension}"));
            if args.is_empty() {
                std::fs::copy(source, &path).expect("copy seed");
            } else {
                ffmpeg_convert(source, &path, args);
            }
            let bytes = std::fs::read(&path).expect("read seed");
            let fields = header_fields(&bytes);
            Seed {
                name,
                extension,
                bytes,
                fields,
            }
        })
        .collect()
}

/// One change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    FlipBit {
        at: Index,
        bit: u8,
    },
    /// A bit in the first 4 KB, where the headers are.
    FlipHeadBit {
        at: u16,
        bit: u8,
    },
    SetByte {
        at: Index,
        value: u8,
    },
    SetField {
        field: Index,
        value: u64,
    },
    /// A value written a little before or after a field, at another width.
    SetNear {
        field: Index,
        shift: i8,
        width: u8,
        big_endian: bool,
        value: u64,
    },
    Truncate {
        at: Index,
    },
    Cut {
        at: Index,
        length: u16,
    },
    Repeat {
        from: Index,
        length: u16,
        to: Index,
    },
    Insert {
        at: Index,
        bytes: Vec<u8>,
    },
}

/// Values that break headers: nothing, one, the largest, sign bits, anything.
fn field_value() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        Just(1),
        Just(u64::MAX),
        Just(0x7FFF_FFFF),
        Just(0x8000_0000),
        Just(0xFFFF),
        any::<u64>(),
    ]
}

fn byte_value() -> impl Strategy<Value = u8> {
    prop_oneof![Just(0u8), Just(0xFF), Just(0x7F), Just(0x80), any::<u8>()]
}

fn set_near() -> impl Strategy<Value = Mutation> {
    let width = prop_oneof![Just(1u8), Just(2), Just(4), Just(8)];
    (
        any::<Index>(),
        -8..48i8,
        width,
        any::<bool>(),
        field_value(),
    )
        .prop_map(
            |(field, shift, width, big_endian, value)| Mutation::SetNear {
                field,
                shift,
                width,
                big_endian,
                value,
            },
        )
}

/// Header fields are where decoders trust the file most: they get the most mutations.
fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        2 => (0..4096u16, 0..8u8).prop_map(|(at, bit)| Mutation::FlipHeadBit { at, bit }),
        2 => (any::<Index>(), byte_value()).prop_map(|(at, value)| Mutation::SetByte { at, value }),
        4 => (any::<Index>(), field_value())
            .prop_map(|(field, value)| Mutation::SetField { field, value }),
        2 => set_near(),
        1 => any::<Index>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<Index>(), 1..512u16).prop_map(|(at, length)| Mutation::Cut { at, length }),
        1 => (any::<Index>(), 1..2048u16, any::<Index>())
            .prop_map(|(from, length, to)| Mutation::Repeat { from, length, to }),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
    ]
}

/// One case: which seed, what to do to it, whether to fix Ogg checksums, and sometimes a
/// different name ending (a file named for another format).
#[derive(Debug, Clone)]
pub struct Case {
    pub seed: Index,
    mutations: Vec<Mutation>,
    fix_ogg_crc: bool,
    pub other_extension: Option<Index>,
}

pub fn case() -> impl Strategy<Value = Case> {
    (
        any::<Index>(),
        prop::collection::vec(mutation(), 1..=4),
        any::<bool>(),
        prop::option::weighted(0.1, any::<Index>()),
    )
        .prop_map(|(seed, mutations, fix_ogg_crc, other_extension)| Case {
            seed,
            mutations,
            fix_ogg_crc,
            other_extension,
        })
}

fn write_value(bytes: &mut [u8], at: usize, width: usize, big_endian: bool, value: u64) {
    let width = width.min(8);
    let Some(end) = at.checked_add(width).filter(|&end| end <= bytes.len()) else {
        return;
    };
    for (index, &byte) in value.to_le_bytes().iter().enumerate().take(width) {
        let place = if big_endian {
            end - 1 - index
        } else {
            at + index
        };
        bytes[place] = byte;
    }
}

pub fn apply(seed: &Seed, case: &Case) -> Vec<u8> {
    let mut bytes = seed.bytes.clone();
    for mutation in &case.mutations {
        if bytes.is_empty() {
            break;
        }
        let length = bytes.len();
        match mutation {
            Mutation::FlipBit { at, bit } => bytes[at.index(length)] ^= 1 << bit,
            Mutation::FlipHeadBit { at, bit } => {
                if let Some(byte) = bytes.get_mut(usize::from(*at)) {
                    *byte ^= 1 << bit;
                }
            }
            Mutation::SetByte { at, value } => bytes[at.index(length)] = *value,
            Mutation::SetField { field, value } => {
                if !seed.fields.is_empty() {
                    let field = seed.fields[field.index(seed.fields.len())];
                    write_value(&mut bytes, field.at, field.width, field.big_endian, *value);
                }
            }
            Mutation::SetNear {
                field,
                shift,
                width,
                big_endian,
                value,
            } => {
                if !seed.fields.is_empty() {
                    let field = seed.fields[field.index(seed.fields.len())];
                    if let Some(at) = field.at.checked_add_signed(isize::from(*shift)) {
                        write_value(&mut bytes, at, usize::from(*width), *big_endian, *value);
                    }
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at.index(length)),
            Mutation::Cut { at, length: cut } => {
                let start = at.index(length);
                let end = start.saturating_add(usize::from(*cut)).min(length);
                bytes.drain(start..end);
            }
            Mutation::Repeat {
                from,
                length: repeat,
                to,
            } => {
                let start = from.index(length);
                let end = start.saturating_add(usize::from(*repeat)).min(length);
                let copy = bytes[start..end].to_vec();
                let to = to.index(length);
                bytes.splice(to..to, copy);
            }
            Mutation::Insert {
                at,
                bytes: inserted,
            } => {
                let at = at.index(length);
                bytes.splice(at..at, inserted.iter().copied());
            }
        }
    }
    if case.fix_ogg_crc {
        fix_ogg_checksums(&mut bytes);
    }
    bytes
}

/// Ogg's CRC-32: polynomial 0x04C11DB7, no reflection, zero start, no final xor.
fn ogg_crc(data: &[u8]) -> u32 {
    let mut crc = 0u32;
    for &byte in data {
        crc ^= u32::from(byte) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04C1_1DB7
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Recomputes the checksum of every whole Ogg page, walking pages from the start.
fn fix_ogg_checksums(bytes: &mut [u8]) {
    let mut at = 0usize;
    while bytes.get(at..at + 4) == Some(b"OggS") {
        let Some(&segments) = bytes.get(at + 26) else {
            return;
        };
        let table = at + 27;
        let Some(lacing) = bytes.get(table..table + usize::from(segments)) else {
            return;
        };
        let end =
            table + usize::from(segments) + lacing.iter().map(|&l| usize::from(l)).sum::<usize>();
        if end > bytes.len() {
            return;
        }
        bytes[at + 22..at + 26].fill(0);
        let crc = ogg_crc(&bytes[at..end]);
        bytes[at + 22..at + 26].copy_from_slice(&crc.to_le_bytes());
        at = end;
    }
}
