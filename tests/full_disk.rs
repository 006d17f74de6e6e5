//! A data folder whose disk fills up just before a slot: the station stays on air, the
//! airing's records wait in memory, and they reach the log with their own times once space
//! is freed. The disk is a real one that really fills: a small tmpfs mounted by the test
//! (which needs root, as CI runs).

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::{settle, slot_in, Station};

/// A small tmpfs mounted on a folder, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).expect("mkdir");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .ok()?;
        status.success().then(|| SmallDisk(at.to_path_buf()))
    }

    /// Writes a filler file until the disk refuses more.
    fn fill(&self) -> PathBuf {
        let filler = self.0.join("filler.bin");
        let mut file = std::fs::File::create(&filler).expect("filler");
        let block = vec![0x5au8; 16 * 1024];
        while file.write_all(&block).is_ok() {}
        let small = [0u8; 512];
        while file.write_all(&small).is_ok() {}
        let _ = file.sync_all();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A station with one `unaired` programme whose slot is `lead` from now, one tone of
/// `seconds` ready in its folder, and its data folder on a 3 MB disk of its own. `None`
/// when not root (mounting needs it).
fn station_on_a_small_disk(
    lead: Duration,
    seconds: f64,
    spare: bool,
) -> Option<(chrono::DateTime<chrono::Utc>, Station, SmallDisk)> {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs for the data folder needs root");
        return None;
    }
    let (slot, line) = slot_in(lead);
    let station = Station::new(
        &["news"],
        &format!(
            "[[programme]]\nid = \"news\"\ntitle = \"news\"\nfolder = \"news\"\n\
             schedule = [\"{line}\"]\npick = \"unaired\"\n"
        ),
    );
    if spare {
        support::with_spare_folder(&station);
    }
    let tone = station.audio("news").join("tin.wav");
    support::write_tone_wav(&tone, 660.0, seconds, 22_050, 1);
    settle(&tone);
    let disk = SmallDisk::mount(&station.dir.path().join("data"), "3m").expect("mount tmpfs");
    Some((slot, station, disk))
}

/// Starts the daemon and fills its data disk once the slot's file is picked, a few seconds
/// before the slot; returns the daemon and the filler to delete to free the disk.
fn fill_the_disk_just_before_the_slot(
    station: &Station,
    disk: &SmallDisk,
) -> (support::Daemon, PathBuf) {
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["file picked"], Duration::from_secs(15))
        .unwrap_or_else(|| panic!("never picked:\n{}", daemon.log_text()));
    let filler = disk.fill();
    (daemon, filler)
}

/// The same, and waits until the airing on the full disk has ended.
fn fill_the_disk_as_it_airs(station: &Station, disk: &SmallDisk) -> (support::Daemon, PathBuf) {
    let (daemon, filler) = fill_the_disk_just_before_the_slot(station, disk);
    daemon
        .wait_for_line(&["airing ended"], Duration::from_secs(15))
        .unwrap_or_else(|| panic!("the airing did not end:\n{}", daemon.log_text()));
    (daemon, filler)
}

