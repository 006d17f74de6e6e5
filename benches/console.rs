//! What the web console costs, on a log of a million airings and a library of 10,000 files.
//!
//! Builds (or reuses) a log of `WARDCAST_BENCH_CONSOLE_AIRINGS` airings (default 1,000,000,
//! written as the daemon writes them: see `support/big_log.rs`) and a library of
//! `WARDCAST_BENCH_CONSOLE_FILES` short WAV files (default 10,000), starts the release
//! daemon on the headless card of the tests with the console on, signs in, and prints:
//! - each page's time to serve, over `WARDCAST_BENCH_CONSOLE_REQUESTS` requests (default
//!   300): p50, p90, p99 and max (targets: the overview and a log page ≤ 20 ms p99);
//! - the daemon's CPU with 50 clients on the live updates and nothing changing, over
//!   `WARDCAST_BENCH_CONSOLE_IDLE_SECONDS` (default 60) (target ≤ 1 % of a core);
//! - its resident memory then.
//!
//! The log is written to /dev/shm when there is one (every record is synced; on a real
//! disk a million airings take most of an hour). `WARDCAST_BENCH_KEEP=1` keeps the station
//! folder (its log and library index) and prints where, and `WARDCAST_BENCH_CONSOLE_DATA`
//! names such a kept folder to start from. `cargo bench --bench console`.

#[path = "support/big_log.rs"]
mod big_log;
#[path = "support/measure.rs"]
mod measure;
#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use measure::{cpu_ticks, env_number, percentile, rss_kb, status_line, TICKS_PER_SECOND};
use support::console::{add_user, console_address, Console};
use support::{write_tone_wav, Station};

const PASSWORD: &str = "benchmark password";

/// The programmes of the big log, with schedules that do not fire while measuring.
const PROGRAMMES: &str = "[[programme]]\nid = \"cchc-monthly\"\n\
     title = \"Chuyên mục Cải cách hành chính\"\nfolder = \"cchc-monthly\"\n\
     schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n\n\
     [[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng Đài tỉnh\"\nfolder = \"tiep-song\"\n\
     schedule = [\"0 17 * * WED\"]\npick = \"unaired\"\n";

/// Where the log goes: memory when there is a memory file system.
fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("scratch in /dev/shm")
    } else {
        tempfile::tempdir().expect("scratch")
    }
}

/// The data folder: a kept one, or a new one with the big log built in it.
fn data_folder(scratch: &Path, station: &Station, airings: u64) -> PathBuf {
    if let Ok(kept) = std::env::var("WARDCAST_BENCH_CONSOLE_DATA") {
        println!("log: the one kept in {kept}");
        return PathBuf::from(kept);
    }
    let data = scratch.join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    let took = big_log::build_log(station.dir.path(), &data, airings);
    println!(
        "log: {airings} airings written in {:.0} s",
        took.as_secs_f64()
    );
    data
}

/// `count` short WAV files: one for each month of the monthly programme, the rest in the
/// rebroadcast folder.
fn fill_library(station: &Station, count: u64) {
    let tone = station.dir.path().join("tone.wav");
    write_tone_wav(&tone, 1000.0, 0.2, 8_000, 1);
    for month in 1..=12u64.min(count) {
        let name = format!("2026-{month:02} Chuyên mục CCHC.wav");
        std::fs::copy(&tone, station.audio("cchc-monthly").join(name)).expect("copy");
    }
    for index in 12..count {
        let name = format!("bản tin {index:05}.wav");
        std::fs::copy(&tone, station.audio("tiep-song").join(name)).expect("copy");
    }
    support::settle_folder(&station.audio("tiep-song"));
    support::settle_folder(&station.audio("cchc-monthly"));
}

/// Waits until the library has looked at every file: as many "file ready" lines in the
/// daemon's log as files.
fn wait_for_library(daemon: &support::Daemon, files: u64) {
    let started = Instant::now();
    loop {
        let ready = daemon.log_lines(&["file ready"]).len() as u64;
        if ready >= files {
            println!(
                "library: {files} files looked at in {:.0} s",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3600),
            "library never ready"
        );
        std::thread::sleep(Duration::from_secs(2));
    }
}

