//! The words of the airing log: the log check's verdict (intact or not, the hash to write
//! down, what to do), each fault the check (`verify`, and every export, which checks the log
//! first) can find, and what stops the log being opened, read or written, each said as one
//! sentence the officer can act on.

use std::path::PathBuf;

use super::report::count;
use super::{shown, shown_path, Lang, Say};

/// A fault found in the airing log, with the records it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum LogFault {
    /// Records `first..=through` are not in the log; `witnessed` when the witness file still
    /// holds their hashes.
    Missing {
        first: i64,
        through: i64,
        witnessed: bool,
    },
    /// Record `seq` does not point at the record before it.
    OutOfOrder { seq: i64 },
    /// Record `seq` no longer matches its hash.
    Changed { seq: i64 },
    /// Record `seq` is not the one the witness file holds under its number.
    NotAsWitnessed { seq: i64 },
    /// The log has records and its witness file is gone.
    #[default]
    NoWitness,
    /// Records `first..=through` are in the log and not in its witness file.
    NotWitnessed { first: i64, through: i64 },
    /// The witness file and its copy on the spare disk disagree at record `seq`.
    CopiesDisagree { seq: i64 },
    /// The file itself is damaged; `detail` is what SQLite (or the witness file) says.
    Damaged { detail: String },
}

impl Say for LogFault {
    fn vi(&self) -> String {
        match self {
            LogFault::Missing {
                first,
                through,
                witnessed,
            } => {
                let which = if through == first {
                    format!("bản ghi số {first} không còn")
                } else {
                    format!("các bản ghi số {first}–{through} không còn")
                };
                let witness = if *witnessed {
                    " (tệp đối chứng vẫn giữ mã kiểm tra của chúng)"
                } else {
                    ""
                };
                format!("{which}: đã bị xoá, hoặc mất cùng tệp nhật ký{witness}")
            }
            LogFault::OutOfOrder { seq } => format!(
                "bản ghi số {seq} không nối tiếp bản ghi trước nó: có bản ghi bị xoá hoặc bị đảo \
                 thứ tự"
            ),
            LogFault::Changed { seq } => {
                format!("bản ghi số {seq} không khớp mã kiểm tra: đã bị sửa sau khi ghi")
            }
            LogFault::NotAsWitnessed { seq } => {
                format!("bản ghi số {seq} không phải bản đã ghi trong tệp đối chứng: đã bị thay")
            }
            LogFault::NoWitness => "tệp đối chứng bên cạnh nhật ký không còn, nên không thể biết \
                 bản ghi cuối nhật ký có bị mất hay không; hãy chép lại từ bản sao lưu nếu có"
                .to_string(),
            LogFault::NotWitnessed { first, through } => format!(
                "các bản ghi số {first}–{through} có trong nhật ký nhưng không có trong tệp đối \
                 chứng: bị thêm vào ngoài wardcast, hoặc tệp đối chứng bị xoá dòng"
            ),
            LogFault::CopiesDisagree { seq } => format!(
                "tệp đối chứng và bản sao trên ổ dự phòng khác nhau ở bản ghi số {seq}: một \
                 trong hai đã bị sửa"
            ),
            LogFault::Damaged { detail } => {
                format!("tệp nhật ký bị hỏng (SQLite báo: {})", shown(detail))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            LogFault::Missing {
                first,
                through,
                witnessed,
            } => {
                let which = if through == first {
                    format!("record {first} is missing")
                } else {
                    format!("records {first}–{through} are missing")
                };
                let witness = match (*witnessed, through == first) {
                    (false, _) => "",
                    (true, true) => " (the witness file still holds its hash)",
                    (true, false) => " (the witness file still holds their hashes)",
                };
                format!("{which}: deleted, or lost with the log file{witness}")
            }
            LogFault::OutOfOrder { seq } => format!(
                "record {seq} does not follow the record before it: records were deleted or \
                 reordered"
            ),
            LogFault::Changed { seq } => {
                format!("record {seq} does not match its hash: it was changed after it was written")
            }
            LogFault::NotAsWitnessed { seq } => {
                format!("record {seq} is not the one the witness file recorded: it was replaced")
            }
            LogFault::NoWitness => "the witness file beside the log is missing, so records lost \
                 from the end of the log cannot be seen; restore it from a backup if there is one"
                .to_string(),
            LogFault::NotWitnessed { first, through } => format!(
                "records {first}–{through} are in the log but not in its witness file: added \
                 behind wardcast's back, or lines removed from the witness"
            ),
            LogFault::CopiesDisagree { seq } => format!(
                "the witness file and its copy on the spare disk disagree at record {seq}: one \
                 of them was rewritten"
            ),
            LogFault::Damaged { detail } => {
                format!("the log file is damaged (SQLite says: {})", shown(detail))
            }
        }
    }
}

/// Why the airing log could not be opened, read or written; `detail` is what the system
/// or SQLite says.
#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum LogProblem {
    /// The data folder cannot be created.
    DataFolder { folder: PathBuf, detail: String },
    /// The log file cannot be opened.
    Open { path: PathBuf, detail: String },
    /// Writing a record failed.
    Write { detail: String },
    /// The log is from before the hash chain.
    OldFormat { path: PathBuf },
    /// Reading the log failed.
    Read { detail: String },
    /// The witness file beside the log cannot be read or written.
    Witness { detail: String },
    /// The spare folder is not there.
    SpareMissing { folder: PathBuf },
    /// The journal of waiting records on the spare disk cannot be read or written.
    Journal { detail: String },
}

