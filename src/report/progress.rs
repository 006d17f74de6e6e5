//! The lines an export prints while it works: the days the period covers, the file
//! written, and what the check of the log found.

use std::io::Write;
use std::path::Path;

use super::{rows, Written};
use crate::config::Config;
use crate::messages::Lang;
use crate::periods::Period;

/// Progress lines are a courtesy: a closed terminal must not spoil the file, so their
/// errors are ignored.
pub(super) fn say_period(progress: &mut dyn Write, period: &Period, config: &Config) {
    let zone = config.station.timezone;
    let _ = match config.station.lang {
        Lang::Vi => writeln!(
            progress,
            "Kỳ báo cáo {}: từ ngày {} đến ngày {} (giờ {zone}).",
            crate::messages::shown(&period.label),
            rows::day_text(period.first_day),
            rows::day_text(period.last_day)
        ),
        Lang::En => writeln!(
            progress,
            "Reporting period {}: {} to {} inclusive ({zone} time).",
            crate::messages::shown(&period.label),
            period.first_day.format("%d/%m/%Y"),
            period.last_day.format("%d/%m/%Y")
        ),
    };
}

pub(super) fn say_written(
    progress: &mut dyn Write,
    written: &Written,
    path: &Path,
    kept: bool,
    lang: Lang,
) {
    let shown = crate::messages::shown_path(path);
    if kept {
        let _ = match lang {
            Lang::Vi => writeln!(progress, "Đã ghi {} lần phát vào {shown}", written.airings),
            Lang::En => writeln!(progress, "Wrote {} airings to {shown}", written.airings),
        };
    }
    let Some(check) = &written.chain else {
        return;
    };
    let _ = match (&check.problem, lang) {
        (None, Lang::Vi) => writeln!(
            progress,
            "Nhật ký nguyên vẹn: {} bản ghi; mã kiểm tra của bản ghi cuối: {}",
            check.records, check.head_hash
        ),
        (None, Lang::En) => writeln!(
            progress,
            "The log is intact: {} records; hash of the last record: {}",
            check.records, check.head_hash
        ),
        (Some(problem), Lang::Vi) if kept => writeln!(
            progress,
            "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {}; báo cáo có ghi rõ điều này.",
            problem.describe(lang)
        ),
        (Some(problem), Lang::En) if kept => writeln!(
            progress,
            "THE LOG WAS CHANGED OR LOST RECORDS: {}; the report says so.",
            problem.describe(lang)
        ),
        (Some(problem), Lang::Vi) => writeln!(
            progress,
            "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {}. File CSV không ghi kèm được \
             điều này nên wardcast không ghi file {shown}; hãy xuất dạng xlsx hoặc html (báo \
             cáo ghi rõ chỗ bị sửa) và chạy `wardcast verify`.",
            problem.describe(lang)
        ),
        (Some(problem), Lang::En) => writeln!(
            progress,
            "THE LOG WAS CHANGED OR LOST RECORDS: {}. A CSV file cannot carry \
             this, so {shown} was not written; export as xlsx or html (the report says where \
             the log was changed) and run `wardcast verify`.",
            problem.describe(lang)
        ),
    };
}
