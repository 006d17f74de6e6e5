//! Printers shared by several commands: a value as a line of JSON, planned airings with
//! the file each would play, and readiness warnings.

use std::io::{self, Write};

use serde::Serialize;

use crate::messages::time::spoken_duration;
use crate::messages::{shown, Lang, ListWords, Say};
use crate::plan::{PlannedAiring, Warning};

/// Prints one value as a line of JSON.
pub fn json_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let line = serde_json::to_string(value).map_err(io::Error::other)?;
    writeln!(out, "{line}")
}

pub use crate::names::file_name;

/// A length in seconds in the officer's words ("1 giờ 2 phút").
pub fn length(seconds: f64, lang: Lang) -> String {
    spoken_duration(std::time::Duration::from_secs_f64(seconds), lang)
}

/// Prints planned airings as text: one line each, the file or the problem beneath.
pub fn planned(out: &mut impl Write, planned: &[PlannedAiring], lang: Lang) -> io::Result<()> {
    let (ready, not_ready) = (ListWords::Ready.say(lang), ListWords::NotReady.say(lang));
    for airing in planned {
        writeln!(
            out,
            "{}  {}  ({})",
            airing.scheduled_at,
            shown(&airing.title),
            shown(&airing.programme)
        )?;
        if let Some(source) = &airing.relay {
            let length = length(airing.relay_seconds.unwrap_or_default(), lang);
            let relays = ListWords::Relays {
                source: source.clone(),
                length,
            };
            writeln!(out, "    {ready}: {}", relays.say(lang))?;
            if let Some(file) = &airing.file {
                let fallback = ListWords::Fallback.say(lang);
                writeln!(out, "    {fallback}: {}", shown(file_name(file)))?;
            }
            continue;
        }
        match (&airing.file, &airing.problem) {
            (Some(file), _) => {
                let length = airing
                    .duration_seconds
                    .map(|seconds| length(seconds, lang))
                    .unwrap_or_default();
                writeln!(out, "    {ready}: {} [{length}]", shown(file_name(file)))?;
            }
            (None, Some(problem)) => writeln!(out, "    {not_ready}: {}", shown(problem))?,
            (None, None) => {}
        }
    }
    Ok(())
}

/// Prints readiness warnings, one a line.
pub fn warnings(out: &mut impl Write, warnings: &[Warning], lang: Lang) -> io::Result<()> {
    for warning in warnings {
        writeln!(out, "! {}", shown(&warning.describe(lang)))?;
    }
    Ok(())
}
