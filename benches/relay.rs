//! How close to its slot a relay starts, whether it holds its delay against a sender whose
//! clock runs fast, and what converting a stream costs.
//!
//! Drives the player on the headless sound card of the tests (ALSA `file` plugin into a pipe
//! drained at 192,000 bytes/s), with a thread sending a 440 Hz tone at 44.1 kHz stereo, and
//! prints:
//! - how late the first relayed sample is heard against the slot, over
//!   `WARDCAST_BENCH_RELAYS` relays (default 20; 0 leaves this out) of 1 s each;
//! - for a sender 0.1 % fast, relayed for `WARDCAST_BENCH_DRIFT_SECONDS` (default 300; the
//!   issue's figure is for 3600): the delay at the start and at the end, and what the ring
//!   could not hold;
//! - the CPU that decoding a 128 kb/s AAC stream (symphonia) and converting it to the card
//!   (rubato, polynomial as the relay does, and sinc to compare) take, as a share of one core.
//!
//! `cargo bench --bench relay` (or `make bench`). Figures go in BENCHMARKS.md.

#[path = "support/measure.rs"]
mod measure;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use measure::{env_number, percentile};
use support::sender::{send_tone, SOURCE_RATE};
use support::{ffmpeg_convert, millis_between, write_tone_wav, SoundCard};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use wardcast::ids::SourceId;
use wardcast::player::live::{Converter, Quality};
use wardcast::player::{live_link, AirRequest, AirSource, LiveAir, Player, PlayerEvent};
use wardcast::sound::SoundEvidence;

/// Relays `length` of a sender at `pace` from a slot `lead` ahead; returns the slot and the
/// evidence once it has ended.
fn relay(
    player: &Player,
    lead: Duration,
    length: Duration,
    pace: f64,
) -> (SystemTime, SoundEvidence, u64) {
    let slot = SystemTime::now() + lead;
    let (feed, input) = live_link(Duration::from_secs(1));
    let sending = send_tone(feed, pace, None, slot + length + Duration::from_millis(500));
    let (events, mut received) = unbounded_channel();
    player
        .air(AirRequest {
            source: AirSource::Live(LiveAir {
                input,
                length,
                source: SourceId::new("bench"),
            }),
            start_at: slot,
            events,
        })
        .expect("the player takes the relay");
    let evidence = ended(&mut received, length + Duration::from_secs(10));
    let feed = sending.join().expect("the sender");
    (slot, evidence, feed.overrun_frames())
}

fn ended(events: &mut UnboundedReceiver<PlayerEvent>, limit: Duration) -> SoundEvidence {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        match events.try_recv() {
            Ok(PlayerEvent::Ended { evidence, .. }) => return evidence,
            Ok(PlayerEvent::Failed { error }) => panic!("the relay failed: {error}"),
            Ok(_) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    panic!("the relay did not end within {limit:?}");
}

fn lateness(card: &SoundCard, count: usize) {
    let player = Player::start("default", Duration::from_secs(5)).expect("player");
    let slots: Vec<SystemTime> = (0..count)
        .map(|_| relay(&player, Duration::from_secs(2), Duration::from_secs(1), 1.0).0)
        .collect();
    drop(player);
    let recordings = card.wait_for_recordings(count, Duration::from_secs(10));
    assert_eq!(recordings.len(), count, "one opening of the card per relay");
    let mut figures: Vec<f64> = recordings
        .iter()
        .zip(slots)
        .map(|(recording, slot)| {
            let heard = recording.first_sound_at().expect("the relay was heard");
            millis_between(heard, slot)
        })
        .collect();
    figures.sort_by(f64::total_cmp);
    println!(
        "start relays={:<3} first relayed sound vs slot (ms): min {:+.2}  p50 {:+.2}  p90 {:+.2}  p99 {:+.2}  max {:+.2}",
        figures.len(),
        figures[0],
        percentile(&figures, 0.5),
        percentile(&figures, 0.9),
        percentile(&figures, 0.99),
        figures[figures.len() - 1],
    );
}

fn drift(seconds: u64) {
    let player = Player::start("default", Duration::from_secs(5)).expect("player");
    let length = Duration::from_secs(seconds);
    let (_slot, evidence, overrun) = relay(&player, Duration::from_secs(2), length, 1.001);
    let relay = evidence.relay.expect("relay evidence");
    println!(
        "drift sender +0.1 % for {seconds} s: delay {:.3} s at the start, {:.3} s at the end ({:+.1} ms); gaps {}, stalls of the output {}, overrun {overrun} frames",
        relay.delay_start_seconds,
        relay.delay_end_seconds,
        1000.0 * (relay.delay_end_seconds - relay.delay_start_seconds),
        relay.gaps.len(),
        evidence.stalls.len(),
    );
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec, which lives here.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) };
    Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
}

