//! Mutated files of every format wardcast plays, through the probe and then through the
//! decoder the player uses: no panic may escape, no call may hang, and every rejection
//! reads as words in both languages.
//!
//! Seeds are real files made at test time (a tone written as WAV, converted with ffmpeg).
//! Each case takes one seed and applies one to four mutations: bit flips, bytes set to
//! 0/0xFF/other values, truncations, cut or repeated ranges, and header fields (sample
//! rate, channels, lengths, sizes) set to 0, 1 and huge values. Ogg pages get their CRC
//! recomputed in half the cases, so a mutation reaches the codec behind the checksum.
//!
//! The suite runs `SUITE_CASES` seeded cases; `scripts/fuzz-probe.sh N [SEED]` runs N.

mod support;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::num::NonZero;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use rodio::conversions::{ChannelCountConverter, SampleRateConverter};
use rodio::{Decoder, Source};
use wardcast::config::Lang;
use wardcast::library::{probe, Rejection};

use support::{ffmpeg_convert, write_tone_wav};

/// Cases in the ordinary test run: enough to cover every seed and mutation many times.
const SUITE_CASES: u32 = 1_500;
/// The seed of the ordinary run, so a failure is the same on every machine.
const SUITE_SEED: u64 = 20_261_126;
/// Longer than this for one probe or one decode is a hang (the probe's own limit is 20 s).
const HANG: Duration = Duration::from_secs(5);
/// The most samples the player path decodes of one case (5 s at 48 kHz stereo).
const PLAYER_SAMPLES: usize = 5 * 48_000 * 2;

