//! The real binary against hostile places to write: exports aimed at the airing log, at a
//! device, a pipe, a link or someone else's file, into a folder that does not exist, from
//! a log changed behind wardcast's back; and data folders that cannot be created or
//! written. Each case checks the exit status, the words printed and that nothing was
//! harmed.

mod support;

use support::{output_within, stderr, stdout};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use support::Station;
use wardcast::ledger::{Ledger, Outcome};

/// A station whose log holds three airings in December 2026.
fn station_with_log() -> Station {
    let station = Station::new(&["news"], "");
    let mut ledger = Ledger::open(&station.ledger_path()).expect("open");
    let file = station.audio("news").join("bản tin.mp3");
    for day in 1..=3 {
        let at = support::vietnam(2026, 12, day, 6, 30);
        support::log_airing(&mut ledger, "news", at, &file, Some(Outcome::Aired));
    }
    station
}

/// `wardcast [--lang en] export --period 2026-12 --format FORMAT [args]` in the station's
/// folder, ended if it is still running after 20 s (a pipe must not hang it).
fn export(station: &Station, lang: &str, format: &str, args: &[&str]) -> Output {
    let mut command = station.command();
    command
        .args([
            "--lang", lang, "export", "--period", "2026-12", "--format", format,
        ])
        .args(args)
        .current_dir(station.dir.path());
    output_within(command, Duration::from_secs(20))
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Exit 1 and `words` on stderr, nothing on stdout (the refusal comes before any work).
fn assert_refused(output: &Output, words: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for word in words {
        assert!(err.contains(word), "expected {word:?} in {err}");
    }
    assert!(stdout(output).is_empty(), "{}", stdout(output));
    assert!(!err.contains("panicked"), "{err}");
}

/// The `.part` files an export leaves behind in `folder` (there must be none).
fn leftovers(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .expect("list")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".part"))
        .collect()
}

