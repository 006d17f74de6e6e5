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

mod mutate;
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
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use rodio::conversions::{ChannelCountConverter, SampleRateConverter};
use rodio::{Decoder, Source};
use wardcast::library::{probe, Probe, Rejection};
use wardcast::messages::Lang;

use mutate::{apply, case, make_seeds, Case, Seed};

/// Cases in the ordinary test run: enough to cover every seed and mutation many times.
const SUITE_CASES: u32 = 1_500;
/// The seed of the ordinary run, so a failure is the same on every machine.
const SUITE_SEED: u64 = 20_261_126;
/// Longer than this for one probe or one decode is a hang (the probe's own limit is 20 s).
const HANG: Duration = Duration::from_secs(5);
/// The most samples the player path decodes of one case (5 s at 48 kHz stereo).
const PLAYER_SAMPLES: usize = 5 * 48_000 * 2;

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

/// Codings wardcast plays, as a reason could name them: a damaged file of theirs must not
/// be said to be "coded as" one that cannot be played.
const PLAYED: &[&str] = &[
    "Vorbis",
    "FLAC",
    "FLAC inside Ogg",
    "FLAC inside an MP4 file",
    "MP3 inside an MP4 file",
    "AAC",
    "Advanced Audio Coding",
    "an MPEG-4 audio coding other than AAC",
    "PCM with 8-bit samples",
    "PCM with 16-bit samples",
    "PCM with 24-bit samples",
    "PCM with 32-bit samples",
    "floating-point PCM with 32-bit samples",
    "floating-point PCM with 64-bit samples",
    "Microsoft ADPCM",
    "ADPCM IMA WAV",
    "A-law",
    "µ-law",
];

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
            check_accepted(&found, bytes, extension, seed.name)
        }
        Err(rejection) => {
            *tally
                .rejected
                .entry(rejection_kind(&rejection))
                .or_default() += 1;
            check_rejected(&rejection, seed.name)
        }
    }
}

/// A file the probe accepted has a sane length, rate and channel count, and the player's
/// decode path takes it without a panic or a hang.
fn check_accepted(
    found: &Probe,
    bytes: Vec<u8>,
    extension: &str,
    seed: &str,
) -> Result<(), TestCaseError> {
    prop_assert!(
        found.duration > Duration::ZERO && found.duration <= Duration::from_secs(86_400),
        "{found:?}"
    );
    prop_assert!((1_000..=768_000).contains(&found.sample_rate), "{found:?}");
    prop_assert!((1..=32).contains(&found.channels), "{found:?}");
    // Only what the probe accepts reaches the player: the readers behind it would end the
    // process on some of the rejected files (a table of four billion entries), which is
    // why the probe checks them first.
    let extension = extension.to_string();
    match bounded(move || player_path(bytes, &extension)) {
        None => Err(TestCaseError::fail(format!(
            "the player's decoder hung on a {seed} the probe accepted"
        ))),
        Some(Err(_)) => Err(TestCaseError::fail(format!(
            "the player's decoder panicked on a {seed} the probe accepted"
        ))),
        Some(Ok(_)) => Ok(()),
    }
}

/// A rejection is never a hang, never names a playable coding as unplayable, and reads as
/// words in both languages.
fn check_rejected(rejection: &Rejection, seed: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !matches!(rejection, Rejection::TooSlow { .. }),
        "a hang caught by the probe: {rejection:?}"
    );
    if let Rejection::UnsupportedCodec(name) = rejection {
        prop_assert!(
            !PLAYED.contains(&name.as_str()),
            "a damaged {seed} was called a coding wardcast cannot play: {name}"
        );
    }
    for lang in [Lang::En, Lang::Vi] {
        let text = rejection.describe(lang);
        prop_assert!(
            !text.is_empty() && !text.contains("0x") && !text.contains('{'),
            "{text}"
        );
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
