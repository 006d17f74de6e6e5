//! The command line: arguments and how results are printed. It parses and prints only;
//! the work is done by the library's modules.

mod args;
mod messages;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

pub use crate::messages::{io_words, shown, shown_path};
pub use args::{parse_count, parse_time, UsageError, MAX_COUNT};
pub use messages::{
    calendar_ends, data_folder_problem, explain_refusal, no_times_after, nothing_planned,
};

use crate::ledger::{Airing, ChainCheck};
use crate::library::spoken_duration;
use crate::messages::{Lang, Say};
use crate::plan::{LibraryRow, PlannedAiring, Warning};
use crate::player::DeviceInfo;

/// wardcast plays the ward radio station's programmes on the sound card at the times set in
/// the configuration, and keeps a log of every airing for the ward's reports.
///
/// Drop the audio files into the programme folders under the audio folder (for the monthly
/// CCHC programme, put the month in the file name, e.g. "2026-12 Chuyên mục CCHC.mp3").
/// Check what will air with `wardcast check`.
#[derive(Debug, Parser)]
#[command(name = "wardcast", version, propagate_version = true)]
pub struct Cli {
    /// The configuration file [default: config/wardcast.toml]
    #[arg(
        long,
        short = 'c',
        global = true,
        env = "WARDCAST_CONFIG",
        value_name = "PATH"
    )]
    pub config: Option<PathBuf>,

    /// The language of messages: vi (tiếng Việt) or en [default: the config's
    /// [station] lang, else vi]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the station: play each programme at its time and log every airing.
    ///
    /// Leave it running; stop it with Ctrl+C. What it does is printed line by line.
    Run {
        /// Also play the bundled sample recording 5 seconds after start, to hear that the
        /// sound card works and see the airing in `wardcast log`.
        #[arg(long)]
        demo: bool,
    },
    /// Check the configuration and the audio folders, and show the next airing of each
    /// programme with the file it would play.
    ///
    /// Exit status: 0 when all is ready, 1 when something needs attention, 2 when the
    /// configuration has an error.
    Check,
    /// List upcoming airings with the file each would play, or the problem.
    Next {
        /// How many airings to list, from 1 to 10000.
        #[arg(long, short = 'n', default_value = "10", allow_hyphen_values = true)]
        count: String,
        /// Start from this time instead of now (e.g. "2026-12-01" or "2026-12-01 06:00").
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// One JSON object per line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Say in words when a crontab line fires, and list its next times.
    ///
    /// Example: wardcast explain '30 6 * * MON#1'  (06:30 on the first Monday of each month)
    Explain {
        /// The crontab line, in quotes: 5 fields, or 6 with seconds first.
        line: String,
        /// How many times to list, from 1 to 10000.
        #[arg(long, short = 'n', default_value = "5", allow_hyphen_values = true)]
        count: String,
        /// Start from this time instead of now.
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// One JSON object per line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the airing log: what aired, when, from which file, and what was missed.
    Log {
        /// First day to show (e.g. "2026-12-01"); default: everything.
        #[arg(long, value_name = "DATE", conflicts_with = "period")]
        from: Option<String>,
        /// Last day to show, included.
        #[arg(long, value_name = "DATE", conflicts_with = "period")]
        to: Option<String>,
        /// A reporting period: 2026-12, 2026-Q3, 2026-H1, 2026 or 2026-01-01..2026-03-31.
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Only this programme (its id in the configuration).
        #[arg(long, value_name = "ID")]
        programme: Option<String>,
        /// One JSON object per line instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check that the airing log is intact: every record as it was written, none missing.
    ///
    /// Prints the number of records and the hash of the last one (write it down or hand it
    /// over with a report: anyone can later check the log against it). Exit status 1 and
    /// the first bad record when the log was changed.
    Verify {
        /// Also print the hash of this record, to compare with the one a report quotes.
        #[arg(long, value_name = "N")]
        record: Option<i64>,
    },
    /// Write a reporting period's airings to a file to hand in with the ward's CCHC report:
    /// a CSV, an Excel workbook or a page to print, in Vietnamese.
    ///
    /// Example: wardcast export --period 2026-Q1 --format xlsx  (writes wardcast-2026-Q1.xlsx)
    Export {
        /// The reporting period: 2026-12, 2026-Q3, 2026-H1, 2026 or 2026-01-01..2026-03-31.
        /// Quarters, halves and years start on the 15th of the month before ([reports]
        /// cutoff_day).
        #[arg(long, value_name = "PERIOD")]
        period: String,
        /// csv, xlsx (Excel) or html (a page to open in a browser and print).
        #[arg(long, value_enum)]
        format: crate::report::ExportFormat,
        /// The file to write, or a folder to write it in [default: wardcast-PERIOD.EXT in
        /// the current folder].
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace the file if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Play one file now on the sound card (a sound check); it is logged as a manual airing.
    ///
    /// With --now, the file is handed to the running daemon instead, e.g. an emergency
    /// announcement: wardcast play --now --priority emergency canh-bao-bao.mp3
    Play {
        /// The audio file to play.
        file: PathBuf,
        /// Hand the file to the running `wardcast run` (which must be running on the same
        /// data folder) instead of playing it here.
        #[arg(long)]
        now: bool,
        /// With --now: emergency cuts in at once; priority goes after the airing on air,
        /// before any other; normal waits until nothing else is due.
        #[arg(long, value_enum, default_value = "emergency", requires = "now")]
        priority: crate::config::Priority,
    },
    /// List the sound cards wardcast can see, with the names to use in [output] device.
    Devices,
    /// Run as a Windows service (what the service manager starts; see the README).
    #[cfg(windows)]
    Service,
    /// List every file in the programme folders: whether it will air, why not, and when.
    Library {
        /// One JSON object per line instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Prints one value as a line of JSON.
pub fn print_json_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let line = serde_json::to_string(value).map_err(io::Error::other)?;
    writeln!(out, "{line}")
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(path)
}

/// Prints planned airings as text: one line each, the file or the problem beneath.
pub fn print_planned(
    out: &mut impl Write,
    planned: &[PlannedAiring],
    lang: Lang,
) -> io::Result<()> {
    let (ready, not_ready) = match lang {
        Lang::Vi => ("sẵn sàng", "CHƯA SẴN SÀNG"),
        Lang::En => ("ready", "NOT READY"),
    };
    for airing in planned {
        writeln!(
            out,
            "{}  {}  ({})",
            airing.scheduled_at,
            shown(&airing.title),
            shown(&airing.programme)
        )?;
        match (&airing.file, &airing.problem) {
            (Some(file), _) => {
                let length = airing
                    .duration_seconds
                    .map(|seconds| {
                        spoken_duration(std::time::Duration::from_secs_f64(seconds), lang)
                    })
                    .unwrap_or_default();
                writeln!(out, "    {ready}: {} [{length}]", shown(file_name(file)))?;
            }
            (None, Some(problem)) => writeln!(out, "    {not_ready}: {}", shown(problem))?,
            (None, None) => {}
        }
    }
    Ok(())
}

/// Prints the log as text, one airing a line.
pub fn print_airings(out: &mut impl Write, airings: &[Airing], lang: Lang) -> io::Result<()> {
    if airings.is_empty() {
        match lang {
            Lang::Vi => writeln!(
                out,
                "Nhật ký không có lần phát nào trong khoảng thời gian này."
            )?,
            Lang::En => writeln!(out, "No airings in the log for this period.")?,
        }
    }
    for airing in airings {
        let when = airing
            .started_at
            .as_deref()
            .or(airing.scheduled_at.as_deref())
            .or(airing.ended_at.as_deref())
            .unwrap_or("-");
        let outcome = airing.outcome.map_or("ON AIR", |outcome| outcome.as_str());
        let file = shown(airing.file.as_deref().map(file_name).unwrap_or("-"));
        let played = airing
            .played_seconds
            .map(|seconds| {
                format!(
                    " {}",
                    spoken_duration(std::time::Duration::from_secs_f64(seconds), lang)
                )
            })
            .unwrap_or_default();
        write!(
            out,
            "{}  {:<12} {:<11} {file}{played}",
            shown(when),
            shown(&airing.programme),
            outcome
        )?;
        match &airing.reason {
            Some(reason) => writeln!(out, "  — {}", shown(reason))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}

/// Prints the result of checking the log: intact, or every problem found, one a line.
pub fn print_chain_check(out: &mut impl Write, check: &ChainCheck, lang: Lang) -> io::Result<()> {
    match (check.problems.is_empty(), lang) {
        (true, Lang::Vi) => writeln!(
            out,
            "Nhật ký nguyên vẹn: {} bản ghi.\nMã kiểm tra (hash) của bản ghi cuối: {}",
            check.records, check.head_hash
        )?,
        (true, Lang::En) => writeln!(
            out,
            "The log is intact: {} records.\nHash of the last record: {}",
            check.records, check.head_hash
        )?,
        (false, Lang::Vi) => writeln!(out, "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI:")?,
        (false, Lang::En) => writeln!(out, "THE LOG WAS CHANGED OR LOST RECORDS:")?,
    }
    for problem in &check.problems {
        writeln!(out, "- {}", problem.describe(lang))?;
    }
    if check.more_problems > 0 {
        match lang {
            Lang::Vi => writeln!(out, "- và {} chỗ hỏng khác", check.more_problems)?,
            Lang::En => writeln!(out, "- and {} more problems", check.more_problems)?,
        }
    }
    if !check.problems.is_empty() {
        match lang {
            Lang::Vi => writeln!(
                out,
                "{} bản ghi đầu tiên nguyên vẹn, hash {}",
                check.records, check.head_hash
            )?,
            Lang::En => writeln!(
                out,
                "The first {} records are intact, hash {}",
                check.records, check.head_hash
            )?,
        }
        match lang {
            Lang::Vi => writeln!(
                out,
                "Việc cần làm: giữ nguyên tệp nhật ký và tệp đối chứng (đó là minh chứng), báo cho \
                 người phụ trách, và nếu có bản sao lưu thì đối chiếu với bản đó."
            )?,
            Lang::En => writeln!(
                out,
                "What to do: keep the log file and the witness file as they are (they are the \
                 evidence), tell whoever is responsible, and compare with a backup if there is one."
            )?,
        }
    }
    print_witness_notes(out, check, lang)
}

/// What the witness file cannot vouch for.
fn print_witness_notes(out: &mut impl Write, check: &ChainCheck, lang: Lang) -> io::Result<()> {
    let witness = &check.witness;
    if let Some(started) = witness.started_at.filter(|started| *started > 0) {
        match lang {
            Lang::Vi => writeln!(
                out,
                "Lưu ý: tệp đối chứng được lập khi nhật ký đã có {started} bản ghi; bản ghi bị \
                 mất trước thời điểm đó không thể phát hiện."
            )?,
            Lang::En => writeln!(
                out,
                "Note: the witness file was started when the log already had {started} \
                 records; records lost before then cannot be detected."
            )?,
        }
    }
    if witness.unreadable > 0 {
        match lang {
            Lang::Vi => writeln!(
                out,
                "Lưu ý: {} dòng của tệp đối chứng không đọc được (dòng bị cắt khi mất điện, \
                 hoặc bị sửa).",
                witness.unreadable
            )?,
            Lang::En => writeln!(
                out,
                "Note: {} lines of the witness file cannot be read (cut off by a power cut, \
                 or edited).",
                witness.unreadable
            )?,
        }
    }
    Ok(())
}

/// Prints readiness warnings, one a line.
pub fn print_warnings(out: &mut impl Write, warnings: &[Warning], lang: Lang) -> io::Result<()> {
    for warning in warnings {
        writeln!(out, "! {}", shown(&warning.describe(lang)))?;
    }
    Ok(())
}

/// Prints the library as text: per programme, each file with its state.
pub fn print_library(out: &mut impl Write, rows: &[LibraryRow], lang: Lang) -> io::Result<()> {
    if rows.is_empty() {
        match lang {
            Lang::Vi => writeln!(out, "Các thư mục chương trình chưa có file âm thanh nào.")?,
            Lang::En => writeln!(out, "The programme folders hold no audio files.")?,
        }
    }
    let mut programme = "";
    for row in rows {
        if row.programme != programme {
            programme = &row.programme;
            writeln!(out, "{}:", shown(programme))?;
        }
        let state = row.state.say(lang);
        let length = row
            .duration_seconds
            .map(|seconds| {
                format!(
                    " [{}]",
                    spoken_duration(std::time::Duration::from_secs_f64(seconds), lang)
                )
            })
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<10} {}{length}",
            state,
            shown(file_name(&row.file))
        )?;
        if let Some(reason) = &row.reason {
            writeln!(out, "             {}", shown(reason))?;
        }
        if let Some(next) = &row.next_airing {
            match lang {
                Lang::Vi => writeln!(out, "             phát lúc {next}")?,
                Lang::En => writeln!(out, "             airs at {next}")?,
            }
        }
    }
    Ok(())
}

/// Prints the sound cards as text.
pub fn print_devices(out: &mut impl Write, devices: &[DeviceInfo]) -> io::Result<()> {
    if devices.is_empty() {
        writeln!(
            out,
            "No sound card found. Plug one in (or check the ALSA setup), then run this again."
        )?;
    }
    for device in devices {
        let mark = if device.is_default { " (default)" } else { "" };
        writeln!(out, "{}{mark}\n    {}", device.name, device.description)?;
    }
    Ok(())
}
