//! The verdict of checking the airing log (`wardcast verify`): intact or not, the hash to
//! write down, what to do, and what the witness file cannot vouch for. Each problem found
//! is said by the log's own description of it, printed beneath the verdict.

use super::Say;

/// One sentence of the log check's verdict.
#[derive(Debug, Clone, PartialEq, Default, strum::EnumIter)]
pub enum LogCheck {
    /// Every record as it was written: how many, and the hash of the last (two lines).
    Intact { records: u64, head_hash: String },
    /// The heading above the list of problems.
    #[default]
    Changed,
    /// Problems found beyond those listed.
    MoreProblems { count: u64 },
    /// How far the log is still good, under the problems.
    FirstIntact { records: u64, head_hash: String },
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
            LogCheck::Intact { records, head_hash } => format!(
                "Nhật ký nguyên vẹn: {records} bản ghi.\nMã kiểm tra (hash) của bản ghi cuối: \
                 {head_hash}"
            ),
            LogCheck::Changed => "NHẬT KÝ ĐÃ BỊ SỬA HOẶC BỊ MẤT BẢN GHI:".to_string(),
            LogCheck::MoreProblems { count } => format!("và {count} chỗ hỏng khác"),
            LogCheck::FirstIntact { records, head_hash } => {
                format!("{records} bản ghi đầu tiên nguyên vẹn, hash {head_hash}")
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
            LogCheck::Intact { records, head_hash } => format!(
                "The log is intact: {records} records.\nHash of the last record: {head_hash}"
            ),
            LogCheck::Changed => "THE LOG WAS CHANGED OR LOST RECORDS:".to_string(),
            LogCheck::MoreProblems { count } => format!("and {count} more problems"),
            LogCheck::FirstIntact { records, head_hash } => {
                format!("The first {records} records are intact, hash {head_hash}")
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
    fn every_log_check_sentence_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LogCheck>();
    }
}
