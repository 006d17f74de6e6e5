//! What exporting a year of airings costs, and what checking the log costs.
//!
//! Builds a log of `WARDCAST_BENCH_AIRINGS_EXPORT` airings (default 1,000,000) over the
//! reporting year 2026 through `wardcast::ledger::Ledger` (every record hash-chained as
//! the daemon writes it), then runs the release binary and prints, for each command, the
//! wall time and the peak resident memory (max RSS, from `/usr/bin/time -v`, else from
//! VmHWM in /proc polled while the command runs):
//! - `wardcast export --period 2026 --format csv`   (target ≤ 3 s, ≤ 64 MB)
//! - `wardcast export --period 2026 --format xlsx`  (reported; ≤ 64 MB)
//! - `wardcast export --period 2026 --format html`  (reported; ≤ 64 MB)
//! - `wardcast verify`                              (target ≤ 3 s, ≤ 64 MB)
//!
//! The log is written to /dev/shm when there is one: the log syncs every record to disk,
//! which on a real disk makes a million-airing log take most of an hour to build. The
//! exports are written to the temporary folder. `cargo bench --bench export`; under
//! `cargo test` (no `--bench` argument) it runs on 2,000 airings as a smoke test.
//! `WARDCAST_BENCH_KEEP=1` keeps the station and its log afterwards, so another build's
//! commands can be timed against the same log.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/big_log.rs"]
mod big_log;

use big_log::build_log;

const BINARY: &str = env!("CARGO_BIN_EXE_wardcast");

fn airing_count() -> u64 {
    let benching = std::env::args().any(|arg| arg == "--bench");
    std::env::var("WARDCAST_BENCH_AIRINGS_EXPORT")
        .ok()
        .and_then(|value| value.replace(['_', ','], "").parse().ok())
        .unwrap_or(if benching { 1_000_000 } else { 2_000 })
}

/// A station whose log lives in `data` and whose schedule plans a rebroadcast every 30 s
/// and the monthly CCHC programme on each first Monday.
fn write_station(root: &Path, data: &Path) -> PathBuf {
    for folder in ["cchc-monthly", "tiep-song"] {
        std::fs::create_dir_all(root.join("audio").join(folder)).expect("mkdir");
    }
    let config = root.join("wardcast.toml");
    std::fs::write(
        &config,
        format!(
            "[station]\nname = \"Đài truyền thanh phường (benchmark)\"\n\
             timezone = \"Asia/Ho_Chi_Minh\"\n\n[paths]\naudio = \"audio\"\ndata = \"{}\"\n\n\
             [[programme]]\nid = \"cchc-monthly\"\ntitle = \"Chuyên mục Cải cách hành chính\"\n\
             folder = \"cchc-monthly\"\nschedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\n\
             [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng Đài tỉnh\"\n\
             folder = \"tiep-song\"\nschedule = [\"*/30 * * * * *\"]\npick = \"unaired\"\n",
            data.display()
        ),
    )
    .expect("write config");
    config
}

/// A finished command: its wall time, its peak resident memory, what it printed.
struct Run {
    seconds: f64,
    max_rss_kb: Option<u64>,
    stdout: String,
}