/// Decodes an ADTS AAC file whole with symphonia; returns its interleaved samples, rate and
/// channels, and the CPU time the decoding took.
fn decode_aac(path: &Path) -> (Vec<f32>, u32, u16, Duration) {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;
    let file = std::fs::File::open(path).expect("the AAC file");
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    hint.with_extension("aac");
    let began = thread_cpu();
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .expect("an AAC stream");
    let mut format = probed.format;
    let track = format.default_track().expect("a track").clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .expect("an AAC decoder");
    let mut samples = Vec::new();
    let (mut rate, mut channels) = (0, 0);
    while let Ok(packet) = format.next_packet() {
        let Ok(decoded) = decoder.decode(&packet) else {
            continue;
        };
        let spec = *decoded.spec();
        (rate, channels) = (spec.rate, spec.channels.count() as u16);
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    (samples, rate, channels, thread_cpu() - began)
}

/// The CPU time converting `samples` to the 48 kHz stereo card takes, in AAC frames of 1024.
fn convert_cost(samples: &[f32], rate: u32, channels: u16, quality: Quality) -> Duration {
    let mut converter =
        Converter::new((rate, channels), (48_000, 2), quality).expect("a converter");
    let began = thread_cpu();
    let mut out = 0usize;
    for piece in samples.chunks(1024 * usize::from(channels)) {
        converter.convert(piece, -0.001, |converted| out += converted.len());
    }
    assert!(out > 0);
    thread_cpu() - began
}

fn cost(dir: &Path, seconds: u64) {
    let wav = dir.join("tone.wav");
    write_tone_wav(&wav, 440.0, seconds as f64, SOURCE_RATE, 2);
    let aac = dir.join("tone.aac");
    ffmpeg_convert(
        &wav,
        &aac,
        &["-codec:a", "aac", "-b:a", "128k", "-f", "adts"],
    );
    let (samples, rate, channels, decoding) = decode_aac(&aac);
    let audio = samples.len() as f64 / f64::from(channels) / f64::from(rate);
    let share = |time: Duration| 100.0 * time.as_secs_f64() / audio;
    let polynomial = convert_cost(&samples, rate, channels, Quality::Polynomial);
    let sinc = convert_cost(&samples, rate, channels, Quality::Sinc);
    println!(
        "cost  {audio:.0} s of 128 kb/s AAC {rate} Hz: decode {:.2} %, convert polynomial {:.2} % (sinc {:.2} %), decode + convert {:.2} % of one core",
        share(decoding),
        share(polynomial),
        share(sinc),
        share(decoding + polynomial),
    );
}

fn main() {
    // `cargo test --all-targets` runs harness-less benches too; they only run for real
    // under `cargo bench`, which passes --bench.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let relays = env_number("WARDCAST_BENCH_RELAYS", 20) as usize;
    let drift_seconds = env_number("WARDCAST_BENCH_DRIFT_SECONDS", 300);
    let dir = tempfile::tempdir().expect("temp dir");
    let card = SoundCard::start(dir.path());
    // Before the player starts: the player's ALSA plays into the test card.
    std::env::set_var("ALSA_CONFIG_PATH", &card.alsa_config);
    println!(
        "wardcast relay benchmark: headless card, 440 Hz tone at 44.1 kHz stereo, 1 s in hand"
    );
    cost(dir.path(), 60);
    if relays > 0 {
        lateness(&card, relays);
    }
    drift(drift_seconds);
}
