//! The pick rules, seen the way an officer sees them: real files dropped into a real
//! programme folder, `wardcast next --json` saying which one each airing would play, and a
//! real airing log filled by real airings (`wardcast play` on the headless card).

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use support::{settle, sha256_of, write_tone_wav, Station};

/// When a file arrived in the folder, as wardcast judges it
/// (creation time where the file system keeps one, else the modification time).
/// When wardcast takes a file to have arrived: the later of its creation and its last
/// status change (a move into the folder, or `settle` below, changes the latter).
fn added(path: &Path) -> SystemTime {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).expect("metadata");
    let changed = SystemTime::UNIX_EPOCH
        + Duration::new(metadata.ctime() as u64, metadata.ctime_nsec() as u32);
    metadata
        .created()
        .map_or(changed, |created| created.max(changed))
}

/// Writes tones one after the other so that each file arrives clearly after the one
/// before, whatever the time resolution of the file system (a file that got nearly the
/// same time as the previous one is removed and written again a moment later), then
/// settles them.
fn add_in_order(files: &[(&Path, f64, f64)]) {
    add_after(None, files);
}

/// As `add_in_order`, the first file arriving after `earlier` (a file already there).
fn add_after(earlier: Option<&Path>, files: &[(&Path, f64, f64)]) {
    let mut previous: Option<SystemTime> = earlier.map(added);
    for &(path, hz, seconds) in files {
        loop {
            write_tone_wav(path, hz, seconds, 8_000, 1);
            settle(path);
            let at = added(path);
            let later = previous.is_none_or(|before| {
                at.duration_since(before)
                    .is_ok_and(|gap| gap >= Duration::from_millis(5))
            });
            if later {
                previous = Some(at);
                break;
            }
            std::fs::remove_file(path).expect("remove");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The audio files of `folder`, oldest first by the same file times as `added`: the
/// precondition each test relies on (the order the files arrived in).
fn listed(folder: &Path) -> Vec<String> {
    let mut files: Vec<(SystemTime, String)> = std::fs::read_dir(folder)
        .expect("read folder")
        .map(|entry| {
            let entry = entry.expect("entry");
            (
                added(&entry.path()),
                entry.file_name().into_string().expect("UTF-8 name"),
            )
        })
        .filter(|(_, name)| name.ends_with(".wav"))
        .collect();
    files.sort();
    files.into_iter().map(|(_, name)| name).collect()
}

/// `wardcast next --json --from FROM --count COUNT`, one JSON object per line.
fn next(station: &Station, from: &str, count: usize) -> Vec<Value> {
    let output = station.run(&[
        "--lang",
        "en",
        "next",
        "--json",
        "--from",
        from,
        "--count",
        &count.to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "wardcast next failed: {stderr}");
    let planned: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(planned.len(), count, "{planned:#?}\n{stderr}");
    planned
}

/// Asserts that a planned airing would play `file`.
fn assert_plays(planned: &Value, file: &Path) {
    // The path is the programme folder as configured ("config/../audio/…"), so compare
    // the files, not the spellings.
    let picked = planned["file"].as_str().map(|path| {
        Path::new(path)
            .canonicalize()
            .expect("the picked file exists")
    });
    assert_eq!(
        picked,
        Some(file.canonicalize().expect("file exists")),
        "expected {} to be picked: {planned:#}",
        file.display()
    );
    assert_eq!(planned["sha256"], sha256_of(file), "{planned:#}");
    assert!(planned["problem"].is_null(), "{planned:#}");
}

/// Asserts that a planned airing has nothing to play, for a reason containing `reason`.
fn assert_problem(planned: &Value, reason: &str) -> String {
    assert!(planned["file"].is_null(), "no file expected: {planned:#}");
    let problem = planned["problem"].as_str().expect("a problem").to_string();
    assert!(
        problem.contains(reason),
        "the problem {problem:?} should contain {reason:?}"
    );
    problem
}

/// Airs `file` for real with `wardcast play` on the headless card.
fn air(station: &Station, file: &Path) {
    let output = station
        .command()
        .args(["--lang", "en", "play"])
        .arg(file)
        .output()
        .expect("wardcast runs");
    assert!(
        output.status.success(),
        "wardcast play {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn programme(id: &str, schedule: &str, pick: &str, extra: &str) -> String {
    format!(
        "[[programme]]\nid = \"{id}\"\ntitle = \"Chương trình {id}\"\nfolder = \"{id}\"\n\
         schedule = [\"{schedule}\"]\npick = \"{pick}\"\n{extra}\n"
    )
}

#[test]
fn month_picks_the_newest_file_carrying_the_airing_month() {
    let station = Station::new(
        &["cchc-monthly"],
        &programme("cchc-monthly", "30 6 * * MON#1", "month", ""),
    );
    let folder = station.audio("cchc-monthly");
    // The first December file, replaced later by a corrected one; names sort the other
    // way round, so only the order of arrival can tell which is newer.
    let december_first = folder.join("Chuyên mục CCHC 2026-12 (bản đầu).wav");
    let november = folder.join("2026-11 CCHC.wav");
    let december_corrected = folder.join("2026-12 Chuyên mục CCHC.wav");
    let february = folder.join("2027-02 CCHC.wav");
    let not_a_month = folder.join("CCHC 2026-123.wav");
    add_in_order(&[
        (&december_first, 500.0, 0.5),
        (&november, 600.0, 0.5),
        (&december_corrected, 700.0, 0.5),
        (&february, 800.0, 0.5),
        // Newest of all and "2026-12" is in its name, but only as part of a longer number.
        (&not_a_month, 900.0, 0.5),
    ]);
    assert_eq!(
        listed(&folder),
        [
            "Chuyên mục CCHC 2026-12 (bản đầu).wav",
            "2026-11 CCHC.wav",
            "2026-12 Chuyên mục CCHC.wav",
            "2027-02 CCHC.wav",
            "CCHC 2026-123.wav"
        ]
    );

    let planned = next(&station, "2026-11-26", 3);
    assert_eq!(planned[0]["scheduled_at"], "2026-12-07T06:30:00.000+07:00");
    assert_plays(&planned[0], &december_corrected);
    assert_eq!(planned[1]["scheduled_at"], "2027-01-04T06:30:00.000+07:00");
    assert_problem(&planned[1], "no file for 2027-01");
    assert_eq!(planned[2]["scheduled_at"], "2027-02-01T06:30:00.000+07:00");
    assert_plays(&planned[2], &february);
}

#[test]
fn newest_picks_the_file_added_last() {
    let station = Station::new(
        &["ban-tin"],
        &programme("ban-tin", "0 17 * * *", "newest", ""),
    );
    let folder = station.audio("ban-tin");
    let (c, a, b) = (
        folder.join("c bản tin.wav"),
        folder.join("a bản tin.wav"),
        folder.join("b bản tin.wav"),
    );
    // Added in an order that is neither the names' order nor its reverse.
    add_in_order(&[(&c, 500.0, 0.5), (&a, 600.0, 0.5), (&b, 700.0, 0.5)]);
    assert_eq!(
        listed(&folder),
        ["c bản tin.wav", "a bản tin.wav", "b bản tin.wav"]
    );
    let planned = next(&station, "2026-12-01", 1);
    assert_eq!(planned[0]["programme"], "ban-tin");
    assert_eq!(planned[0]["scheduled_at"], "2026-12-01T17:00:00.000+07:00");
    assert_plays(&planned[0], &b);

    // A file dropped in later is picked from then on; one still being copied is not.
    let dropped = folder.join("0 bản tin mới.wav");
    let copying = folder.join("z bản tin.wav.part");
    add_after(Some(&b), &[(&dropped, 800.0, 0.5), (&copying, 900.0, 0.5)]);
    assert_plays(&next(&station, "2026-12-01", 1)[0], &dropped);
}

#[test]
fn unaired_picks_the_oldest_file_not_yet_aired_then_the_next() {
    let station = Station::new(
        &["tiep-song"],
        &programme("tiep-song", "0 17 * * WED", "unaired", ""),
    );
    let folder = station.audio("tiep-song");
    let (papi, pci, dti) = (
        folder.join("PAPI 2026.wav"),
        folder.join("PCI 2026.wav"),
        folder.join("DTI 2026.wav"),
    );
    add_in_order(&[(&papi, 500.0, 0.4), (&pci, 600.0, 0.4), (&dti, 700.0, 0.4)]);
    assert_eq!(
        listed(&folder),
        ["PAPI 2026.wav", "PCI 2026.wav", "DTI 2026.wav"]
    );
    // 2 Dec 2026 is a Wednesday.
    let first = next(&station, "2026-12-01", 1);
    assert_eq!(first[0]["scheduled_at"], "2026-12-02T17:00:00.000+07:00");
    assert_plays(&first[0], &papi);

    air(&station, &papi);
    assert_plays(&next(&station, "2026-12-01", 1)[0], &pci);

    air(&station, &pci);
    air(&station, &dti);
    let log = station.log_json();
    assert_eq!(log.len(), 3, "{log:#?}");
    assert!(
        log.iter().all(|airing| airing["outcome"] == "aired"),
        "{log:#?}"
    );
    assert_problem(
        &next(&station, "2026-12-01", 1)[0],
        "no file in tiep-song/ that has not aired yet",
    );
}

#[test]
fn unaired_does_not_count_an_airing_cut_off_midway() {
    let station = Station::new(
        &["tiep-song"],
        &programme("tiep-song", "0 17 * * WED", "unaired", ""),
    );
    let folder = station.audio("tiep-song");
    let (long, short) = (folder.join("PCI dài.wav"), folder.join("DTI ngắn.wav"));
    add_in_order(&[(&long, 500.0, 4.0), (&short, 600.0, 0.4)]);

    let mut playing = station
        .command()
        .args(["--lang", "en", "play"])
        .arg(&long)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("wardcast play starts");
    // Cut it once the log shows it on air.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while station.log_json().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let pid = playing.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = playing.wait().expect("wardcast play exits");
    assert!(!status.success(), "a cut-off airing is not a success");

    let log = station.log_json();
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0]["outcome"], "interrupted", "{log:#?}");
    assert_eq!(log[0]["sha256"], sha256_of(&long));
    // It did not air to the end, so it is still the one to air.
    assert_plays(&next(&station, "2026-12-01", 1)[0], &long);
}

#[test]
fn duration_bounds_pass_over_files_too_short_or_too_long() {
    let bounds = "min_duration = \"3s\"\nmax_duration = \"5s\"";
    let station = Station::new(
        &["ban-tin", "qua-ngan", "qua-dai"],
        &[
            programme("ban-tin", "0 6 * * *", "newest", bounds),
            programme("qua-ngan", "0 7 * * *", "newest", "min_duration = \"3s\""),
            programme("qua-dai", "0 8 * * *", "newest", "max_duration = \"5s\""),
        ]
        .concat(),
    );
    let folder = station.audio("ban-tin");
    let (fits, short, long) = (
        folder.join("bốn giây.wav"),
        folder.join("hai giây.wav"),
        folder.join("bảy giây.wav"),
    );
    add_in_order(&[
        (&fits, 500.0, 4.0),
        (&short, 600.0, 2.0),
        (&long, 700.0, 7.0),
    ]);
    let only_short = station.audio("qua-ngan").join("hai giây.wav");
    let only_long = station.audio("qua-dai").join("bảy giây.wav");
    add_in_order(&[(&only_short, 600.0, 2.0), (&only_long, 700.0, 7.0)]);

    let planned = next(&station, "2026-12-01", 3);
    // The two newer files are out of bounds; the older one that fits airs.
    assert_eq!(planned[0]["programme"], "ban-tin");
    assert_plays(&planned[0], &fits);
    let duration = planned[0]["duration_seconds"].as_f64().expect("duration");
    assert!((duration - 4.0).abs() < 0.01, "duration {duration}");

    assert_eq!(planned[1]["programme"], "qua-ngan");
    let problem = assert_problem(
        &planned[1],
        "2 s, shorter than the 3 s this programme needs",
    );
    assert!(
        problem.contains("hai giây.wav"),
        "names the file: {problem}"
    );

    assert_eq!(planned[2]["programme"], "qua-dai");
    let problem = assert_problem(
        &planned[2],
        "7 s, longer than the 5 s this programme allows",
    );
    assert!(
        problem.contains("bảy giây.wav"),
        "names the file: {problem}"
    );
}

#[test]
fn newest_counts_a_file_moved_into_the_folder_as_added_when_it_is_moved() {
    // The usual way files arrive: downloaded elsewhere on the same disk, then dragged
    // (moved) into the programme folder.
    let station = Station::new(
        &["ban-tin"],
        &programme("ban-tin", "0 17 * * *", "newest", ""),
    );
    let folder = station.audio("ban-tin");
    let downloads = station.dir.path().join("Tải về");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloaded = downloads.join("bản tin tải về trước.wav");
    let copied = folder.join("bản tin chép thẳng.wav");
    add_in_order(&[(&downloaded, 500.0, 0.5), (&copied, 600.0, 0.5)]);
    assert_plays(&next(&station, "2026-12-01", 1)[0], &copied);

    std::thread::sleep(Duration::from_millis(50));
    let moved = folder.join("bản tin tải về trước.wav");
    std::fs::rename(&downloaded, &moved).expect("move into the folder");
    assert_plays(&next(&station, "2026-12-01", 1)[0], &moved);
}
