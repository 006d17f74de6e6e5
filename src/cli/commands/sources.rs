//! `wardcast sources`: tries each station the configuration can receive, now, all at once:
//! whether it is heard, what it sends and how loud it is, so the officer can check the
//! provincial stream before a relay or a recording relies on it.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::cli::{print, setup, Exit, Options, UsageError};
use crate::config::{Source, SourceInput};
use crate::messages::receive::ReceiveProblem;
use crate::messages::sources::SourcesWords;
use crate::messages::{shown, Lang, Say};
use crate::receive::{self, Codec, Probe, StreamKind};

/// The longest `--listen`, in seconds.
const MAX_LISTEN: u32 = 60;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
    /// Seconds to listen to each source, from 1 to 60.
    #[arg(long, value_name = "SECONDS", default_value = "5")]
    pub listen: String,
}

pub fn run(args: &Args, options: &Options, out: &mut impl Write) -> anyhow::Result<Exit> {
    let config = setup::load_config(options)?;
    let lang = config.station.lang;
    let listen = parse_listen(&args.listen, lang)?;
    let probes = probe_all(&config.sources, listen);
    let rows: Vec<SourceRow> = config
        .sources
        .iter()
        .zip(&probes)
        .map(|(source, probe)| SourceRow::of(source, probe, lang))
        .collect();
    if args.json {
        for row in &rows {
            print::json_line(out, row)?;
        }
    } else {
        print_sources(out, &rows, lang)?;
    }
    Ok(Exit::attention_if(rows.iter().any(|row| !row.reachable)))
}

/// `--listen`: a number of seconds from 1 to [`MAX_LISTEN`].
fn parse_listen(text: &str, lang: Lang) -> Result<Duration, UsageError> {
    let seconds = text.trim().replace(',', ".").parse::<f64>().ok();
    match seconds.filter(|seconds| (1.0..=f64::from(MAX_LISTEN)).contains(seconds)) {
        Some(seconds) => Ok(Duration::from_secs_f64(seconds)),
        None => Err(UsageError(
            SourcesWords::ListenRefused {
                text: text.to_string(),
                max: MAX_LISTEN,
            }
            .say(lang),
        )),
    }
}

/// Tries every source at the same time, so the command takes one listening, not one each.
fn probe_all(sources: &[Source], listen: Duration) -> Vec<Result<Probe, ReceiveProblem>> {
    std::thread::scope(|scope| {
        let tries: Vec<_> = sources
            .iter()
            .map(|source| scope.spawn(move || receive::probe(source, listen)))
            .collect();
        tries
            .into_iter()
            .map(|attempt| attempt.join().unwrap_or(Err(ReceiveProblem::Unreachable)))
            .collect()
    })
}

/// One source as `--json` prints it.
#[derive(Debug, Serialize)]
struct SourceRow {
    id: String,
    title: String,
    reachable: bool,
    /// Why it cannot be heard, in the officer's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
    kind: Option<StreamKind>,
    codec: Option<Codec>,
    bitrate: Option<u32>,
    sample_rate: Option<u32>,
    channels: Option<u16>,
    /// Seconds of sound heard while listening.
    seconds: f64,
    rms_dbfs: Option<f64>,
    peak_dbfs: Option<f64>,
    /// It was heard, then dropped while listening: why, in the officer's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<String>,
}

impl SourceRow {
    fn of(source: &Source, probe: &Result<Probe, ReceiveProblem>, lang: Lang) -> SourceRow {
        let mut row = SourceRow {
            id: source.id.to_string(),
            title: source.title.clone(),
            reachable: probe.is_ok(),
            problem: None,
            kind: matches!(source.input, SourceInput::Capture(_)).then_some(StreamKind::Capture),
            codec: None,
            bitrate: None,
            sample_rate: None,
            channels: None,
            seconds: 0.0,
            rms_dbfs: None,
            peak_dbfs: None,
            dropped: None,
        };
        match probe {
            Ok(probe) => {
                row.kind = Some(probe.info.kind);
                row.codec = Some(probe.info.codec);
                row.bitrate = probe.info.bitrate;
                row.sample_rate = probe.info.sample_rate;
                row.channels = probe.info.channels;
                row.seconds = probe.seconds;
                row.rms_dbfs = probe.rms_dbfs;
                row.peak_dbfs = probe.peak_dbfs;
                row.dropped = probe.problem.as_ref().map(|problem| problem.say(lang));
            }
            Err(problem) => row.problem = Some(problem.say(lang)),
        }
        row
    }
}

/// The codec as the officer reads it (the same in every language).
fn codec_name(codec: Codec) -> &'static str {
    match codec {
        Codec::Mp3 => "MP3",
        Codec::Aac => "AAC",
        Codec::Pcm => "PCM",
    }
}

/// Prints the sources as text: a line each, what was heard beneath.
fn print_sources(out: &mut impl Write, rows: &[SourceRow], lang: Lang) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(out, "{}", SourcesWords::NoSources.say(lang))?;
    }
    for row in rows {
        writeln!(out, "{}  {}", shown(&row.id), shown(&row.title))?;
        if let Some(problem) = &row.problem {
            writeln!(
                out,
                "    {}: {problem}",
                SourcesWords::Unreachable.say(lang)
            )?;
            continue;
        }
        let kind = match row.kind {
            Some(StreamKind::Hls) => SourcesWords::Hls,
            Some(StreamKind::Capture) => SourcesWords::Capture,
            _ => SourcesWords::HttpStream,
        };
        let sound = SourcesWords::Sound {
            codec: row.codec.map(codec_name).unwrap_or_default().to_string(),
            bitrate_kbps: row.bitrate.map(|bits| bits / 1000),
            rate: row.sample_rate,
            channels: row.channels,
        };
        let (reachable, kind, sound) = (
            SourcesWords::Reachable.say(lang),
            kind.say(lang),
            sound.say(lang),
        );
        writeln!(out, "    {reachable}: {kind}, {sound}")?;
        let level = match (row.rms_dbfs, row.peak_dbfs) {
            (Some(rms), Some(peak)) => SourcesWords::Level {
                seconds: row.seconds,
                rms,
                peak,
            },
            _ => SourcesWords::Silent {
                seconds: row.seconds,
            },
        };
        writeln!(out, "    {}", level.say(lang))?;
        if let Some(dropped) = &row.dropped {
            let words = SourcesWords::Dropped {
                problem: dropped.clone(),
            };
            writeln!(out, "    {}", words.say(lang))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_takes_seconds_within_the_limits() {
        assert_eq!(
            parse_listen("2,5", Lang::En).ok(),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(
            parse_listen(" 60 ", Lang::En).ok(),
            Some(Duration::from_secs(60))
        );
        for refused in ["0", "61", "-3", "five", ""] {
            let error = parse_listen(refused, Lang::En).expect_err(refused);
            assert!(error.0.contains("from 1 to 60"), "{}", error.0);
        }
    }
}
