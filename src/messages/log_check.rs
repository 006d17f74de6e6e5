//! The words of the log check: each fault `verify` (and every export, which checks the log
//! first) can find in the airing log, said as one sentence the officer can act on.

use super::{shown, Say};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_log_fault_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LogFault>();
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
}
