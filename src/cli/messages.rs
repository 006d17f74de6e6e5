//! Sentences the commands print when there is nothing to list, the line cannot be read,
//! or the data folder is in the way, in the officer's language.

use std::path::Path;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::config::Config;
use crate::ledger::LedgerError;
use crate::messages::Lang;
use crate::messages::{io_words, shown, shown_path};
use crate::schedule::{line_hint, CronLineError, LAST_YEAR};

/// Why `explain` refuses `line`, with what to write instead.
pub fn explain_refusal(line: &str, error: &CronLineError, lang: Lang) -> String {
    let (line, reason, hint) = (shown(line), error.describe(lang), line_hint(lang));
    match lang {
        Lang::En => {
            format!("\"{line}\" is not a crontab line wardcast accepts: {reason}\n  hint: {hint}")
        }
        Lang::Vi => {
            format!("\"{line}\" không phải dòng lịch wardcast dùng được: {reason}\n  gợi ý: {hint}")
        }
    }
}

/// Why `explain` lists nothing after `from`: the line names a day that never comes (30
/// February), or its next time lies past the end of wardcast's calendar.
pub fn no_times_after(line: &str, from: &DateTime<Tz>, fires_at_all: bool, lang: Lang) -> String {
    let (line, from) = (shown(line), from.format("%d/%m/%Y %H:%M"));
    match (fires_at_all, lang) {
        (false, Lang::En) => format!(
            "\"{line}\" never fires: it names a day that does not exist (such as 30 February)\n  \
             hint: check the day-of-month and month fields with the calendar"
        ),
        (false, Lang::Vi) => format!(
            "\"{line}\" không bao giờ phát: dòng lịch ghi một ngày không có thật (như ngày 30 \
             tháng 2)\n  gợi ý: xem lại trường ngày và tháng theo lịch"
        ),
        (true, Lang::En) => format!(
            "\"{line}\" has no time after {from} in wardcast's calendar, which ends on \
             31/12/{LAST_YEAR}\n  hint: give an earlier --from"
        ),
        (true, Lang::Vi) => format!(
            "\"{line}\" không còn lần phát nào sau {from} trong lịch của wardcast (lịch kết thúc \
             ngày 31/12/{LAST_YEAR})\n  gợi ý: ghi --from sớm hơn"
        ),
    }
}

/// The line under a list cut short by the end of wardcast's calendar.
pub fn calendar_ends(lang: Lang) -> String {
    match lang {
        Lang::En => format!("(wardcast's calendar ends on 31/12/{LAST_YEAR}: no later times)"),
        Lang::Vi => {
            format!("(lịch của wardcast kết thúc ngày 31/12/{LAST_YEAR}: không có lần nào sau đó)")
        }
    }
}

/// Why `next` lists nothing after `from` although programmes are configured.
pub fn nothing_planned(from: &DateTime<Tz>, lang: Lang) -> String {
    let from = from.format("%d/%m/%Y %H:%M");
    match lang {
        Lang::En => format!(
            "No airing is due after {from} in wardcast's calendar, which ends on \
             31/12/{LAST_YEAR}.\n  hint: give an earlier --from, or check the schedules with \
             `wardcast explain`"
        ),
        Lang::Vi => format!(
            "Không có lần phát nào sau {from} trong lịch của wardcast (lịch kết thúc ngày \
             31/12/{LAST_YEAR}).\n  gợi ý: ghi --from sớm hơn, hoặc kiểm tra lịch phát bằng \
             `wardcast explain`"
        ),
    }
}

/// What to tell the officer when the airing log cannot be opened because of its folder:
/// the data folder cannot be created, or cannot be written in (SQLite writes its journal
/// beside the log even to read it). `None` when the folder is not the cause.
pub fn data_folder_problem(error: &LedgerError, config: &Config) -> Option<String> {
    let lang = config.station.lang;
    let (folder, reason, create) = match error {
        LedgerError::DataFolder { path, source } => (path.clone(), io_words(source, lang), true),
        LedgerError::Open { path, .. } => {
            let folder = path.parent()?.to_path_buf();
            let probe = tempfile::Builder::new()
                .prefix(".wardcast-probe-")
                .tempfile_in(&folder);
            let reason = match probe {
                Err(error) => io_words(&error, lang),
                // The folder takes new files: the log file itself may be read-only.
                Ok(_) => match std::fs::OpenOptions::new().write(true).open(path) {
                    Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
                        return Some(log_file_read_only(path, lang));
                    }
                    _ => return None,
                },
            };
            (folder, reason, false)
        }
        _ => return None,
    };
    let (folder, config_file) = (shown_path(&folder), shown_path(&config.source));
    Some(match (create, lang) {
        (true, Lang::En) => format!(
            "cannot create the data folder {folder}: {reason}\n  hint: create that folder and \
             let the user who runs wardcast write in it, or point `data` in [paths] of \
             {config_file} at a folder that can be written"
        ),
        (true, Lang::Vi) => format!(
            "không tạo được thư mục dữ liệu {folder}: {reason}\n  gợi ý: tạo thư mục đó và cho \
             người dùng chạy wardcast quyền ghi vào, hoặc sửa `data` trong [paths] của \
             {config_file} cho trỏ tới một thư mục ghi được"
        ),
        (false, Lang::En) => format!(
            "cannot write in the data folder {folder}: {reason}; wardcast writes there even \
             to read the airing log (the database keeps its journal beside it)\n  hint: let \
             the user who runs wardcast write in that folder (ask whoever looks after this \
             computer), or point `data` in [paths] of {config_file} at a folder that can be \
             written"
        ),
        (false, Lang::Vi) => format!(
            "không ghi được vào thư mục dữ liệu {folder}: {reason}; wardcast cần ghi ở đó cả \
             khi chỉ đọc nhật ký phát sóng (cơ sở dữ liệu giữ file ghi tạm bên cạnh nhật ký)\n  \
             gợi ý: cho người dùng chạy wardcast quyền ghi vào thư mục đó (nhờ người quản lý \
             máy tính), hoặc sửa `data` trong [paths] của {config_file} cho trỏ tới một thư mục \
             ghi được"
        ),
    })
}

fn log_file_read_only(path: &Path, lang: Lang) -> String {
    let path = shown_path(path);
    match lang {
        Lang::En => format!(
            "the airing log {path} is read-only\n  hint: let the user who runs wardcast write \
             to it (ask whoever looks after this computer); do not edit or replace it"
        ),
        Lang::Vi => format!(
            "nhật ký phát sóng {path} chỉ cho đọc\n  gợi ý: cho người dùng chạy wardcast quyền \
             ghi vào file đó (nhờ người quản lý máy tính); không sửa hay thay file nhật ký"
        ),
    }
}