#[test]
fn a_full_data_disk_keeps_the_station_on_air_and_the_records_come_back_with_their_times() {
    let Some((slot, station, disk)) = station_on_a_small_disk(Duration::from_secs(8), 4.0, false)
    else {
        return;
    };
    let (mut daemon, filler) = fill_the_disk_just_before_the_slot(&station, &disk);

    let heard = station.card.wait_for_recordings(1, Duration::from_secs(15));
    daemon
        .wait_for_line(&["airing ended"], Duration::from_secs(10))
        .unwrap_or_else(|| panic!("the airing did not end:\n{}", daemon.log_text()));
    assert!(
        daemon.is_running(),
        "the daemon exited:\n{}",
        daemon.log_text()
    );
    assert!(
        daemon
            .wait_for_line(&["cannot be written", "Free space"], Duration::from_secs(2))
            .is_some(),
        "the officer was not told:\n{}",
        daemon.log_text()
    );
    let sound = heard.last().expect("heard").sound_duration().as_secs_f64();
    assert!((sound - 4.0).abs() < 0.1, "the card heard {sound} s");

    std::fs::remove_file(&filler).expect("free the disk");
    let log = station.wait_for_outcomes(1, Duration::from_secs(15));
    assert_eq!(log.len(), 1, "{log:#?}\n{}", daemon.log_text());
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    let started =
        chrono::DateTime::parse_from_rfc3339(log[0]["started_at"].as_str().expect("start"))
            .expect("time");
    let late_ms = (started.timestamp_millis() - slot.timestamp_millis()).abs();
    assert!(
        late_ms < 200,
        "logged {late_ms} ms away from the slot: not its own time"
    );
    let played = log[0]["played_seconds"].as_f64().expect("played");
    assert!((played - 4.0).abs() < 0.1, "played {played} s");
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");

    // A restart afterwards blames no downtime and repeats nothing.
    let again = station.spawn_daemon(&[]);
    again
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("restarted");
    std::thread::sleep(Duration::from_secs(2));
    let (status, restart_log) = again.terminate();
    assert!(status.success(), "{restart_log}");
    let log = station.log_json();
    assert_eq!(log.len(), 1, "{log:#?}");
    let verify = station.run(&["--lang", "en", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    drop(disk);
}

#[test]
fn records_waiting_when_wardcast_stops_on_a_full_disk_are_kept_on_the_spare_disk() {
    let Some((slot, station, disk)) = station_on_a_small_disk(Duration::from_secs(8), 2.0, true)
    else {
        return;
    };
    let (daemon, filler) = fill_the_disk_as_it_airs(&station, &disk);
    // Stopped while the disk is still full: the records cannot reach the log.
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    let journal = station
        .dir
        .path()
        .join("spare")
        .join("wardcast-waiting.jsonl");
    assert!(
        journal.exists(),
        "nothing kept on the spare disk:\n{daemon_log}"
    );

    std::fs::remove_file(&filler).expect("free the disk");
    let again = station.spawn_daemon(&[]);
    again
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .unwrap_or_else(|| panic!("did not restart:\n{}", again.log_text()));
    let (status, restart_log) = again.terminate();
    assert!(status.success(), "{restart_log}");
    let log = station.log_json();
    assert_eq!(log.len(), 1, "{log:#?}\n{restart_log}");
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    let started =
        chrono::DateTime::parse_from_rfc3339(log[0]["started_at"].as_str().expect("start"))
            .expect("time");
    let late_ms = (started.timestamp_millis() - slot.timestamp_millis()).abs();
    assert!(late_ms < 200, "logged {late_ms} ms away from the slot");
    assert!(
        !journal.exists(),
        "the journal is emptied once its records are in the log"
    );
    let verify = station.run(&["--lang", "en", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    drop(disk);
}

fn with_paths(station: &Station, extra: &str) {
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    std::fs::write(
        station.config_path(),
        config.replace(
            "data = \"../data\"",
            &format!("data = \"../data\"\n{extra}"),
        ),
    )
    .expect("config");
}

fn check(station: &Station, lang: &str) -> (Option<i32>, String) {
    let output = station.run(&["--lang", lang, "check"]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn check_tells_of_a_data_disk_running_out_in_plain_words() {
    if !is_root() {
        eprintln!("skipped: mounting a small tmpfs for the data folder needs root");
        return;
    }
    let station = Station::new(&["news"], "");
    let disk = SmallDisk::mount(&station.dir.path().join("data"), "2m").expect("mount tmpfs");
    let (code, text) = check(&station, "en");
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("The disk of the data folder") && text.contains("MB free: free some space"),
        "{text}"
    );
    let (_, text) = check(&station, "vi");
    assert!(text.contains("Ổ đĩa chứa thư mục dữ liệu"), "{text}");
    drop(disk);
}

#[test]
fn check_tells_of_an_unusable_spare_folder_and_of_records_waiting_on_it() {
    let station = Station::new(&["news"], "");
    with_paths(&station, "spare = \"/proc/wardcast-spare\"");
    let (code, text) = check(&station, "en");
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("The spare folder /proc/wardcast-spare cannot be written"),
        "{text}"
    );

    let station = Station::new(&["news"], "");
    with_paths(&station, "spare = \"../spare\"");
    let spare = station.dir.path().join("spare");
    std::fs::create_dir_all(&spare).expect("mkdir");
    std::fs::write(spare.join("wardcast-waiting.jsonl"), "{}\n{}\n").expect("journal");
    let (code, text) = check(&station, "en");
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("2 records of the airing log wait in"),
        "{text}"
    );
}

#[test]
fn spare_may_not_be_the_data_folder() {
    let station = Station::new(&["news"], "");
    with_paths(&station, "spare = \"../data\"");
    let output = station.run(&["--lang", "en", "check"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`spare` is the `data` folder itself"),
        "{stderr}"
    );
}

#[test]
fn a_crash_while_records_wait_leaves_the_slot_to_be_accounted_for_at_the_restart() {
    let Some((_, station, disk)) = station_on_a_small_disk(Duration::from_secs(8), 2.0, false)
    else {
        return;
    };
    let (mut daemon, filler) = fill_the_disk_as_it_airs(&station, &disk);
    std::thread::sleep(Duration::from_secs(2));
    // A power cut: the records in memory are gone, and there is no spare disk.
    let _ = daemon.child.kill();
    let _ = daemon.child.wait();
    std::fs::remove_file(&filler).expect("free the disk");
    let again = station.spawn_daemon(&[]);
    let log = station.wait_for_outcomes(1, Duration::from_secs(15));
    let (status, restart_log) = again.terminate();
    assert!(status.success(), "{restart_log}");
    assert_eq!(
        log.len(),
        1,
        "the slot is accounted for once, not lost in silence: {log:#?}\n{restart_log}"
    );
    assert_eq!(log[0]["outcome"], "missed", "{log:#?}");
    let reason = log[0]["reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("không ghi được nhật ký của khung giờ này"),
        "the reason says what happened, not that wardcast was down: {reason}"
    );
    drop(disk);
}

#[test]
fn wardcast_starts_and_airs_on_a_data_disk_that_filled_while_it_was_stopped() {
    let Some((slot, station, disk)) = station_on_a_small_disk(Duration::from_secs(10), 2.0, false)
    else {
        return;
    };
    let first = station.spawn_daemon(&[]);
    first
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .unwrap_or_else(|| panic!("did not start:\n{}", first.log_text()));
    let (status, log) = first.terminate();
    assert!(status.success(), "{log}");
    let filler = disk.fill();

    let mut daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["airing ended"], Duration::from_secs(20))
        .unwrap_or_else(|| panic!("nothing aired on the full disk:\n{}", daemon.log_text()));
    assert!(daemon.is_running(), "{}", daemon.log_text());
    std::fs::remove_file(&filler).expect("free the disk");
    let log = station.wait_for_outcomes(1, Duration::from_secs(15));
    let (status, daemon_log) = daemon.terminate();
    assert!(status.success(), "{daemon_log}");
    assert_eq!(log.len(), 1, "{log:#?}\n{daemon_log}");
    assert_eq!(log[0]["outcome"], "aired", "{log:#?}");
    let started =
        chrono::DateTime::parse_from_rfc3339(log[0]["started_at"].as_str().expect("start"))
            .expect("time");
    assert!((started.timestamp_millis() - slot.timestamp_millis()).abs() < 200);
    drop(disk);
}
