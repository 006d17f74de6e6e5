//! The recording writer with real files: a stream's bytes kept exactly, a recording with a
//! hole, names never reused, nothing received, a crash's leftover, and folders and disks
//! that refuse it (small or read-only tmpfs mounted by the test, which needs root, as CI
//! runs). The recorder is fed as a reception feeds it, through `ReceiveSink`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::{ffmpeg_convert, sha256_of, write_tone_wav};
use wardcast::messages::receive::ReceiveProblem;
use wardcast::messages::recording::{RecordingNote, RecordingProblem};
use wardcast::messages::{IoProblem, Lang};
use wardcast::receive::{Codec, ReceiveSink, StreamInfo, StreamKind};
use wardcast::recording::{leftovers, Finished, RecordError, Recorder, RECEIVING};
use wardcast::sound::GapCause;

/// A data folder and a programme folder.
struct Folders {
    dir: tempfile::TempDir,
}

impl Folders {
    fn new() -> Folders {
        let folders = Folders {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(folders.programme()).expect("mkdir");
        folders
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn receiving(&self) -> PathBuf {
        self.data().join(RECEIVING)
    }

    fn programme(&self) -> PathBuf {
        self.dir.path().join("audio").join("tiep-song")
    }

    fn recorder(&self, stem: &str) -> Recorder {
        Recorder::create(&self.data(), &self.programme(), stem).expect("the recording starts")
    }
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.map(|entry| entry.expect("entry").path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// `seconds` of a 440 Hz tone coded by ffmpeg (`codec_args`, into a file ending `name`).
fn coded_tone(dir: &Path, name: &str, seconds: f64, codec_args: &[&str]) -> Vec<u8> {
    let wav = dir.join("tone.wav");
    write_tone_wav(&wav, 440.0, seconds, 44_100, 1);
    let coded = dir.join(name);
    ffmpeg_convert(&wav, &coded, codec_args);
    std::fs::read(coded).expect("the coded tone")
}

fn mp3_tone(dir: &Path, seconds: f64) -> Vec<u8> {
    coded_tone(dir, "tone.mp3", seconds, &["-codec:a", "libmp3lame"])
}

fn stream(codec: Codec) -> StreamInfo {
    StreamInfo {
        kind: StreamKind::HttpStream,
        codec,
        bitrate: Some(64_000),
        sample_rate: Some(44_100),
        channels: Some(1),
    }
}

/// Feeds `bytes` as a stream delivers them (in uneven pieces), with `seconds` of decoded
/// sound beside them.
fn feed(sink: &mut dyn ReceiveSink, bytes: &[u8], seconds: f64) {
    for piece in bytes.chunks(777) {
        sink.bytes(piece);
    }
    let frames = (seconds * 44_100.0).round() as usize;
    let sound = vec![0.25f32; 1152];
    for start in (0..frames).step_by(1152) {
        sink.sound(&sound[..1152.min(frames - start)], 44_100, 1);
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A tmpfs mounted on a folder (`options` such as `size=1m` or `ro`), unmounted when
/// dropped. `None` when not root.
struct Mounted(PathBuf);

impl Mounted {
    fn tmpfs(at: &Path, options: &str) -> Option<Mounted> {
        if !is_root() {
            eprintln!("skipped: mounting a tmpfs needs root");
            return None;
        }
        std::fs::create_dir_all(at).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .status()
            .expect("mount runs");
        assert!(status.success(), "mount -o {options} failed");
        Some(Mounted(at.to_path_buf()))
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn stream_bytes_are_kept_exactly_and_land_in_the_folder_whole() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 2.0);
    let mut recorder = folders.recorder("2026-03-06 Chuyên mục CCHC Đài tỉnh");
    recorder.connected(&stream(Codec::Mp3));
    feed(&mut recorder, &mp3, 2.0);
    // Until finished, the programme folder has nothing.
    assert!(files_in(&folders.programme()).is_empty());
    assert_eq!(files_in(&folders.receiving()).len(), 1);

    let finished = recorder.finish().expect("saved");
    let path = folders
        .programme()
        .join("2026-03-06 Chuyên mục CCHC Đài tỉnh.mp3");
    assert_eq!(finished.path, path);
    assert_eq!(std::fs::read(&path).expect("the recording"), mp3);
    assert_eq!(finished.bytes, mp3.len() as u64);
    assert_eq!(finished.sha256, sha256_of(&path));
    assert_eq!(finished.codec, Codec::Mp3);
    assert!(
        (finished.seconds - 2.0).abs() < 0.01,
        "{}",
        finished.seconds
    );
    assert!(finished.gaps.is_empty());
    assert_eq!(
        finished.note(),
        RecordingNote::Saved {
            file: path.clone(),
            seconds: 2
        }
    );
    assert!(files_in(&folders.receiving()).is_empty());
    // The library takes it as any MP3 dropped in the folder.
    let probe = wardcast::library::probe(&path).expect("the library takes it");
    assert!(
        (probe.duration.as_secs_f64() - 2.0).abs() < 0.1,
        "{probe:?}"
    );
}

#[test]
fn a_recording_that_lost_its_source_keeps_what_it_had_and_says_where() {
    let folders = Folders::new();
    let aac = coded_tone(
        folders.dir.path(),
        "tone.aac",
        2.0,
        &["-codec:a", "aac", "-f", "adts"],
    );
    let (first, second) = aac.split_at(aac.len() / 2);
    let mut recorder = folders.recorder("tin");
    recorder.connected(&stream(Codec::Aac));
    feed(&mut recorder, first, 1.0);
    let dropped = ReceiveProblem::ConnectionLost {
        detail: "reset by peer".into(),
    };
    recorder.lost(GapCause::Reconnect, &dropped);
    std::thread::sleep(Duration::from_millis(300));
    // Trying again fails once more: still the same hole.
    recorder.lost(GapCause::Unreachable, &ReceiveProblem::Unreachable);
    std::thread::sleep(Duration::from_millis(300));
    recorder.connected(&stream(Codec::Aac));
    feed(&mut recorder, second, 1.0);
    let finished = recorder.finish().expect("saved");

    assert_eq!(finished.path, folders.programme().join("tin.aac"));
    assert_eq!(std::fs::read(&finished.path).expect("the recording"), aac);
    assert_eq!(finished.gaps.len(), 1, "{:?}", finished.gaps);
    let gap = &finished.gaps[0];
    assert_eq!(gap.cause, GapCause::Reconnect);
    assert!(gap.offset_seconds < 0.5, "{gap:?}");
    assert!((0.55..1.5).contains(&gap.length_seconds), "{gap:?}");
    let RecordingNote::SavedWithGaps { gaps, .. } = finished.note() else {
        panic!("a recording with a hole says so: {:?}", finished.note());
    };
    assert_eq!(gaps, 1);
    wardcast::library::probe(&finished.path).expect("the library takes it");
}

#[test]
fn a_source_that_comes_back_in_another_coding_is_left_out() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 1.0);
    let mut recorder = folders.recorder("tin");
    recorder.connected(&stream(Codec::Mp3));
    feed(&mut recorder, &mp3, 1.0);
    recorder.lost(GapCause::Reconnect, &ReceiveProblem::Unreachable);
    recorder.connected(&stream(Codec::Aac));
    feed(&mut recorder, &[0xFF, 0xF1, 0x50, 0x80], 1.0);
    let finished = recorder.finish().expect("saved");
    assert_eq!(std::fs::read(&finished.path).expect("the recording"), mp3);
    assert!((finished.seconds - 1.0).abs() < 0.01);
    assert_eq!(finished.gaps.len(), 1);
}

#[test]
fn a_recording_never_replaces_a_file_in_the_folder() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 0.5);
    let officer_s = folders.programme().join("tin.mp3");
    std::fs::write(&officer_s, b"the officer's own file").expect("write");
    let mut placed = Vec::new();
    for _ in 0..2 {
        let mut recorder = folders.recorder("tin");
        recorder.connected(&stream(Codec::Mp3));
        feed(&mut recorder, &mp3, 0.5);
        placed.push(recorder.finish().expect("saved").path);
    }
    assert_eq!(
        placed,
        vec![
            folders.programme().join("tin (2).mp3"),
            folders.programme().join("tin (3).mp3")
        ]
    );
    assert_eq!(
        std::fs::read(&officer_s).expect("still there"),
        b"the officer's own file"
    );
}

#[test]
fn a_recording_that_received_nothing_leaves_no_file_and_says_why() {
    let folders = Folders::new();
    let mut recorder = folders.recorder("tin");
    recorder.lost(
        GapCause::Unreachable,
        &ReceiveProblem::HttpStatus { status: 404 },
    );
    let error = recorder.finish().expect_err("nothing to save");
    assert_eq!(
        error,
        RecordError(RecordingProblem::NothingReceived {
            why: Some(ReceiveProblem::HttpStatus { status: 404 })
        })
    );
    assert!(
        error.say(Lang::Vi).contains("HTTP 404"),
        "{}",
        error.say(Lang::Vi)
    );
    // A capture device that opened and gave no sound: not even the FLAC header is kept.
    let mut recorder = folders.recorder("tin");
    recorder.connected(&StreamInfo {
        kind: StreamKind::Capture,
        codec: Codec::Pcm,
        bitrate: None,
        sample_rate: Some(48_000),
        channels: Some(2),
    });
    let error = recorder.finish().expect_err("nothing to save");
    assert_eq!(
        error,
        RecordError(RecordingProblem::NothingReceived { why: None })
    );
    assert!(files_in(&folders.programme()).is_empty());
    assert!(files_in(&folders.receiving()).is_empty());
}

#[test]
fn capture_sound_is_kept_as_flac_the_library_takes() {
    let folders = Folders::new();
    let mut recorder = folders.recorder("{date} thu");
    recorder.connected(&StreamInfo {
        kind: StreamKind::Capture,
        codec: Codec::Pcm,
        bitrate: None,
        sample_rate: None,
        channels: None,
    });
    // The rate and channels come with the first sound.
    let period: Vec<f32> = (0..1024 * 2)
        .map(|i| ((i / 2) as f32 * 0.13).sin() * 0.5)
        .collect();
    for _ in 0..(3 * 48_000 / 1024) {
        recorder.sound(&period, 48_000, 2);
    }
    // Sound in another shape (a device opened again at another rate) is left out.
    recorder.sound(&period, 44_100, 2);
    let finished = recorder.finish().expect("saved");
    assert_eq!(finished.path, folders.programme().join("{date} thu.flac"));
    assert_eq!(finished.codec, Codec::Pcm);
    let seconds = (3 * 48_000 / 1024 * 1024) as f64 / 48_000.0;
    assert!((finished.seconds - seconds).abs() < 1e-9);
    let probe = wardcast::library::probe(&finished.path).expect("the library takes it");
    assert_eq!((probe.sample_rate, probe.channels), (48_000, 2));
    assert!(
        (probe.duration.as_secs_f64() - seconds).abs() < 0.001,
        "{probe:?}"
    );
    assert_eq!(finished.sha256, sha256_of(&finished.path));
}

#[test]
fn a_recording_left_by_a_crash_is_never_taken_for_a_finished_one() {
    let folders = Folders::new();
    let aac = coded_tone(
        folders.dir.path(),
        "tone.aac",
        1.0,
        &["-codec:a", "aac", "-f", "adts"],
    );
    let mut cut_off = folders.recorder("tin");
    cut_off.connected(&stream(Codec::Aac));
    feed(&mut cut_off, &aac, 1.0);
    let part = cut_off.path().to_path_buf();
    // A recording being written is not a leftover.
    assert_eq!(leftovers(&folders.data()).expect("listed"), vec![]);
    // Another recording under the same name is written beside it.
    let mut beside = folders.recorder("tin");
    assert_ne!(beside.path(), part.as_path());

    // wardcast stops without finishing it.
    drop(cut_off);
    let found = leftovers(&folders.data()).expect("listed");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, part);
    assert_eq!(found[0].bytes, aac.len() as u64);
    assert!(files_in(&folders.programme()).is_empty());

    let kept = found[0].set_aside().expect("set aside");
    assert_eq!(kept.parent(), Some(folders.receiving().as_path()));
    let name = kept.file_name().and_then(|n| n.to_str()).expect("a name");
    assert!(
        name.starts_with("tin.") && name.ends_with(".incomplete.aac"),
        "{name}"
    );
    assert_eq!(std::fs::read(&kept).expect("kept"), aac);
    assert_eq!(leftovers(&folders.data()).expect("listed"), vec![]);

    // The recording beside it is finished as usual.
    beside.connected(&stream(Codec::Aac));
    feed(&mut beside, &aac, 1.0);
    let finished = beside.finish().expect("saved");
    assert_eq!(files_in(&folders.programme()), vec![finished.path]);
}

#[test]
fn a_programme_folder_that_is_gone_or_read_only_keeps_the_recording_aside() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 0.5);
    let record = |folder: &Path| {
        let mut recorder =
            Recorder::create(&folders.data(), folder, "tin").expect("the recording starts");
        recorder.connected(&stream(Codec::Mp3));
        feed(&mut recorder, &mp3, 0.5);
        recorder.finish()
    };
    let check = |result: Result<Finished, RecordError>, folder: &Path, problem: IoProblem| {
        let error = result.expect_err("not placed");
        let RecordingProblem::CannotPlace {
            folder: named,
            kept,
            reason,
        } = &error.0
        else {
            panic!("{error:?}");
        };
        assert_eq!(named, folder);
        assert_eq!(reason.problem, Some(problem), "{reason:?}");
        assert_eq!(kept.parent(), Some(folders.receiving().as_path()));
        assert!(kept.to_string_lossy().ends_with(".incomplete.mp3"));
        assert_eq!(std::fs::read(kept).expect("kept whole"), mp3);
        std::fs::remove_file(kept).expect("clear");
        error
    };

    // A folder on a disk that was unplugged: never made anew.
    let gone = folders.dir.path().join("usb").join("tiep-song");
    let error = check(record(&gone), &gone, IoProblem::NotFound);
    assert!(!gone.exists());
    assert!(error.say(Lang::En).contains("is kept at"), "{error}");

    let Some(_mounted) = Mounted::tmpfs(&folders.programme(), "ro,size=1m") else {
        return;
    };
    let error = check(
        record(&folders.programme()),
        &folders.programme(),
        IoProblem::ReadOnly,
    );
    assert!(
        error.say(Lang::Vi).contains("ổ đĩa chỉ cho đọc"),
        "{}",
        error.say(Lang::Vi)
    );
    assert!(files_in(&folders.programme()).is_empty());
}