/// Runs the binary with `args`, measuring the child's peak memory.
fn measure(config: &Path, args: &[&str]) -> Run {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut command = Command::new(time);
        command.arg("-v").arg(BINARY);
        command
    } else {
        Command::new(BINARY)
    };
    command
        .arg("--config")
        .arg(config)
        .args(args)
        .env("WARDCAST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("wardcast starts");
    let pid = child.id();
    // Without /usr/bin/time: poll the high-water mark while the child runs (the kernel
    // keeps it until the process is reaped).
    let mut polled_hwm = None;
    let mut stdout = String::new();
    let mut stderr = String::new();
    let (mut out, mut err) = (
        child.stdout.take().expect("stdout"),
        child.stderr.take().expect("stderr"),
    );
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let out_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let status = loop {
        if !time.exists() {
            if let Some(hwm) = vm_hwm_kb(pid) {
                polled_hwm = Some(hwm);
            }
        }
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = started.elapsed().as_secs_f64();
    stdout.push_str(&out_reader.join().unwrap_or_default());
    stderr.push_str(&reader.join().unwrap_or_default());
    assert!(
        status.success(),
        "wardcast {args:?} failed: {status}\n{stdout}\n{stderr}"
    );
    let max_rss_kb = stderr
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes):")
        })
        .and_then(|value| value.trim().parse().ok())
        .or(polled_hwm);
    Run {
        seconds,
        max_rss_kb,
        stdout,
    }
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn report(name: &str, run: &Run, target: &str, bytes: Option<u64>) {
    let memory = run.max_rss_kb.map_or("?".to_string(), |kb| {
        format!("{:.1} MB", kb as f64 / 1024.0)
    });
    let size = bytes.map_or(String::new(), |bytes| {
        format!("  file {:.0} MB", bytes as f64 / 1_000_000.0)
    });
    println!(
        "{name:<14} {:>7.2} s  max RSS {memory:>9}{size}  ({target})",
        run.seconds
    );
}

fn main() {
    let count = airing_count();
    println!("wardcast export benchmark: {count} airings over the reporting year 2026");
    let shm = Path::new("/dev/shm");
    let log_dir = if shm.is_dir() {
        tempfile::Builder::new()
            .prefix("wardcast-bench-export-")
            .tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("log folder");
    let station = tempfile::tempdir().expect("station folder");
    let data = log_dir.path().join("data");
    let config = write_station(station.path(), &data);
    let built = build_log(station.path(), &data, count);
    let log_bytes = std::fs::metadata(data.join("wardcast-ledger.sqlite3"))
        .map(|meta| meta.len())
        .unwrap_or(0);
    println!(
        "log built in {:.1} s through the Ledger API ({:.0} airings/s), {:.0} MB in {}",
        built.as_secs_f64(),
        count as f64 / built.as_secs_f64(),
        log_bytes as f64 / 1_000_000.0,
        log_dir.path().display()
    );

    let out = |extension: &str| station.path().join(format!("export.{extension}"));
    let size = |path: &Path| std::fs::metadata(path).map(|meta| meta.len()).ok();
    for (format, target) in [
        ("csv", "target ≤ 3 s, ≤ 64 MB"),
        ("xlsx", "reported, ≤ 64 MB"),
        ("html", "reported, ≤ 64 MB"),
    ] {
        let path = out(format);
        let run = measure(
            &config,
            &[
                "export",
                "--period",
                "2026",
                "--format",
                format,
                "--out",
                path.to_str().expect("utf-8 path"),
            ],
        );
        let file_size = size(&path);
        report(&format!("export {format}"), &run, target, file_size);
        if format == "csv" {
            let rows = std::fs::read(&path)
                .map(|bytes| bytes.iter().filter(|b| **b == b'\n').count())
                .unwrap_or(0);
            assert_eq!(rows as u64, count + 1, "one row per airing and the header");
        }
        let _ = std::fs::remove_file(&path);
    }
    let verify = measure(&config, &["verify"]);
    report("verify", &verify, "target ≤ 3 s, ≤ 64 MB", None);
    assert!(
        verify.stdout.contains("nguyên vẹn") || verify.stdout.contains("intact"),
        "{}",
        verify.stdout
    );
    println!(
        "({} build, {} cores; log in {}, exports written to {})",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        if shm.is_dir() {
            "tmpfs"
        } else {
            "the temporary folder"
        },
        station.path().display()
    );
    if std::env::var_os("WARDCAST_BENCH_KEEP").is_some() {
        // To time another build of the commands against the same log without building it
        // again: `wardcast --config <config> export ...`.
        let config = config.display().to_string();
        let log = log_dir.keep();
        let _ = station.keep();
        println!("kept: config {config}, log in {}", log.display());
    }
}