impl Default for LogProblem {
    fn default() -> Self {
        LogProblem::Write {
            detail: String::new(),
        }
    }
}

impl Say for LogProblem {
    fn vi(&self) -> String {
        match self {
            LogProblem::DataFolder { folder, detail } => format!(
                "không tạo được thư mục dữ liệu {}: {}",
                shown_path(folder),
                shown(detail)
            ),
            LogProblem::Open { path, detail } => format!(
                "không dùng được nhật ký phát sóng {}: {}",
                shown_path(path),
                shown(detail)
            ),
            LogProblem::Write { detail } => {
                format!("không ghi được vào nhật ký phát sóng: {}", shown(detail))
            }
            LogProblem::OldFormat { path } => format!(
                "nhật ký phát sóng {} do một phiên bản wardcast cũ ghi, chưa có chuỗi mã kiểm \
                 tra; hãy chuyển nó sang chỗ khác (đổi tên, giữ lại làm bằng chứng), wardcast sẽ \
                 bắt đầu một nhật ký mới",
                shown_path(path)
            ),
            LogProblem::Read { detail } => {
                format!("không đọc được nhật ký phát sóng: {}", shown(detail))
            }
            LogProblem::Witness { detail } => format!(
                "không dùng được tệp đối chứng của nhật ký phát sóng: {}",
                shown(detail)
            ),
            LogProblem::SpareMissing { folder } => format!(
                "thư mục dự phòng {} không có (ổ đĩa của nó đã cắm vào chưa?)",
                shown_path(folder)
            ),
            LogProblem::Journal { detail } => format!(
                "không dùng được sổ các bản ghi đang chờ trên ổ dự phòng: {}",
                shown(detail)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            LogProblem::DataFolder { folder, detail } => format!(
                "cannot create the data folder {}: {}",
                shown_path(folder),
                shown(detail)
            ),
            LogProblem::Open { path, detail } => format!(
                "the airing log {} cannot be used: {}",
                shown_path(path),
                shown(detail)
            ),
            LogProblem::Write { detail } => {
                format!("writing to the airing log failed: {}", shown(detail))
            }
            LogProblem::OldFormat { path } => format!(
                "the airing log {} was written by an older wardcast, without the hash chain; \
                 move it aside (rename it, keep it as evidence) and wardcast will start a new log",
                shown_path(path)
            ),
            LogProblem::Read { detail } => {
                format!("reading the airing log failed: {}", shown(detail))
            }
            LogProblem::Witness { detail } => format!(
                "the witness file of the airing log cannot be used: {}",
                shown(detail)
            ),
            LogProblem::SpareMissing { folder } => format!(
                "the spare folder {} does not exist (is its disk plugged in?)",
                shown_path(folder)
            ),
            LogProblem::Journal { detail } => format!(
                "the journal of waiting records on the spare disk cannot be used: {}",
                shown(detail)
            ),
        }
    }
}

/// The heading of a changed log's verdict.
const CHANGED_VI: &str = "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI";
const CHANGED_EN: &str = "THE LOG WAS CHANGED OR LOST RECORDS";

/// One sentence of the log check's verdict.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum LogCheck {
    /// Every record as it was written, and how many.
    Intact { records: u64 },
    /// The hash of the last record, to write down.
    HeadHash { head_hash: String },
    /// The heading above the list of problems.
    #[default]
    Changed,
    /// Problems found beyond those listed.
    MoreProblems { count: u64 },
    /// The verdict with the first problem, in one sentence (a report's cell or paragraph).
    ChangedBecause { fault: String },
    /// How far the log is still good, under the problems.
    FirstIntact { records: u64 },
    /// What the officer does about a changed log.
    WhatToDo,
    /// The witness file was started when the log already had `records` records.
    WitnessStartedLate { records: i64 },
    /// Lines of the witness file that could not be read.
    WitnessUnreadable { lines: u64 },
    /// The hash of one record (`verify --record N`).
    RecordHash { seq: i64, hash: String },
    /// The record asked for lies after the first problem.
    RecordAfterChange { seq: i64 },
    /// The log has no such record.
    NoSuchRecord { seq: i64 },
}