/// A real file of one format, with where its header fields are.
struct Seed {
    name: &'static str,
    extension: &'static str,
    bytes: Vec<u8>,
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

/// Where the fields that say rate, channels, sizes and lengths are, format by format.
fn header_fields(bytes: &[u8]) -> Vec<Field> {
    let mut fields = Vec::new();
    // WAV: RIFF size; fmt tag, channels, rate, byte rate, block align, bits; data size.
    fields.extend(fields_after(bytes, b"RIFF", &[(4, 4)], false));
    fields.extend(fields_after(
        bytes,
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
    ));
    fields.extend(fields_after(bytes, b"data", &[(4, 4)], false));
    // FLAC STREAMINFO: block sizes, frame sizes, rate/channels/bits, total samples.
    fields.extend(fields_after(
        bytes,
        b"fLaC",
        &[(4, 4), (8, 2), (10, 2), (12, 3), (15, 3), (18, 4), (22, 4)],
        true,
    ));
    // MP3: the first frame headers, the Xing/Info frame and byte counts, the LAME delays.
    fields.extend(fields_after(bytes, b"ID3", &[(6, 4)], true));
    fields.extend(fields_after(
        bytes,
        b"Xing",
        &[(4, 4), (8, 4), (12, 4)],
        true,
    ));
    fields.extend(fields_after(
        bytes,
        b"Info",
        &[(4, 4), (8, 4), (12, 4)],
        true,
    ));
    fields.extend(fields_after(bytes, b"LAME", &[(21, 3)], true));
    for at in find(bytes, &[0xFF])
        .into_iter()
        .filter(|&at| bytes.get(at + 1).is_some_and(|b| b & 0xE0 == 0xE0))
        .take(3)
    {
        fields.push(Field {
            at,
            width: 4,
            big_endian: true,
        });
    }
    // Ogg: page granule positions and segment counts; Vorbis channels, rate, bitrates,
    // block sizes.
    fields.extend(fields_after(
        bytes,
        b"OggS",
        &[(6, 8), (26, 1), (27, 1)],
        false,
    ));
    fields.extend(fields_after(
        bytes,
        b"\x01vorbis",
        &[(7, 4), (11, 1), (12, 4), (16, 4), (20, 4), (28, 1)],
        false,
    ));
    fields.extend(fields_after(
        bytes,
        b"\x05vorbis",
        &[(7, 1), (8, 4), (12, 4)],
        false,
    ));
    // MP4: movie and track time scales and durations, the sound entry's channels, sample
    // size and rate, the AAC configuration, sample tables.
    fields.extend(fields_after(bytes, b"mvhd", &[(16, 4), (20, 4)], true));
    fields.extend(fields_after(bytes, b"mdhd", &[(16, 4), (20, 4)], true));
    fields.extend(fields_after(
        bytes,
        b"mp4a",
        &[(20, 2), (22, 2), (28, 4)],
        true,
    ));
    fields.extend(fields_after(
        bytes,
        b"esds",
        &[(4, 4), (25, 2), (31, 4), (35, 4), (39, 2)],
        true,
    ));
    for table in [
        &b"stts"[..],
        b"stsz",
        b"stsc",
        b"stco",
        b"stsd",
        b"moov",
        b"trak",
        b"mdat",
    ] {
        fields.extend(fields_after(
            bytes,
            table,
            &[(-4, 4), (8, 4), (12, 4), (16, 4)],
            true,
        ));
    }
    // ADTS: the fixed header (rate index, channel configuration, frame length).
    if bytes.len() > 4 && bytes[0] == 0xFF && bytes[1] & 0xF6 == 0xF0 {
        fields.extend([(0, 4), (2, 4), (3, 4)].map(|(at, width)| Field {
            at,
            width,
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
fn make_seeds(dir: &Path) -> Vec<Seed> {
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
struct Case {
    seed: Index,
    mutations: Vec<Mutation>,
    fix_ogg_crc: bool,
    other_extension: Option<Index>,
}

fn case() -> impl Strategy<Value = Case> {
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

fn apply(seed: &Seed, case: &Case) -> Vec<u8> {
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

/// Decodes as the player does (rodio's decoder over the bytes, converted to 48 kHz stereo
/// as `player::decode_with_head` converts), up to `PLAYER_SAMPLES`. Returns the count.
fn player_path(bytes: Vec<u8>, extension: &str) -> Result<usize, String> {
    let length = bytes.len() as u64;
    let decoder = Decoder::builder()
        .with_data(Cursor::new(bytes))
        .with_byte_len(length)
        .with_seekable(true)
        .with_hint(extension)
        .build()
        .map_err(|error| error.to_string())?;
    let (channels, rate) = (decoder.channels(), decoder.sample_rate());
    let to_rate = NonZero::new(48_000).expect("non-zero");
    let to_channels = NonZero::new(2).expect("non-zero");
    let converted = ChannelCountConverter::new(
        SampleRateConverter::new(decoder, rate, to_rate, channels),
        channels,
        to_channels,
    );
    Ok(converted.take(PLAYER_SAMPLES).count())
}

/// Runs `work` on a thread with panics caught; None when it takes longer than `HANG`.
fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<std::thread::Result<T>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(work)));
    });
    receiver.recv_timeout(HANG).ok()
}

/// What the run saw, printed at its end.
#[derive(Default)]
struct Tally {
    cases: u64,
    accepted: BTreeMap<&'static str, u64>,
    rejected: BTreeMap<String, u64>,
    slowest_probe: Duration,
}

/// The rejection's kind, with the coding's name for codings wardcast cannot play.
fn rejection_kind(rejection: &Rejection) -> String {
    if let Rejection::UnsupportedCodec(name) = rejection {
        return format!("unsupported_codec ({name})");
    }
    serde_json::to_value(rejection)
        .ok()
        .and_then(|value| value["kind"].as_str().map(str::to_string))
        .unwrap_or_default()
}

fn check_case(
    seeds: &[Seed],
    dir: &Path,
    case: &Case,
    tally: &RefCell<Tally>,
) -> Result<(), TestCaseError> {
    let seed = &seeds[case.seed.index(seeds.len())];
    let bytes = apply(seed, case);
    let extension = match &case.other_extension {
        Some(index) => seeds[index.index(seeds.len())].extension,
        None => seed.extension,
    };
    let path: PathBuf = dir.join(format!("case.{extension}"));
    std::fs::write(&path, &bytes).expect("write case");
    let started = Instant::now();
    let probed = {
        let path = path.clone();
        bounded(move || probe(&path))
    };
    let took = started.elapsed();
    let Some(probed) = probed else {
        return Err(TestCaseError::fail(format!(
            "the probe hung on a mutated {}",
            seed.name
        )));
    };
    let Ok(verdict) = probed else {
        return Err(TestCaseError::fail(format!(
            "the probe panicked on a mutated {}",
            seed.name
        )));
    };
    let mut tally = tally.borrow_mut();
    tally.cases += 1;
    tally.slowest_probe = tally.slowest_probe.max(took);
    match verdict {
        Ok(found) => {
            *tally.accepted.entry(seed.name).or_default() += 1;
            prop_assert!(
                found.duration > Duration::ZERO && found.duration <= Duration::from_secs(86_400),
                "{found:?}"
            );
            prop_assert!((1_000..=768_000).contains(&found.sample_rate), "{found:?}");
            prop_assert!((1..=32).contains(&found.channels), "{found:?}");
            // Only what the probe accepts reaches the player: the readers behind it would
            // end the process on some of the rejected files (a table of four billion
            // entries), which is why the probe checks them first.
            let owned_extension = extension.to_string();
            let decoded = bounded(move || player_path(bytes, &owned_extension));
            match decoded {
                None => {
                    return Err(TestCaseError::fail(format!(
                        "the player's decoder hung on a {} the probe accepted",
                        seed.name
                    )))
                }
                Some(Err(_)) => {
                    return Err(TestCaseError::fail(format!(
                        "the player's decoder panicked on a {} the probe accepted",
                        seed.name
                    )))
                }
                Some(Ok(_)) => {}
            }
        }
        Err(rejection) => {
            prop_assert!(
                !matches!(rejection, Rejection::TooSlow { .. }),
                "a hang caught by the probe: {rejection:?}"
            );
            for lang in [Lang::En, Lang::Vi] {
                let text = rejection.describe(lang);
                prop_assert!(
                    !text.is_empty() && !text.contains("0x") && !text.contains('{'),
                    "{text}"
                );
            }
            *tally
                .rejected
                .entry(rejection_kind(&rejection))
                .or_default() += 1;
        }
    }
    Ok(())
}

/// Runs `cases` mutated files from `seed` and prints what was seen.
fn fuzz(cases: u32, seed: u64) {
    let dir = tempfile::tempdir().expect("temp dir");
    let seeds = make_seeds(dir.path());
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
    for seed in &seeds {
        let path = dir.path().join(format!("unchanged.{}", seed.extension));
        std::fs::write(&path, &seed.bytes).expect("write seed");
        let probed = probe(&path);
        assert!(probed.is_ok(), "the {} seed itself: {probed:?}", seed.name);
    }
    let tally = RefCell::new(Tally::default());
    let started = Instant::now();
    let result = runner.run(&case(), |case| {
        check_case(&seeds, dir.path(), &case, &tally)
    });
    let tally = tally.into_inner();
    eprintln!(
        "fuzz-probe: seed {seed}, {} cases in {:.1} s",
        tally.cases,
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "fuzz-probe: slowest probe {:.0} ms",
        tally.slowest_probe.as_secs_f64() * 1000.0
    );
    for (name, count) in &tally.accepted {
        eprintln!("fuzz-probe: accepted {count:>7}  {name}");
    }
    for (kind, count) in &tally.rejected {
        eprintln!("fuzz-probe: rejected {count:>7}  {kind}");
    }
    if let Err(failure) = result {
        panic!("fuzz-probe: {failure}");
    }
    assert!(
        tally.cases >= u64::from(cases),
        "only {} cases ran",
        tally.cases
    );
    for seed in &seeds {
        assert!(
            tally.accepted.contains_key(seed.name),
            "no mutated {} was still accepted: the seeds are broken",
            seed.name
        );
    }
}

#[test]
fn mutated_files_of_every_format_never_crash_or_hang_the_probe() {
    fuzz(SUITE_CASES, SUITE_SEED);
}

/// `scripts/fuzz-probe.sh N [SEED]` runs this with `WARDCAST_FUZZ_CASES` and
/// `WARDCAST_FUZZ_SEED`.
#[test]
#[ignore = "long: run by scripts/fuzz-probe.sh"]
fn fuzz_probe_as_many_as_asked() {
    let number = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    let cases = u32::try_from(number("WARDCAST_FUZZ_CASES", 10_000)).unwrap_or(u32::MAX);
    fuzz(cases, number("WARDCAST_FUZZ_SEED", SUITE_SEED));
}