#[test]
fn no_export_is_written_into_the_data_folder_even_with_force() {
    let station = station_with_log();
    let log = station.ledger_path();
    let data = log.parent().expect("data folder").to_path_buf();
    let before = std::fs::read(&log).expect("read the log");
    let link = station.dir.path().join("shortcut");
    std::os::unix::fs::symlink(&data, &link).expect("symlink");
    for format in ["csv", "xlsx", "html"] {
        for out in [log.clone(), data.clone(), link.join("report.csv")] {
            for force in [&[][..], &["--force"]] {
                let output = export(
                    &station,
                    "en",
                    format,
                    &[&["--out", text(&out)][..], force].concat(),
                );
                assert_refused(
                    &output,
                    &[
                        "is inside the data folder",
                        &std::fs::canonicalize(&data)
                            .expect("data")
                            .display()
                            .to_string(),
                        "not even with --force",
                    ],
                );
            }
        }
    }
    // Nor, without --out, when the current folder is the data folder.
    let output = station
        .command()
        .args([
            "export", "--period", "2026-12", "--format", "csv", "--force",
        ])
        .current_dir(&data)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("nằm trong thư mục dữ liệu"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(&log).expect("read"),
        before,
        "the log is untouched"
    );
    assert!(leftovers(&data).is_empty());
    let output = station.run(&["--lang", "en", "verify"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn an_export_onto_a_pipe_or_a_device_is_refused_without_hanging() {
    let station = station_with_log();
    let pipe = station.dir.path().join("report.csv");
    let status = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(status.success());
    for out in [pipe.as_path(), Path::new("/dev/null")] {
        for force in [&[][..], &["--force"]] {
            let output = export(
                &station,
                "en",
                "csv",
                &[&["--out", text(out)][..], force].concat(),
            );
            assert_refused(
                &output,
                &[
                    &format!("{} is not an ordinary file", out.display()),
                    "(it is a device, a pipe or a folder)",
                    "hint: give --out the name of a new file",
                ],
            );
        }
    }
    let output = export(&station, "vi", "html", &["--out", text(&pipe), "--force"]);
    assert_refused(&output, &["không phải file thường"]);
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::symlink_metadata(&pipe)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the pipe is left as it was");
    assert!(leftovers(station.dir.path()).is_empty());
}

#[test]
fn an_export_onto_a_link_is_refused_and_the_linked_file_kept() {
    let station = station_with_log();
    let theirs = station.dir.path().join("notes.txt");
    std::fs::write(&theirs, "ghi chú của cán bộ").expect("write");
    let link = station.dir.path().join("report.csv");
    std::os::unix::fs::symlink(&theirs, &link).expect("symlink");
    for force in [&[][..], &["--force"]] {
        let output = export(
            &station,
            "en",
            "csv",
            &[&["--out", text(&link)][..], force].concat(),
        );
        assert_refused(
            &output,
            &[
                "report.csv is a link to another file",
                "not even with --force",
            ],
        );
    }
    assert_eq!(
        std::fs::read_to_string(&theirs).expect("read"),
        "ghi chú của cán bộ"
    );
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
}

#[test]
fn force_replaces_an_earlier_export_but_no_other_file() {
    let station = station_with_log();
    let folder = station.dir.path();
    // Files of the officer's own, under the names the exports would take.
    let workbook = folder.join("bang-tinh.xlsx");
    let mut officer = rust_xlsxwriter::Workbook::new();
    officer
        .add_worksheet()
        .write_string(0, 0, "Danh sách hộ gia đình")
        .expect("cell");
    officer.save(&workbook).expect("save");
    let own: [(&str, PathBuf, Vec<u8>); 3] = [
        (
            "csv",
            folder.join("so-lieu.csv"),
            "\u{feff}STT,Họ tên\r\n1,An\r\n".into(),
        ),
        (
            "xlsx",
            workbook.clone(),
            std::fs::read(&workbook).expect("read"),
        ),
        (
            "html",
            folder.join("trang.html"),
            "<!DOCTYPE html>\n<html><head><title>Trang của phường</title></head></html>".into(),
        ),
    ];
    for (format, path, bytes) in &own {
        std::fs::write(path, bytes).expect("write");
        let output = export(&station, "en", format, &["--out", text(path), "--force"]);
        assert_refused(
            &output,
            &[
                &format!(
                    "is not an earlier wardcast {} export",
                    format.to_uppercase()
                ),
                "--force only replaces wardcast's own reports",
            ],
        );
        assert_eq!(&std::fs::read(path).expect("read"), bytes, "{format} kept");
        // An export of another format is not this one's either.
        let other = if *format == "html" { "csv" } else { "html" };
        let output = export(&station, "vi", other, &["--out", text(path), "--force"]);
        assert_refused(
            &output,
            &["không phải báo cáo", "do wardcast xuất trước đây"],
        );
    }

    for format in ["csv", "xlsx", "html"] {
        let path = folder.join(format!("bao-cao.{format}"));
        let output = export(&station, "en", format, &["--out", text(&path)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let first = std::fs::metadata(&path)
            .expect("written")
            .modified()
            .expect("mtime");
        let output = export(&station, "en", format, &["--out", text(&path)]);
        assert_refused(&output, &["already exists; add --force to replace it"]);
        std::thread::sleep(Duration::from_millis(20));
        let output = export(&station, "en", format, &["--out", text(&path), "--force"]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert!(
            stdout(&output).contains(&format!("Wrote 3 airings to {}", path.display())),
            "{}",
            stdout(&output)
        );
        let second = std::fs::metadata(&path)
            .expect("written")
            .modified()
            .expect("mtime");
        assert!(second > first, "{format} was replaced");
    }
    assert!(leftovers(folder).is_empty());
}

#[test]
fn a_missing_out_folder_is_named_with_what_to_do() {
    let station = station_with_log();
    let usb = station.dir.path().join("usb");
    let output = export(
        &station,
        "vi",
        "xlsx",
        &["--out", &format!("{}/bao-cao.xlsx", usb.display())],
    );
    assert_refused(
        &output,
        &[
            &format!("thư mục {} không tồn tại", usb.display()),
            "gợi ý: tạo thư mục đó trước",
        ],
    );
    let output = export(
        &station,
        "en",
        "csv",
        &["--out", &format!("{}/", usb.display())],
    );
    assert_refused(
        &output,
        &[
            &format!("the folder {}/ does not exist", usb.display()),
            "hint: create it first",
        ],
    );
    assert!(!usb.exists(), "no folder is made on the officer's behalf");
}

/// Runs SQL on the log the way the sqlite3 tool would, past the append-only triggers.
fn tamper(station: &Station, sql: &str) {
    let connection = rusqlite::Connection::open(station.ledger_path()).expect("open");
    connection
        .execute_batch(&format!(
            "DROP TRIGGER ledger_record_no_update; DROP TRIGGER ledger_record_no_delete; {sql}"
        ))
        .expect("tamper");
}

#[test]
fn a_csv_export_of_a_changed_log_says_so_exits_1_and_writes_nothing() {
    let station = station_with_log();
    let intact = station.dir.path().join("truoc.csv");
    let output = export(&station, "en", "csv", &["--out", text(&intact)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("The log is intact: 6 records"),
        "{}",
        stdout(&output)
    );

    tamper(
        &station,
        "UPDATE ledger_record SET played_seconds = 6 WHERE seq = 4;",
    );
    let path = station.dir.path().join("sau.csv");
    let output = export(&station, "en", "csv", &["--out", text(&path)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(
            "THE LOG WAS CHANGED OR LOST RECORDS: record 4 does not match its hash: it was changed"
        ),
        "{out}"
    );
    assert!(out.contains("A CSV file cannot carry this, so"), "{out}");
    assert!(out.contains("sau.csv was not written"), "{out}");
    assert!(out.contains("export as xlsx or html"), "{out}");
    assert!(!path.exists(), "no CSV without the warning is handed out");
    let output = export(&station, "vi", "csv", &["--out", text(&path)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: bản ghi số 4 không khớp"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("wardcast không ghi file"),
        "{}",
        stdout(&output)
    );
    assert!(!path.exists());
    // Replacing an earlier export is refused the same way: the earlier one is kept.
    let before = std::fs::read(&intact).expect("read");
    let output = export(&station, "en", "csv", &["--out", text(&intact), "--force"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&intact).expect("read"), before);
    assert!(leftovers(station.dir.path()).is_empty());

    // The workbook carries the warning, so it is written, and the exit status says so.
    let workbook = station.dir.path().join("sau.xlsx");
    let output = export(&station, "en", "xlsx", &["--out", text(&workbook)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(workbook.is_file());
    assert!(
        stdout(&output).contains("THE LOG WAS CHANGED OR LOST RECORDS: record 4 does not match"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("the report says so"),
        "{}",
        stdout(&output)
    );
}

// ----- data folders ----------------------------------------------------------------------

/// A station whose `[paths] data` is `data` (absolute, or relative to the config folder).
fn station_with_data(data: &str) -> Station {
    let station = Station::new(&["news"], "");
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    std::fs::write(
        station.config_path(),
        config.replace("data = \"../data\"", &format!("data = \"{data}\"")),
    )
    .expect("write config");
    station
}

#[test]
fn a_data_folder_that_cannot_be_created_is_named_with_what_to_do() {
    // A file where the data folder's parent should be: no one can create the folder.
    let station = station_with_data("../blocker/data");
    std::fs::write(station.dir.path().join("blocker"), "").expect("write");
    let folder = std::fs::canonicalize(station.dir.path().join("blocker"))
        .expect("blocker")
        .join("data");
    for args in [
        &["check"][..],
        &["log"],
        &["export", "--period", "2026-12", "--format", "csv"],
    ] {
        for (lang, words) in [
            (
                "vi",
                [
                    format!("không tạo được thư mục dữ liệu {}", folder.display()),
                    "gợi ý: tạo thư mục đó".to_string(),
                ],
            ),
            (
                "en",
                [
                    format!("cannot create the data folder {}", folder.display()),
                    "point `data` in [paths] of".to_string(),
                ],
            ),
        ] {
            let mut command = station.command();
            command
                .args(["--lang", lang])
                .args(args)
                .current_dir(station.dir.path());
            let output = output_within(command, Duration::from_secs(20));
            let err = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
            for word in &words {
                assert!(
                    err.contains(word.as_str()),
                    "{args:?}: expected {word:?} in {err}"
                );
            }
        }
    }
}

#[test]
fn a_data_folder_that_cannot_be_written_is_named_with_what_to_do() {
    // sysfs takes no new files, whoever asks (root included), as a read-only disk would not.
    let station = station_with_data("/sys/kernel");
    for args in [
        &["check"][..],
        &["log"],
        &["next"],
        &["library"],
        &["export", "--period", "2026-12", "--format", "html"],
    ] {
        let mut command = station.command();
        command
            .args(["--lang", "en"])
            .args(args)
            .current_dir(station.dir.path());
        let output = output_within(command, Duration::from_secs(20));
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("cannot write in the data folder /sys/kernel: "),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("hint: let the user who runs wardcast write in that folder"),
            "{err}"
        );
        assert!(!err.contains("Error code"), "no SQLite jargon: {err}");
    }
    let output = station.run(&["log"]);
    assert!(
        stderr(&output).contains("không ghi được vào thư mục dữ liệu /sys/kernel"),
        "{}",
        stderr(&output)
    );
}
