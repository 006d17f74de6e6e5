//! How fast the drop folder notices files, and what a large folder costs.
//!
//! Prints:
//! - drop-to-ready latency: from the moment a copy closes to the daemon's "file ready" log
//!   line, over `WARDCAST_BENCH_DROPS` drops (default 20);
//! - start-up with `WARDCAST_BENCH_INDEXED` (default 10,000) files already indexed: from
//!   spawning the daemon to its "wardcast is running" line (the folder scan is done by then);
//! - the first scan of `WARDCAST_BENCH_NEW` (default 1,000) new 1-minute mp3 files by
//!   `wardcast library` (probe every packet and SHA-256 every byte).
//!
//! `cargo bench --bench library` (or `make bench`). Figures go in BENCHMARKS.md.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::time::{Duration, Instant, SystemTime};

use support::{ffmpeg_convert, line_time, millis_between, write_tone_wav, Station};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn quiet_station() -> Station {
    Station::new(
        &["tiep-song"],
        "[[programme]]\nid = \"tiep-song\"\ntitle = \"Tiếp sóng\"\nfolder = \"tiep-song\"\n\
         schedule = [\"0 17 31 12 *\"]\npick = \"unaired\"\n",
    )
}

fn drop_to_ready(drops: usize) {
    let station = quiet_station();
    let source = station.dir.path().join("source.wav");
    write_tone_wav(&source, 440.0, 30.0, 44_100, 2);
    let bytes = std::fs::read(&source).expect("read");
    let daemon = station.spawn_daemon(&[]);
    daemon
        .wait_for_line(&["wardcast is running"], Duration::from_secs(10))
        .expect("started");
    let mut latencies = Vec::new();
    for index in 0..drops {
        let name = format!("drop {index:02}.wav");
        let mut file =
            std::fs::File::create(station.audio("tiep-song").join(&name)).expect("create");
        file.write_all(&bytes).expect("write");
        drop(file);
        let closed = SystemTime::now();
        let line = daemon
            .wait_for_line(&["file ready", &name], Duration::from_secs(10))
            .expect("ready");
        latencies.push(millis_between(line_time(&line).expect("time"), closed));
        std::thread::sleep(Duration::from_millis(200));
    }
    daemon.terminate();
    latencies.sort_by(f64::total_cmp);
    println!(
        "drop-to-ready  drops={drops} file=5.3 MB WAV  p50 {:.1} ms  max {:.1} ms  (target ≤ 2000 ms)",
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1]
    );
}

fn startup_with_index(files: usize) {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    let sample = station.dir.path().join("sample.wav");
    write_tone_wav(&sample, 440.0, 0.2, 8_000, 1);
    let bytes = std::fs::read(&sample).expect("read");
    for index in 0..files {
        std::fs::write(folder.join(format!("segment {index:05}.wav")), &bytes).expect("write");
    }
    std::thread::sleep(Duration::from_millis(2100));
    let indexing = Instant::now();
    let output = station.run(&["library", "--json"]);
    assert!(output.status.success());
    let indexed = output.stdout.iter().filter(|b| **b == b'\n').count();
    let indexing = indexing.elapsed();
    let mut runs = Vec::new();
    for _ in 0..5 {
        let spawned = SystemTime::now();
        let daemon = station.spawn_daemon(&[]);
        let line = daemon
            .wait_for_line(&["wardcast is running"], Duration::from_secs(30))
            .expect("started");
        runs.push(millis_between(line_time(&line).expect("time"), spawned));
        let probed = daemon.log_lines(&["file ready"]).len();
        daemon.terminate();
        assert_eq!(probed, 0, "a restart probed known files");
    }
    runs.sort_by(f64::total_cmp);
    let check = Instant::now();
    let output = station.run(&["--lang", "en", "check"]);
    let check = check.elapsed();
    assert!(output.status.code().is_some());
    println!(
        "start-up       indexed={indexed} (first indexing {:.1} s)  spawn-to-running median {:.0} ms  max {:.0} ms  `check` {:.0} ms  (target ≤ 1000 ms)",
        indexing.as_secs_f64(),
        runs[runs.len() / 2],
        runs[runs.len() - 1],
        check.as_secs_f64() * 1000.0
    );
}

fn first_scan(files: usize) {
    let station = quiet_station();
    let folder = station.audio("tiep-song");
    let wav = station.dir.path().join("minute.wav");
    write_tone_wav(&wav, 440.0, 60.0, 44_100, 2);
    let mp3 = station.dir.path().join("minute.mp3");
    ffmpeg_convert(&wav, &mp3, &["-codec:a", "libmp3lame", "-b:a", "128k"]);
    let bytes = std::fs::read(&mp3).expect("read");
    for index in 0..files {
        std::fs::write(folder.join(format!("bản tin {index:04}.mp3")), &bytes).expect("write");
    }
    std::thread::sleep(Duration::from_millis(2100));
    let started = Instant::now();
    let output = station.run(&["library", "--json"]);
    let elapsed = started.elapsed().as_secs_f64();
    assert!(output.status.success());
    let ready = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains("\"state\":\"ready\""))
        .count();
    assert_eq!(ready, files);
    let megabytes = (bytes.len() * files) as f64 / 1_000_000.0;
    println!(
        "first scan     files={files} × 1 min mp3 128 kb/s ({megabytes:.0} MB)  {elapsed:.1} s  {:.0} files/s  {:.0} MB/s",
        files as f64 / elapsed,
        megabytes / elapsed
    );
}

fn main() {
    // `cargo test --all-targets` runs harness-less benches too; they only run for real
    // under `cargo bench`, which passes --bench.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    println!("wardcast library benchmark");
    drop_to_ready(env_number("WARDCAST_BENCH_DROPS", 20));
    startup_with_index(env_number("WARDCAST_BENCH_INDEXED", 10_000));
    first_scan(env_number("WARDCAST_BENCH_NEW", 1_000));
}
