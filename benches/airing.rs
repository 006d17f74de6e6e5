//! How close to its slot an airing starts, and what the daemon costs while it waits.
//!
//! Runs the release daemon on the headless sound card of the tests (ALSA `file` plugin into
//! a pipe drained at 192,000 bytes/s) and prints:
//! - how late the first non-silent sample is heard against the scheduled instant, over
//!   `WARDCAST_BENCH_AIRINGS` airings (default 30) of a WAV and of an MP3 file;
//! - the idle daemon's resident memory and its CPU time over `WARDCAST_BENCH_IDLE_SECONDS`
//!   (default 60).
//!
//! With `WARDCAST_BENCH_PAGE_LOAD=1`, a script loads the console's pages one after another
//! all through the airings (the console must not disturb them), and their times are printed.
//!
//! `cargo bench --bench airing` (or `make bench`). Figures go in BENCHMARKS.md.

#[path = "support/measure.rs"]
mod measure;
#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use measure::{cpu_ticks, env_number, percentile, status_line, TICKS_PER_SECOND};
use support::{ffmpeg_convert, millis_between, settle, write_tone_wav, Station};

/// Airs `count` slots three seconds apart and returns each airing's lateness in ms.
fn lateness(extension: &str, count: usize) -> Vec<f64> {
    let station = Station::new(
        &["bench"],
        "[[programme]]\nid = \"bench\"\ntitle = \"Benchmark\"\nfolder = \"bench\"\n\
         schedule = [\"*/3 * * * * *\"]\npick = \"newest\"\n",
    );
    let wav = station.dir.path().join("tone.wav");
    write_tone_wav(&wav, 1000.0, 0.5, 44_100, 2);
    let file = station.audio("bench").join(format!("tone.{extension}"));
    if extension == "wav" {
        std::fs::copy(&wav, &file).expect("copy");
    } else {
        ffmpeg_convert(&wav, &file, &["-codec:a", "libmp3lame", "-b:a", "128k"]);
    }
    // Dropped a while ago, so the first slot does not find it still being copied.
    settle(&file);
    let daemon = station.spawn_daemon(&[]);
    let load =
        (env_number("WARDCAST_BENCH_PAGE_LOAD", 0) > 0).then(|| PageLoad::start(&station, &daemon));
    let timeout = Duration::from_secs(3 * count as u64 + 20);
    station.wait_for_outcomes(count, timeout);
    if let Some(load) = load {
        load.stop();
    }
    let (_status, log) = daemon.terminate();
    // The device may stay open from one airing into the next: find each airing's onset.
    let onsets: Vec<_> = station
        .card
        .wait_for_recordings(1, Duration::from_secs(5))
        .iter()
        .flat_map(|recording| recording.sound_onsets(Duration::from_millis(300)))
        .collect();
    let airings: Vec<_> = station
        .log_json()
        .into_iter()
        .filter(|airing| airing["outcome"] == "aired")
        .collect();
    assert_eq!(onsets.len(), airings.len(), "one onset per airing:\n{log}");
    assert!(
        airings.len() >= count,
        "only {} airings were logged:\n{log}",
        airings.len()
    );
    airings
        .iter()
        .zip(onsets)
        .take(count)
        .map(|(airing, heard)| {
            let scheduled = chrono::DateTime::parse_from_rfc3339(
                airing["scheduled_at"].as_str().expect("scheduled_at"),
            )
            .expect("RFC 3339");
            millis_between(heard, scheduled.into())
        })
        .collect()
}

/// A script loading the console's pages one after another while the airings go on.
struct PageLoad {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Vec<f64>>,
}

impl PageLoad {
    fn start(station: &Station, daemon: &support::Daemon) -> PageLoad {
        const PASSWORD: &str = "benchmark password";
        support::console::add_user(station, "bench", "viewer", PASSWORD);
        let base = support::console::console_address(daemon);
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut console = support::console::Console::new(&base);
            console.sign_in("bench", PASSWORD);
            let mut served = Vec::new();
            while !stopping.load(Ordering::Relaxed) {
                for page in ["/", "/log", "/library", "/schedule"] {
                    let asked = Instant::now();
                    let reply = console.get(page);
                    assert_eq!(reply.status, 200, "{page}");
                    served.push(asked.elapsed().as_secs_f64() * 1000.0);
                }
            }
            served
        });
        PageLoad { stop, thread }
    }

    fn stop(self) {
        self.stop.store(true, Ordering::Relaxed);
        let mut served = self.thread.join().expect("page loader");
        served.sort_by(f64::total_cmp);
        println!(
            "pages loaded meanwhile: {} (ms: p50 {:.1}  p99 {:.1}  max {:.1})",
            served.len(),
            percentile(&served, 0.5),
            percentile(&served, 0.99),
            served[served.len() - 1]
        );
    }
}

fn print_lateness(label: &str, mut figures: Vec<f64>) {
    figures.sort_by(f64::total_cmp);
    println!(
        "{label:<5} airings={:<3} first sound vs slot (ms): min {:+.2}  p50 {:+.2}  p90 {:+.2}  p99 {:+.2}  max {:+.2}",
        figures.len(),
        figures[0],
        percentile(&figures, 0.5),
        percentile(&figures, 0.9),
        percentile(&figures, 0.99),
        figures[figures.len() - 1],
    );
}

fn idle(seconds: u64) {
    let station = Station::new(
        &["cchc-monthly"],
        "[[programme]]\nid = \"cchc-monthly\"\ntitle = \"CCHC\"\nfolder = \"cchc-monthly\"\n\
         schedule = [\"30 6 * * MON#1\"]\npick = \"month\"\n",
    );
    let daemon = station.spawn_daemon(&[]);
    let pid = daemon.child.id();
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_ticks(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    let used = (cpu_ticks(pid) - before) as f64 / TICKS_PER_SECOND;
    let elapsed = started.elapsed().as_secs_f64();
    let rss = status_line(pid, "VmRSS");
    let threads = status_line(pid, "Threads");
    let (_status, _log) = daemon.terminate();
    println!(
        "idle  {} | {} | CPU {:.2} s over {:.0} s ({:.3} %)",
        rss,
        threads,
        used,
        elapsed,
        100.0 * used / elapsed
    );
}

fn main() {
    // `cargo test --all-targets` runs harness-less benches too; they only run for real
    // under `cargo bench`, which passes --bench.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    // `cargo bench` passes `--bench`; nothing else is taken from the command line.
    let count = env_number("WARDCAST_BENCH_AIRINGS", 30) as usize;
    let idle_seconds = env_number("WARDCAST_BENCH_IDLE_SECONDS", 60);
    println!("wardcast airing benchmark: headless card, slots every 3 s, 0.5 s 1 kHz tone");
    print_lateness("wav", lateness("wav", count));
    print_lateness("mp3", lateness("mp3", count));
    idle(idle_seconds);
}
