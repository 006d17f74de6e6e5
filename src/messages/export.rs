//! What `wardcast export` tells the officer: the lines it prints while it works, and why an
//! export was not written where it was asked to be.

use super::{shown, Say};

/// The lines an export prints while it works. Paths and the period's label are shown as
/// [`shown`] makes outside text safe; `fault` is the log check's own words.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum ExportProgress {
    /// The days the period covers, both written `dd/mm/yyyy`.
    Period {
        label: String,
        first: String,
        last: String,
        zone: String,
    },
    /// The file was written.
    Written { airings: u64, path: String },
    /// The log's hash chain holds.
    Intact { records: u64, head_hash: String },
    /// The log was changed; the report (a workbook or a page) says so.
    ChangedAndSaid { fault: String },
    /// The log was changed; a CSV file cannot say so, so it was not written.
    ChangedNotWritten { fault: String, path: String },
}

impl Say for ExportProgress {
    fn vi(&self) -> String {
        match self {
            ExportProgress::Period {
                label,
                first,
                last,
                zone,
            } => format!(
                "Kỳ báo cáo {}: từ ngày {first} đến ngày {last} (giờ {zone}).",
                shown(label)
            ),
            ExportProgress::Written { airings, path } => {
                format!("Đã ghi {airings} lần phát vào {}", shown(path))
            }
            ExportProgress::Intact { records, head_hash } => format!(
                "Nhật ký nguyên vẹn: {records} bản ghi; mã kiểm tra của bản ghi cuối: {head_hash}"
            ),
            ExportProgress::ChangedAndSaid { fault } => format!(
                "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {fault}; báo cáo có ghi rõ điều này."
            ),
            ExportProgress::ChangedNotWritten { fault, path } => format!(
                "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI: {fault}. File CSV không ghi kèm được \
                 điều này nên wardcast không ghi file {}; hãy xuất dạng xlsx hoặc html (báo \
                 cáo ghi rõ chỗ bị sửa) và chạy `wardcast verify`.",
                shown(path)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ExportProgress::Period {
                label,
                first,
                last,
                zone,
            } => format!(
                "Reporting period {}: {first} to {last} inclusive ({zone} time).",
                shown(label)
            ),
            ExportProgress::Written { airings, path } => {
                format!("Wrote {airings} airings to {}", shown(path))
            }
            ExportProgress::Intact { records, head_hash } => format!(
                "The log is intact: {records} records; hash of the last record: {head_hash}"
            ),
            ExportProgress::ChangedAndSaid { fault } => {
                format!("THE LOG WAS CHANGED OR LOST RECORDS: {fault}; the report says so.")
            }
            ExportProgress::ChangedNotWritten { fault, path } => format!(
                "THE LOG WAS CHANGED OR LOST RECORDS: {fault}. A CSV file cannot carry \
                 this, so {} was not written; export as xlsx or html (the report says where \
                 the log was changed) and run `wardcast verify`.",
                shown(path)
            ),
        }
    }
}

/// Why an export was not written, with what to do. `path` is the file asked for; `reason`
/// is an I/O failure in the officer's words (see [`super::io_words`]).
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum ExportProblem {
    /// The folder to write in does not exist.
    MissingFolder { folder: String },
    /// What should hold the file is not a folder.
    NotAFolder { folder: String, path: String },
    /// The file would be inside the data folder.
    InsideData { path: String, data: String },
    /// The name is a symbolic link.
    Link { path: String },
    /// The name is a device, a pipe, a socket or a folder.
    NotARegularFile { path: String },
    /// A file is there; `--force` was not given.
    Exists { path: String },
    /// A file is there that is not an earlier export of `format` (`CSV`, `XLSX`, `HTML`).
    NotAnExport { path: String, format: String },
    /// No temporary file could be made in the folder.
    CannotWriteIn { folder: String, reason: String },
    /// Writing the file failed.
    WriteFailed { path: String, reason: String },
    /// The workbook writer failed, in its own words.
    ExcelFailed { path: String, reason: String },
    /// The system's temporary folder, which the workbook writer needs, cannot be written.
    TemporaryFolder { folder: String, reason: String },
}

impl Say for ExportProblem {
    fn vi(&self) -> String {
        match self {
            ExportProblem::MissingFolder { folder } => format!(
                "thư mục {} không tồn tại\n  gợi ý: tạo thư mục đó trước (hoặc cắm USB chứa \
                 nó vào), hoặc cho --out một thư mục đã có",
                shown(folder)
            ),
            ExportProblem::NotAFolder { folder, path } => format!(
                "{} không phải thư mục nên không ghi được {} vào đó\n  gợi ý: cho --out \
                 một file nằm trong một thư mục",
                shown(folder),
                shown(path)
            ),
            ExportProblem::InsideData { path, data } => format!(
                "{} nằm trong thư mục dữ liệu {}, nơi giữ nhật ký phát sóng; báo cáo không \
                 bao giờ được ghi vào đó, kể cả khi có --force\n  gợi ý: cho --out một file \
                 hoặc thư mục ở chỗ khác, ví dụ thư mục Tài liệu hoặc USB",
                shown(path),
                shown(data)
            ),
            ExportProblem::Link { path } => format!(
                "{} là liên kết tới một file khác; báo cáo không bao giờ được ghi qua liên \
                 kết, kể cả khi có --force\n  gợi ý: cho --out một tên khác",
                shown(path)
            ),
            ExportProblem::NotARegularFile { path } => format!(
                "{} không phải file thường (đây là thiết bị, đường ống hoặc thư mục); báo \
                 cáo chỉ được ghi thành một file riêng\n  gợi ý: cho --out tên một file mới",
                shown(path)
            ),
            ExportProblem::Exists { path } => format!(
                "{} đã có; thêm --force để thay file đó, hoặc đặt tên khác bằng --out FILE",
                shown(path)
            ),
            ExportProblem::NotAnExport { path, format } => format!(
                "{} không phải báo cáo {format} do wardcast xuất trước đây nên được giữ nguyên: \
                 --force chỉ thay báo cáo của chính wardcast\n  gợi ý: cho --out một tên khác, \
                 hoặc chuyển file đó đi chỗ khác trước",
                shown(path)
            ),
            ExportProblem::CannotWriteIn { folder, reason } => format!(
                "không ghi được vào thư mục {}: {reason}\n  gợi ý: cho --out một file trong \
                 thư mục ghi được",
                shown(folder)
            ),
            ExportProblem::WriteFailed { path, reason } => format!(
                "ghi {} không được: {reason}\n  gợi ý: kiểm tra ổ đĩa còn chỗ trống (nhật ký \
                 một năm có thể cần hàng trăm MB)",
                shown(path)
            ),
            ExportProblem::ExcelFailed { path, reason } => {
                format!("ghi file Excel {} không được: {reason}", shown(path))
            }
            ExportProblem::TemporaryFolder { folder, reason } => format!(
                "không ghi được vào thư mục tạm {} ({reason})\n  gợi ý: đặt biến TMPDIR là \
                 một thư mục ghi được",
                shown(folder)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ExportProblem::MissingFolder { folder } => format!(
                "the folder {} does not exist\n  hint: create it first (or plug in the USB \
                 stick it is on), or give --out a folder that exists",
                shown(folder)
            ),
            ExportProblem::NotAFolder { folder, path } => format!(
                "{} is not a folder, so {} cannot be written in it\n  hint: give --out a \
                 file in a folder",
                shown(folder),
                shown(path)
            ),
            ExportProblem::InsideData { path, data } => format!(
                "{} is inside the data folder {}, where the airing log is kept; a report \
                 is never written there, not even with --force\n  hint: give --out a file or \
                 folder elsewhere, e.g. your Documents folder or a USB stick",
                shown(path),
                shown(data)
            ),
            ExportProblem::Link { path } => format!(
                "{} is a link to another file; a report is never written through a link, \
                 not even with --force\n  hint: give --out another name",
                shown(path)
            ),
            ExportProblem::NotARegularFile { path } => format!(
                "{} is not an ordinary file (it is a device, a pipe or a folder); a report \
                 is only written as a file of its own\n  hint: give --out the name of a new \
                 file",
                shown(path)
            ),
            ExportProblem::Exists { path } => format!(
                "{} already exists; add --force to replace it, or give another name with \
                 --out FILE",
                shown(path)
            ),
            ExportProblem::NotAnExport { path, format } => format!(
                "{} is not an earlier wardcast {format} export, so it is kept: --force only \
                 replaces wardcast's own reports\n  hint: give --out another name, or move \
                 that file away first",
                shown(path)
            ),
            ExportProblem::CannotWriteIn { folder, reason } => format!(
                "cannot write in the folder {}: {reason}\n  hint: give a file in a folder \
                 you can write to with --out FILE",
                shown(folder)
            ),
            ExportProblem::WriteFailed { path, reason } => format!(
                "writing {} failed: {reason}\n  hint: check that the disk has room (a year of \
                 airings can take hundreds of MB)",
                shown(path)
            ),
            ExportProblem::ExcelFailed { path, reason } => {
                format!("writing the Excel file {} failed: {reason}", shown(path))
            }
            ExportProblem::TemporaryFolder { folder, reason } => format!(
                "the temporary folder {} cannot be written to ({reason})\n  hint: set TMPDIR \
                 to a folder that can",
                shown(folder)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_export_message_is_said_in_both_languages() {
        super::super::assert_said_in_both::<ExportProgress>();
        super::super::assert_said_in_both::<ExportProblem>();
    }

    #[test]
    fn outside_text_cannot_start_a_line_of_its_own() {
        let problem = ExportProblem::Exists {
            path: "/tmp/a\nb.csv".to_string(),
        };
        assert!(problem
            .say(super::super::Lang::En)
            .starts_with("/tmp/a\\nb.csv already"));
    }
}
