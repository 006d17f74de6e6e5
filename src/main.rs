//! The `wardcast` binary: reads the command line, runs the command, and turns errors into
//! a plain message and an exit status.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use wardcast::cli::{self, Cli, Command};
use wardcast::config::{self, Config, ConfigError};
use wardcast::ledger::{AiringFilter, Ledger, Outcome};
use wardcast::library::{self, Library};
use wardcast::messages::{Lang, Say};
use wardcast::station::{self, AiringJob, RunOptions, Shutdown, Studio};
use wardcast::{plan, player, schedule};

/// Exit status when something needs the officer's attention.
const NEEDS_ATTENTION: u8 = 1;
/// Exit status for a configuration error.
const CONFIG_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .fmt_fields(escaped_fields())
        .with_env_filter(
            EnvFilter::try_from_env("WARDCAST_LOG")
                // The decoders' own complaints about a damaged file would come once per bad
                // packet; the file's one warning (from the probe) and the airing's evidence
                // (dead air) say what the officer needs.
                .unwrap_or_else(|_| EnvFilter::new("info,symphonia=off")),
        )
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if let Some(config_error) = error.downcast_ref::<ConfigError>() {
                eprintln!("wardcast: {config_error}");
                return ExitCode::from(CONFIG_ERROR);
            }
            if let Some(usage) = error.downcast_ref::<cli::UsageError>() {
                eprintln!("wardcast: {usage}");
                return ExitCode::from(CONFIG_ERROR);
            }
            eprintln!("wardcast: {error:#}");
            ExitCode::from(NEEDS_ATTENTION)
        }
    }
}

/// The daemon's log is one line per event: every field (file names, reasons, the message)
/// is written with control characters escaped, so no name can forge a line of it.
fn escaped_fields() -> impl for<'writer> tracing_subscriber::fmt::FormatFields<'writer> {
    use tracing_subscriber::field::MakeExt;
    tracing_subscriber::fmt::format::debug_fn(|writer, field, value| {
        let text = format!("{value:?}");
        let text = wardcast::cli::shown(&text);
        if field.name() == "message" {
            write!(writer, "{text}")
        } else {
            write!(writer, "{}={text}", field.name())
        }
    })
    .delimited(" ")
}

fn load_config(cli: &Cli) -> anyhow::Result<Config> {
    let path = config::resolve_path(cli.config.as_deref());
    let mut config = Config::load_in(&path, cli.lang)?;
    if let Some(lang) = cli.lang {
        config.station.lang = lang;
    }
    Ok(config)
}

/// The airing log, or what to do when its folder is in the way.
fn open_ledger(config: &Config) -> anyhow::Result<Ledger> {
    Ledger::open(&config.ledger_path()).map_err(|error| {
        match cli::data_folder_problem(&error, config) {
            Some(message) => anyhow::Error::msg(message),
            None => error.into(),
        }
    })
}

