//! What the benchmarks measure with: settings from the environment, percentiles, and a
//! process's CPU time and memory read from /proc.

#![allow(dead_code)]

/// A whole number from the environment (`1_000_000` and `1,000,000` read as written), or
/// `default`.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

/// The value at `fraction` (0.99 for p99) of figures sorted in increasing order.
pub fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    let rank = (fraction * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn proc_field(pid: u32, file: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default()
}

/// The process's CPU time so far (user and system), in clock ticks (100 a second).
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = proc_field(pid, "stat");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    ticks(11) + ticks(12)
}

/// Clock ticks a second (USER_HZ on Linux).
pub const TICKS_PER_SECOND: f64 = 100.0;

/// A line of /proc/PID/status ("VmRSS", "Threads"), as "VmRSS: 11234 kB".
pub fn status_line(pid: u32, key: &str) -> String {
    proc_field(pid, "status")
        .lines()
        .find(|line| line.starts_with(&format!("{key}:")))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| format!("{key}: ?"))
}

/// The resident memory in kB.
pub fn rss_kb(pid: u32) -> Option<u64> {
    status_line(pid, "VmRSS")
        .split_whitespace()
        .nth(1)
        .and_then(|kb| kb.parse().ok())
}