/// Waits until the check of the whole chain (it runs aside, at start and a minute after
/// records are written: signing in wrote one) has seen every record of the log, so the
/// pages and the idle clients are measured without it.
fn wait_for_chain_check(console: &Console, ledger: &Path) {
    let started = Instant::now();
    let last = wardcast::ledger::Ledger::open_read_only(ledger)
        .and_then(|ledger| ledger.stored_head())
        .expect("the log reads")
        .map_or(0, |(seq, _)| seq);
    let intact = format!("nguyên vẹn: {last} bản ghi");
    loop {
        let page = console.get("/");
        if page.body.contains(&intact) {
            println!(
                "the log's chain checked to its last record ({last}) within {:.0} s",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the chain was never checked"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Times `count` requests of `path`; prints and returns the p99 in ms.
fn time_page(console: &Console, path: &str, count: u64) -> f64 {
    let mut times = Vec::new();
    for _ in 0..count {
        let asked = Instant::now();
        let reply = console.get(path);
        times.push(asked.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    }
    times.sort_by(f64::total_cmp);
    let p99 = percentile(&times, 0.99);
    println!(
        "{path:<48} n={count:<4} ms: p50 {:>6.2}  p90 {:>6.2}  p99 {:>6.2}  max {:>6.2}",
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        p99,
        times[times.len() - 1]
    );
    p99
}

/// A client on the overview's live updates, kept open.
fn open_events(base: &str, cookie: &str) -> BufReader<TcpStream> {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET /events?page=/ HTTP/1.0\r\nHost: {address}\r\nCookie: {cookie}\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("status");
    assert!(status.contains(" 200 "), "{status}");
    reader
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let airings = env_number("WARDCAST_BENCH_CONSOLE_AIRINGS", 1_000_000);
    let files = env_number("WARDCAST_BENCH_CONSOLE_FILES", 10_000);
    let requests = env_number("WARDCAST_BENCH_CONSOLE_REQUESTS", 300);
    let idle_seconds = env_number("WARDCAST_BENCH_CONSOLE_IDLE_SECONDS", 60);
    println!("wardcast console benchmark: {airings} airings in the log, {files} files");
    let scratch = scratch();
    let station = Station::new(&["cchc-monthly", "tiep-song"], PROGRAMMES);
    let data = data_folder(scratch.path(), &station, airings);
    let config = std::fs::read_to_string(station.config_path()).expect("config");
    let config = config.replace(
        "data = \"../data\"",
        &format!("data = \"{}\"", data.display()),
    );
    std::fs::write(station.config_path(), config).expect("config");
    fill_library(&station, files);
    add_user(&station, "bench", "viewer", PASSWORD);

    let daemon = station.spawn_daemon(&[]);
    let pid = daemon.child.id();
    let base = console_address(&daemon);
    let mut console = Console::new(&base);
    console.sign_in("bench", PASSWORD);
    wait_for_library(&daemon, files);
    println!(
        "resident memory with the library looked at: {} kB",
        rss_kb(pid).unwrap_or(0)
    );
    wait_for_chain_check(&console, &data.join("wardcast-ledger.sqlite3"));
    println!(
        "resident memory after the chain's check: {} kB",
        rss_kb(pid).unwrap_or(0)
    );

    for path in [
        "/",
        "/log",
        "/log?programme=tiep-song&outcome=missed",
        "/log?period=2026-06",
        "/library",
        "/schedule",
        "/reports",
    ] {
        time_page(&console, path, requests);
    }

    println!(
        "resident memory after the pages: {} kB",
        rss_kb(pid).unwrap_or(0)
    );
    let cookie = console.session_cookie().expect("session");
    let clients: Vec<_> = (0..50).map(|_| open_events(&base, &cookie)).collect();
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_ticks(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(idle_seconds));
    let used = (cpu_ticks(pid) - before) as f64 / TICKS_PER_SECOND;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "50 live-update clients, nothing changing: CPU {used:.2} s over {elapsed:.0} s \
         ({:.3} % of a core) | {} | {}",
        100.0 * used / elapsed,
        status_line(pid, "VmRSS"),
        status_line(pid, "Threads"),
    );
    drop(clients);
    println!("resident memory after: {} kB", rss_kb(pid).unwrap_or(0));
    let (_status, _log) = daemon.terminate();
    if std::env::var("WARDCAST_BENCH_KEEP").is_ok() {
        let kept = scratch.keep();
        println!(
            "kept: {} (WARDCAST_BENCH_CONSOLE_DATA={})",
            kept.display(),
            data.display()
        );
    }
}