/// The library brought up to date with the folders (new files are probed here).
fn fresh_library(config: &Config) -> anyhow::Result<Library> {
    let mut library = Library::open(config)?;
    library::refresh(&mut library)?;
    Ok(library)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Asks for shutdown on Ctrl+C or SIGTERM.
fn spawn_signal_watch(runtime: &tokio::runtime::Runtime, stop: tokio::sync::watch::Sender<bool>) {
    runtime.spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let Ok(mut terminate) = signal(SignalKind::terminate()) else {
                let _ = tokio::signal::ctrl_c().await;
                let _ = stop.send(true);
                return;
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("stopping (signal received)");
        let _ = stop.send(true);
    });
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut out = io::stdout().lock();
    match &cli.command {
        Command::Run { demo } => {
            let config = load_config(&cli)?;
            let runtime = runtime()?;
            let (stop, shutdown) = Shutdown::new();
            spawn_signal_watch(&runtime, stop);
            let result =
                runtime.block_on(station::run(config, RunOptions { demo: *demo }, shutdown));
            // A blocking read that never returns (a file on a dead network share) must not
            // keep the daemon from stopping: it is abandoned, not awaited.
            runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => check(&cli, &mut out),
        Command::Next { count, from, json } => {
            let config = load_config(&cli)?;
            let lang = config.station.lang;
            let count = cli::parse_count(count, lang)?;
            let from = from_or_now(from.as_deref(), &config)?;
            let ledger = open_ledger(&config)?;
            let library = fresh_library(&config)?;
            let aired = ledger.aired_contents()?;
            let planned = plan::upcoming(&config, &library, &aired, &from, count, lang);
            if *json {
                for airing in &planned {
                    cli::print_json_line(&mut out, airing)?;
                }
            } else {
                cli::print_planned(&mut out, &planned, lang)?;
            }
            if planned.is_empty() && !config.programmes.is_empty() {
                eprintln!("wardcast: {}", cli::nothing_planned(&from, lang));
                return Ok(ExitCode::from(NEEDS_ATTENTION));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            line,
            count,
            from,
            json,
        } => explain(&cli, line, count, from.as_deref(), *json, &mut out),
        Command::Log {
            from,
            to,
            period,
            programme,
            json,
        } => {
            let config = load_config(&cli)?;
            let (zone, lang) = (config.station.timezone, config.station.lang);
            let (from_ms, to_ms) = match period {
                Some(text) => config
                    .reports
                    .period(text)
                    .map_err(|error| cli::UsageError(error.describe(lang)))?
                    .bounds_ms(zone),
                None => {
                    let from_ms = match from {
                        Some(text) => cli::parse_time(text, zone, lang)?.timestamp_millis(),
                        None => i64::MIN,
                    };
                    let to_ms = match to {
                        Some(text) => cli::parse_time(text, zone, lang)?
                            .checked_add_signed(chrono::Duration::days(1))
                            .map_or(i64::MAX, |day| day.timestamp_millis()),
                        None => i64::MAX,
                    };
                    (from_ms, to_ms)
                }
            };
            let ledger = open_ledger(&config)?;
            let filter = AiringFilter {
                from_ms,
                to_ms,
                programme: programme.clone(),
            };
            if *json {
                ledger.for_each_airing(&filter, |airing| {
                    cli::print_json_line(&mut out, &airing).map_err(anyhow::Error::from)
                })?;
            } else {
                let mut airings = Vec::new();
                ledger.for_each_airing(&filter, |airing| {
                    airings.push(airing);
                    Ok::<(), anyhow::Error>(())
                })?;
                cli::print_airings(&mut out, &airings, config.station.lang)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { record } => {
            let config = load_config(&cli)?;
            let ledger = Ledger::open_read_only(&config.ledger_path())?
                .with_spare_witness(config.spare_dir.as_deref());
            let check = ledger.verify()?;
            cli::print_chain_check(&mut out, &check, config.station.lang)?;
            if let Some(seq) = record {
                let intact_through = i64::try_from(check.records).unwrap_or(i64::MAX);
                match ledger.stored_hash(*seq)? {
                    Some(hash) if *seq <= intact_through => match config.station.lang {
                        Lang::Vi => writeln!(out, "Mã kiểm tra của bản ghi số {seq}: {hash}")?,
                        Lang::En => writeln!(out, "Hash of record {seq}: {hash}")?,
                    },
                    Some(_) => match config.station.lang {
                        Lang::Vi => writeln!(out, "Bản ghi số {seq} nằm sau chỗ nhật ký bị sửa: mã của nó không đáng tin.")?,
                        Lang::En => writeln!(out, "Record {seq} comes after the change: its hash cannot be trusted.")?,
                    },
                    None => match config.station.lang {
                        Lang::Vi => writeln!(out, "Nhật ký không có bản ghi số {seq}.")?,
                        Lang::En => writeln!(out, "The log has no record {seq}.")?,
                    },
                }
            }
            Ok(if check.problem.is_none() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(NEEDS_ATTENTION)
            })
        }
        Command::Export {
            period,
            format,
            out: file,
            force,
        } => {
            let config = load_config(&cli)?;
            let request = wardcast::report::ExportRequest {
                period,
                format: *format,
                out: file.as_deref(),
                force: *force,
            };
            let exported = wardcast::report::export(&config, &request, &mut out)?;
            // A log that fails its check is still exported (the file says so), but the
            // officer must hear of it.
            Ok(match exported.chain.and_then(|check| check.problem) {
                None => ExitCode::SUCCESS,
                Some(_) => ExitCode::from(NEEDS_ATTENTION),
            })
        }
        Command::Play {
            file,
            now: true,
            priority,
        } => announce(&cli, file, *priority, &mut out),
        Command::Play { file, .. } => play(&cli, file, &mut out),
        Command::Library { json } => {
            let config = load_config(&cli)?;
            let ledger = open_ledger(&config)?;
            let library = fresh_library(&config)?;
            let now = station::station_now(config.station.timezone);
            let rows = plan::library_rows(&config, &library, &ledger.aired_contents()?, &now);
            if *json {
                for row in &rows {
                    cli::print_json_line(&mut out, row)?;
                }
            } else {
                cli::print_library(&mut out, &rows, config.station.lang)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        #[cfg(windows)]
        Command::Service => {
            let path = std::fs::canonicalize(config::resolve_path(cli.config.as_deref()))
                .context("cannot find the configuration file for the service")?;
            wardcast::station::windows::run_as_service(path)
                .context("cannot start as a Windows service")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Devices => {
            let devices = player::devices()?;
            cli::print_devices(&mut out, &devices)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn from_or_now(
    from: Option<&str>,
    config: &Config,
) -> anyhow::Result<chrono::DateTime<chrono_tz::Tz>> {
    match from {
        Some(text) => Ok(cli::parse_time(
            text,
            config.station.timezone,
            config.station.lang,
        )?),
        None => Ok(station::station_now(config.station.timezone)),
    }
}

fn check(cli: &Cli, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let config = load_config(cli)?;
    let lang = config.station.lang;
    match lang {
        Lang::Vi => writeln!(
            out,
            "Cấu hình {} hợp lệ: {} chương trình, múi giờ {}.",
            config.source.display(),
            config.programmes.len(),
            config.station.timezone
        )?,
        Lang::En => writeln!(
            out,
            "Configuration {} is valid: {} programme(s), time zone {}.",
            config.source.display(),
            config.programmes.len(),
            config.station.timezone
        )?,
    }
    let ledger = open_ledger(&config)?;
    let library = fresh_library(&config)?;
    let now = station::station_now(config.station.timezone);
    let aired = ledger.aired_contents()?;
    let planned = plan::next_of_each(&config, &library, &aired, &now, lang);
    cli::print_planned(out, &planned, lang)?;
    let warnings = plan::warnings(&config, &library, &aired, &now);
    cli::print_warnings(out, &warnings, lang)?;
    let outside = wardcast::dispatch::slots_outside_hours(&config, &now, 100);
    for (index, at) in &outside {
        let programme = &config.programmes[*index];
        let hours = wardcast::dispatch::hours_list(&config);
        match lang {
            Lang::Vi => writeln!(
                out,
                "! Lịch của {} phát ngoài giờ được phép ({hours}), ví dụ lúc {}: hãy sửa lịch trong cấu hình",
                programme.id,
                at.format("%d/%m/%Y %H:%M")
            )?,
            Lang::En => writeln!(
                out,
                "! The schedule of {} fires outside the allowed hours ({hours}), e.g. at {}: correct it in the configuration",
                programme.id,
                at.format("%d/%m/%Y %H:%M")
            )?,
        }
    }
    let storage = wardcast::storage::warnings(&config);
    for warning in &storage {
        writeln!(out, "! {}", warning.describe(lang))?;
    }
    let never: Vec<_> = config
        .programmes
        .iter()
        .filter(|programme| !planned.iter().any(|p| p.programme == programme.id))
        .collect();
    for programme in &never {
        match lang {
            Lang::Vi => writeln!(out, "{}: lịch phát không còn lần nào nữa.", programme.id)?,
            Lang::En => writeln!(out, "{}: its schedule never fires again.", programme.id)?,
        }
    }
    let all_ready = planned.iter().all(plan::PlannedAiring::is_ready);
    if all_ready
        && warnings.is_empty()
        && never.is_empty()
        && outside.is_empty()
        && storage.is_empty()
    {
        match lang {
            Lang::Vi => writeln!(out, "Tất cả đã sẵn sàng.")?,
            Lang::En => writeln!(out, "All ready.")?,
        }
        Ok(ExitCode::SUCCESS)
    } else {
        match lang {
            Lang::Vi => writeln!(out, "Có việc cần xử lý (xem các dòng ở trên).")?,
            Lang::En => writeln!(out, "Something needs attention (see above).")?,
        }
        Ok(ExitCode::from(NEEDS_ATTENTION))
    }
}

fn explain(
    cli: &Cli,
    line: &str,
    count: &str,
    from: Option<&str>,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    // The line is explained in the station's zone when the configuration can be read, and
    // in the default zone otherwise: explaining a line must not need a working station.
    let station = load_config(cli).ok();
    let zone = station.as_ref().map_or_else(
        || {
            config::DEFAULT_TIMEZONE
                .parse()
                .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
        },
        |config| config.station.timezone,
    );
    let lang = station
        .as_ref()
        .map_or(cli.lang.unwrap_or_default(), |config| config.station.lang);
    let cron = match schedule::CronLine::parse(line) {
        Ok(cron) => cron,
        Err(error) => {
            eprintln!("wardcast: {}", cli::explain_refusal(line, &error, lang));
            return Ok(ExitCode::from(CONFIG_ERROR));
        }
    };
    let count = cli::parse_count(count, lang)?;
    let from = match from {
        Some(text) => cli::parse_time(text, zone, lang)?,
        None => wardcast::station::station_now(zone),
    };
    let times = cron.occurrences_after(&from, count);
    if times.is_empty() {
        let fires_at_all = cron.fires_in_calendar(zone);
        eprintln!(
            "wardcast: {}",
            cli::no_times_after(line, &from, fires_at_all, lang)
        );
        return Ok(ExitCode::from(NEEDS_ATTENTION));
    }
    if json {
        #[derive(serde::Serialize)]
        struct At {
            at: String,
        }
        for at in &times {
            cli::print_json_line(
                out,
                &At {
                    at: wardcast::ledger::timestamp(at),
                },
            )?;
        }
    } else {
        writeln!(out, "{}: {}", cron.text(), cron.describe(lang))?;
        match lang {
            Lang::Vi => writeln!(out, "Các lần tới (múi giờ {zone}):")?,
            Lang::En => writeln!(out, "Next times ({zone}):")?,
        }
        for at in &times {
            match lang {
                Lang::Vi => {
                    use chrono::Datelike;
                    const DAYS: [&str; 7] = [
                        "Thứ Hai",
                        "Thứ Ba",
                        "Thứ Tư",
                        "Thứ Năm",
                        "Thứ Sáu",
                        "Thứ Bảy",
                        "Chủ nhật",
                    ];
                    let day = DAYS[at.weekday().num_days_from_monday() as usize];
                    writeln!(out, "  {day} {}", at.format("%d/%m/%Y %H:%M:%S"))?
                }
                Lang::En => writeln!(out, "  {}", at.format("%a %Y-%m-%d %H:%M:%S"))?,
            }
        }
        if times.len() < count {
            writeln!(out, "{}", cli::calendar_ends(lang))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Hands a file to the running daemon to air now.
fn announce(
    cli: &Cli,
    file: &Path,
    priority: wardcast::config::Priority,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let config = load_config(cli)?;
    let file = std::fs::canonicalize(file)
        .map_err(|error| anyhow::anyhow!("{} cannot be played: {error}", file.display()))?;
    let reply = wardcast::control::send(
        &config.data_dir,
        &wardcast::control::AnnounceRequest {
            file,
            priority,
            lang: Some(config.station.lang),
        },
    )?;
    writeln!(out, "{}", reply.message)?;
    Ok(if reply.accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NEEDS_ATTENTION)
    })
}

fn play(cli: &Cli, file: &Path, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let config = load_config(cli)?;
    let zone = config.station.timezone;
    let lang = config.station.lang;
    let chosen = station::chosen_file(file, lang).map_err(|reason| {
        let shown = wardcast::cli::shown_path(file);
        match lang {
            Lang::Vi => anyhow::anyhow!("{shown} không phát được: {reason}"),
            Lang::En => anyhow::anyhow!("{shown} cannot be played: {reason}"),
        }
    })?;
    let _lock = station::lock_data_folder(&config)?;
    let mut ledger = Ledger::open(&config.ledger_path())?;
    station::prepare_ledger(&mut ledger, &config);
    let ledger = Arc::new(Mutex::new(ledger));
    let player = player::Player::start(&config.output.device, config.output.dead_air)?;
    let runtime = runtime()?;
    let (stop, mut shutdown) = Shutdown::new();
    spawn_signal_watch(&runtime, stop);
    writeln!(
        out,
        "Playing {} ({}) on \"{}\"…",
        file.display(),
        chosen.probe,
        config.output.device
    )?;
    out.flush()?;
    let job = AiringJob::manual(chosen, station::station_now(zone));
    let studio = Studio::new(&config, &player, &ledger);
    let report = runtime.block_on(studio.carry_out(&job, &mut shutdown))?;
    match report.outcome {
        Outcome::Aired => {
            writeln!(out, "Played to the end; logged as a manual airing.")?;
            Ok(ExitCode::SUCCESS)
        }
        other => {
            writeln!(
                out,
                "Not played to the end ({}): {}",
                other.as_str(),
                report.reason.map(|why| why.say(lang)).unwrap_or_default()
            )?;
            Ok(ExitCode::from(NEEDS_ATTENTION))
        }
    }
}