impl Say for LogCheck {
    fn vi(&self) -> String {
        match self {
            LogCheck::Intact { records } => format!(
                "Nhật ký nguyên vẹn: {} bản ghi, không bản ghi nào bị sửa hay xoá.",
                count(*records, Lang::Vi)
            ),
            LogCheck::HeadHash { head_hash } => {
                format!("Mã kiểm tra (hash) của bản ghi cuối: {head_hash}")
            }
            LogCheck::Changed => CHANGED_VI.to_string(),
            LogCheck::ChangedBecause { fault } => format!("{CHANGED_VI}: {fault}."),
            LogCheck::MoreProblems { count } => format!("và {count} chỗ hỏng khác"),
            LogCheck::FirstIntact { records } => {
                format!("{} bản ghi đầu tiên nguyên vẹn", count(*records, Lang::Vi))
            }
            LogCheck::WhatToDo => "Việc cần làm: giữ nguyên tệp nhật ký và tệp đối chứng (đó là \
                                   minh chứng), báo cho người phụ trách, và nếu có bản sao lưu \
                                   thì đối chiếu với bản đó."
                .to_string(),
            LogCheck::WitnessStartedLate { records } => format!(
                "Lưu ý: tệp đối chứng được lập khi nhật ký đã có {records} bản ghi; bản ghi bị \
                 mất trước thời điểm đó không thể phát hiện."
            ),
            LogCheck::WitnessUnreadable { lines } => format!(
                "Lưu ý: {lines} dòng của tệp đối chứng không đọc được (dòng bị cắt khi mất \
                 điện, hoặc bị sửa)."
            ),
            LogCheck::RecordHash { seq, hash } => {
                format!("Mã kiểm tra của bản ghi số {seq}: {hash}")
            }
            LogCheck::RecordAfterChange { seq } => {
                format!("Bản ghi số {seq} nằm sau chỗ nhật ký bị sửa: mã của nó không đáng tin.")
            }
            LogCheck::NoSuchRecord { seq } => format!("Nhật ký không có bản ghi số {seq}."),
        }
    }

    fn en(&self) -> String {
        match self {
            LogCheck::Intact { records } => format!(
                "The log is intact: {} records, none changed or deleted.",
                count(*records, Lang::En)
            ),
            LogCheck::HeadHash { head_hash } => format!("Hash of the last record: {head_hash}"),
            LogCheck::Changed => CHANGED_EN.to_string(),
            LogCheck::ChangedBecause { fault } => format!("{CHANGED_EN}: {fault}."),
            LogCheck::MoreProblems { count } => format!("and {count} more problems"),
            LogCheck::FirstIntact { records } => {
                format!("The first {} records are intact", count(*records, Lang::En))
            }
            LogCheck::WhatToDo => "What to do: keep the log file and the witness file as they \
                                   are (they are the evidence), tell whoever is responsible, \
                                   and compare with a backup if there is one."
                .to_string(),
            LogCheck::WitnessStartedLate { records } => format!(
                "Note: the witness file was started when the log already had {records} \
                 records; records lost before then cannot be detected."
            ),
            LogCheck::WitnessUnreadable { lines } => format!(
                "Note: {lines} lines of the witness file cannot be read (cut off by a power \
                 cut, or edited)."
            ),
            LogCheck::RecordHash { seq, hash } => format!("Hash of record {seq}: {hash}"),
            LogCheck::RecordAfterChange { seq } => {
                format!("Record {seq} comes after the change: its hash cannot be trusted.")
            }
            LogCheck::NoSuchRecord { seq } => format!("The log has no record {seq}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_log_fault_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LogFault>();
    }

    #[test]
    fn every_log_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LogProblem>();
    }

    #[test]
    fn one_missing_record_and_a_range_are_worded_apart() {
        let one = LogFault::Missing {
            first: 7,
            through: 7,
            witnessed: true,
        };
        assert_eq!(
            one.en(),
            "record 7 is missing: deleted, or lost with the log file (the witness file still \
             holds its hash)"
        );
        assert_eq!(
            one.vi(),
            "bản ghi số 7 không còn: đã bị xoá, hoặc mất cùng tệp nhật ký (tệp đối chứng vẫn giữ \
             mã kiểm tra của chúng)"
        );
        let range = LogFault::Missing {
            first: 3,
            through: 5,
            witnessed: false,
        };
        assert_eq!(
            range.en(),
            "records 3–5 are missing: deleted, or lost with the log file"
        );
        assert_eq!(
            range.vi(),
            "các bản ghi số 3–5 không còn: đã bị xoá, hoặc mất cùng tệp nhật ký"
        );
    }

    #[test]
    fn what_sqlite_says_cannot_start_a_line_of_its_own() {
        let damaged = LogFault::Damaged {
            detail: "row 2 missing from index x\nrecord 1 is intact".into(),
        };
        for said in [damaged.en(), damaged.vi()] {
            assert!(!said.contains('\n'), "{said}");
            assert!(said.contains("index x\\nrecord 1"), "{said}");
        }
    }

    #[test]
    fn every_log_check_sentence_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LogCheck>();
    }
}
