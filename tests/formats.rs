//! Every format wardcast claims to air goes out for real: `wardcast play FILE` through
//! rodio and ALSA into the headless card, and the sound that came out is measured.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::{ffmpeg_convert, sha256_of, write_tone_wav, Recording, Station, CHANNELS, RATE};

const TONE_HZ: f64 = 660.0;
const TONE_SECONDS: f64 = 1.5;
/// How far a measured frequency may be from the tone's (zero-crossing count over 1 s).
const HZ_TOLERANCE: f64 = 15.0;
/// How far the length of the sound heard may be from the file's.
const LENGTH_TOLERANCE: f64 = 0.1;

/// The frequency of one channel of the card over `[from, from + length)` frames, from
/// zero crossings (as `Recording::frequency` does for the left channel).
fn channel_frequency(recording: &Recording, channel: usize, from: usize, length: usize) -> f64 {
    let samples: Vec<i16> = recording
        .samples
        .iter()
        .skip(channel)
        .step_by(CHANNELS)
        .skip(from)
        .take(length)
        .copied()
        .collect();
    let crossings = samples
        .windows(2)
        .filter(|pair| (pair[0] < 0) != (pair[1] < 0))
        .count();
    crossings as f64 / 2.0 / (samples.len() as f64 / f64::from(RATE))
}

/// A 16-bit PCM stereo WAV with a different tone on each side, to see that left stays left.
fn write_two_tone_wav(path: &Path, left_hz: f64, right_hz: f64, seconds: f64, rate: u32) {
    let frames = (seconds * f64::from(rate)).round() as usize;
    let mut data = Vec::with_capacity(frames * 4);
    for frame in 0..frames {
        let t = frame as f64 / f64::from(rate);
        for hz in [left_hz, right_hz] {
            let value = (0.5 * (2.0 * std::f64::consts::PI * hz * t).sin() * 32767.0) as i16;
            data.extend_from_slice(&value.to_le_bytes());
        }
    }
    let mut file = Vec::with_capacity(44 + data.len());
    file.extend_from_slice(b"RIFF");
    file.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    file.extend_from_slice(b"WAVEfmt ");
    file.extend_from_slice(&16u32.to_le_bytes());
    file.extend_from_slice(&1u16.to_le_bytes());
    file.extend_from_slice(&2u16.to_le_bytes());
    file.extend_from_slice(&rate.to_le_bytes());
    file.extend_from_slice(&(rate * 4).to_le_bytes());
    file.extend_from_slice(&4u16.to_le_bytes());
    file.extend_from_slice(&16u16.to_le_bytes());
    file.extend_from_slice(b"data");
    file.extend_from_slice(&(data.len() as u32).to_le_bytes());
    file.extend_from_slice(&data);
    std::fs::write(path, file).expect("write wav");
}

/// A station with no programmes: `wardcast play` needs only the card and the log.
fn station() -> Station {
    Station::new(&["thu"], "")
}

/// Makes the 1.5 s 660 Hz source tone and, unless `extension` is "wav", converts it.
fn tone_file(station: &Station, extension: &str, codec_args: &[&str]) -> PathBuf {
    let folder = station.audio("thu");
    let wav = folder.join("nguồn 660 Hz.wav");
    write_tone_wav(&wav, TONE_HZ, TONE_SECONDS, 44_100, 1);
    if extension == "wav" {
        return wav;
    }
    let converted = folder.join(format!("Bản tin thử.{extension}"));
    ffmpeg_convert(&wav, &converted, codec_args);
    converted
}

/// Plays `file` with `wardcast play`, checks the exit status and the log, and returns what
/// the card heard.
fn play(station: &Station, file: &Path) -> Recording {
    let output = station
        .command()
        .args(["--lang", "en", "play"])
        .arg(file)
        .output()
        .expect("wardcast runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "wardcast play {} exited {:?}\nstdout: {stdout}\nstderr: {stderr}",
        file.display(),
        output.status
    );
    assert!(
        stdout.contains("Played to the end"),
        "stdout: {stdout}\nstderr: {stderr}"
    );

    let log = station.log_json();
    assert_eq!(log.len(), 1, "one airing in the log: {log:#?}");
    let airing = &log[0];
    assert_eq!(airing["programme"], "manual", "{airing:#}");
    assert_eq!(airing["trigger"], "manual", "{airing:#}");
    assert_eq!(airing["outcome"], "aired", "{airing:#}");
    assert_eq!(airing["sha256"], sha256_of(file), "{airing:#}");
    assert_eq!(
        airing["file"].as_str(),
        file.to_str(),
        "the log names the file played"
    );
    for field in ["duration_seconds", "played_seconds"] {
        let seconds = airing[field].as_f64().expect(field);
        eprintln!("{}: {field} = {seconds:.4}", file.display());
        assert!(
            (seconds - TONE_SECONDS).abs() <= LENGTH_TOLERANCE,
            "{field} is {seconds} for a {TONE_SECONDS} s file"
        );
    }

    let recordings = station.card.wait_for_recordings(1, Duration::from_secs(5));
    assert_eq!(recordings.len(), 1, "the card was opened once");
    recordings.into_iter().next().expect("one recording")
}

