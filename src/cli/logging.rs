//! The daemon's log on standard error: one line per event, every field (file names,
//! reasons, the message) written with control characters escaped, so no name can forge a
//! line of it.

use std::io::{self, IsTerminal};

use tracing_subscriber::EnvFilter;

use crate::messages::shown;

/// Sends the log to standard error, filtered by `WARDCAST_LOG` (default `info`).
pub fn init() {
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
}

fn escaped_fields() -> impl for<'writer> tracing_subscriber::fmt::FormatFields<'writer> {
    use tracing_subscriber::field::MakeExt;
    tracing_subscriber::fmt::format::debug_fn(|writer, field, value| {
        let text = format!("{value:?}");
        let text = shown(&text);
        if field.name() == "message" {
            write!(writer, "{text}")
        } else {
            write!(writer, "{}={text}", field.name())
        }
    })
    .delimited(" ")
}
