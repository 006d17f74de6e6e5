//! The lines an export prints while it works: the days the period covers, the file
//! written, and what the check of the log found.

use std::io::Write;
use std::path::Path;

use super::{rows, Written};
use crate::config::Config;
use crate::messages::export::ExportProgress;
use crate::messages::{Lang, Say};
use crate::periods::Period;

/// Progress lines are a courtesy: a closed terminal must not spoil the file, so their
/// errors are ignored.
fn say(progress: &mut dyn Write, message: &ExportProgress, lang: Lang) {
    let _ = writeln!(progress, "{}", message.say(lang));
}

pub(super) fn say_period(progress: &mut dyn Write, period: &Period, config: &Config) {
    let message = ExportProgress::Period {
        label: period.label.clone(),
        first: rows::day_text(period.first_day),
        last: rows::day_text(period.last_day),
        zone: config.station.timezone.to_string(),
    };
    say(progress, &message, config.station.lang);
}

pub(super) fn say_written(
    progress: &mut dyn Write,
    written: &Written,
    path: &Path,
    kept: bool,
    lang: Lang,
) {
    let path = path.display().to_string();
    if kept {
        let message = ExportProgress::Written {
            airings: written.airings,
            path: path.clone(),
        };
        say(progress, &message, lang);
    }
    let Some(check) = &written.chain else {
        return;
    };
    let message = match &check.problem {
        None => ExportProgress::Intact {
            records: check.records,
            head_hash: check.head_hash.clone(),
        },
        Some(problem) if kept => ExportProgress::ChangedAndSaid {
            fault: problem.describe(lang),
        },
        Some(problem) => ExportProgress::ChangedNotWritten {
            fault: problem.describe(lang),
            path,
        },
    };
    say(progress, &message, lang);
}