/// The length of the sound the card heard, checked against the tone's.
fn assert_length(recording: &Recording, what: &str) {
    assert!(recording.has_sound(), "{what}: the card heard only silence");
    let length = recording.sound_duration().as_secs_f64();
    eprintln!("{what}: sound lasted {length:.4} s");
    assert!(
        (length - TONE_SECONDS).abs() <= LENGTH_TOLERANCE,
        "{what}: the card heard {length:.3} s of sound from a {TONE_SECONDS} s file"
    );
}

/// The frequency heard on one channel of the card, checked against `hz`.
fn assert_channel(recording: &Recording, channel: usize, hz: f64, what: &str) {
    let first = recording.first_sound_frame().expect("sound");
    // One second from the middle of the tone, clear of any fade at either end.
    let heard = channel_frequency(
        recording,
        channel,
        first + RATE as usize / 10,
        RATE as usize,
    );
    eprintln!("{what}: channel {channel} at {heard:.1} Hz");
    assert!(
        (heard - hz).abs() <= HZ_TOLERANCE,
        "{what}: channel {channel} heard {heard:.1} Hz, not {hz} Hz"
    );
}

fn assert_plays_the_tone(extension: &str, codec_args: &[&str]) {
    let station = station();
    let file = tone_file(&station, extension, codec_args);
    let recording = play(&station, &file);
    assert_length(&recording, extension);
    // A mono file comes out of both speakers.
    assert_channel(&recording, 0, TONE_HZ, extension);
    assert_channel(&recording, 1, TONE_HZ, extension);
}

#[test]
fn wav_44k_mono_airs() {
    assert_plays_the_tone("wav", &[]);
}

#[test]
fn mp3_airs() {
    assert_plays_the_tone("mp3", &["-codec:a", "libmp3lame", "-b:a", "128k"]);
}

#[test]
fn flac_airs() {
    assert_plays_the_tone("flac", &["-codec:a", "flac"]);
}

#[test]
fn ogg_vorbis_airs() {
    assert_plays_the_tone("ogg", &["-codec:a", "libvorbis"]);
}

#[test]
fn m4a_aac_airs() {
    assert_plays_the_tone("m4a", &["-codec:a", "aac"]);
}

#[test]
fn wav_48k_stereo_keeps_left_and_right() {
    let station = station();
    let file = station.audio("thu").join("stereo 48k.wav");
    write_two_tone_wav(&file, TONE_HZ, 990.0, TONE_SECONDS, 48_000);
    let recording = play(&station, &file);
    assert_length(&recording, "48 kHz stereo");
    assert_channel(&recording, 0, TONE_HZ, "48 kHz stereo, left");
    assert_channel(&recording, 1, 990.0, "48 kHz stereo, right");
}

#[test]
fn wav_22k_mono_is_resampled_to_both_sides() {
    let station = station();
    let file = station.audio("thu").join("mono 22k.wav");
    write_tone_wav(&file, TONE_HZ, TONE_SECONDS, 22_050, 1);
    let recording = play(&station, &file);
    assert_length(&recording, "22.05 kHz mono");
    assert_channel(&recording, 0, TONE_HZ, "22.05 kHz mono, left");
    assert_channel(&recording, 1, TONE_HZ, "22.05 kHz mono, right");
}

#[test]
fn aac_adts_airs() {
    assert_plays_the_tone("aac", &["-codec:a", "aac"]);
}

#[test]
fn oga_vorbis_airs() {
    assert_plays_the_tone("oga", &["-codec:a", "libvorbis"]);
}

#[test]
fn mp4_aac_airs() {
    assert_plays_the_tone("mp4", &["-codec:a", "aac"]);
}