#[test]
fn a_full_data_disk_fails_the_recording_plainly_and_keeps_what_it_had() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 2.0);
    let Some(_mounted) = Mounted::tmpfs(&folders.data(), "size=256k") else {
        return;
    };
    let mut recorder = folders.recorder("tin");
    recorder.connected(&stream(Codec::Mp3));
    let mut fed = Vec::new();
    while recorder.failure().is_none() && fed.len() < 4_000_000 {
        feed(&mut recorder, &mp3, 2.0);
        fed.extend_from_slice(&mp3);
    }
    let failure = recorder.failure().expect("the disk filled").clone();
    assert_eq!(failure.problem, Some(IoProblem::DiskFull));
    let error = recorder.finish().expect_err("not saved");
    let RecordingProblem::WriteFailed { kept, reason } = &error.0 else {
        panic!("{error:?}");
    };
    assert_eq!(reason.problem, Some(IoProblem::DiskFull));
    assert!(
        error.say(Lang::Vi).contains("ổ đĩa đã đầy"),
        "{}",
        error.say(Lang::Vi)
    );
    assert!(error.say(Lang::En).contains(&kept.display().to_string()));
    // What fitted is kept, as it was received.
    let kept_bytes = std::fs::read(kept).expect("kept");
    assert!(!kept_bytes.is_empty() && kept_bytes.len() < fed.len());
    assert_eq!(kept_bytes, fed[..kept_bytes.len()]);
    assert!(kept.to_string_lossy().ends_with(".incomplete.mp3"));
    assert!(files_in(&folders.programme()).is_empty());
}

#[test]
fn a_recording_written_on_another_disk_than_its_folder_is_copied_in_whole() {
    let folders = Folders::new();
    let mp3 = mp3_tone(folders.dir.path(), 1.0);
    let Some(_mounted) = Mounted::tmpfs(&folders.data(), "size=8m") else {
        return;
    };
    let mut recorder = folders.recorder("tin");
    recorder.connected(&stream(Codec::Mp3));
    feed(&mut recorder, &mp3, 1.0);
    let finished = recorder.finish().expect("saved");
    // Only the recording is in the folder: no hidden copy left beside it.
    assert_eq!(files_in(&folders.programme()), vec![finished.path.clone()]);
    assert_eq!(std::fs::read(&finished.path).expect("the recording"), mp3);
    assert_eq!(finished.sha256, sha256_of(&finished.path));
    assert!(files_in(&folders.receiving()).is_empty());
}
