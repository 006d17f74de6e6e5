//! What the configuration of receiving other stations gets wrong: sources, relays,
//! recordings and downloads.

use super::{en_told, vi_told};
use crate::messages::{shown, Say};

/// A `[[source]]`, a relay, a `[[recording]]` or a `[[download]]` that cannot be used as
/// written.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ReceivingProblem {
    #[default]
    SourceNeitherUrlNorInput,
    SourceBothUrlAndInput {
        id: String,
    },
    SourceIdUnusable {
        id: String,
    },
    SourceIdTwice {
        id: String,
    },
    NotWebAddress {
        text: String,
    },
    EmptyInput,
    /// `relay`, a recording's `source`: no `[[source]]` has this id.
    UnknownSource {
        id: String,
        known: Vec<String>,
    },
    /// A recording's or download's `into`: no `[[programme]]` has this id.
    UnknownProgramme {
        id: String,
        known: Vec<String>,
    },
    RelayWithoutDuration {
        id: String,
    },
    /// `duration`, `fallback` or `relay_copy` on a programme that does not relay.
    OnlyForRelays {
        key: &'static str,
    },
    EmptySchedule,
    BadName {
        name: String,
    },
}

fn listed(known: &[String]) -> String {
    known
        .iter()
        .map(|id| format!("\"{}\"", shown(id)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Say for ReceivingProblem {
    fn vi(&self) -> String {
        match self {
            ReceivingProblem::SourceNeitherUrlNorInput => vi_told(
                "[[source]] chưa nói nghe đài ở đâu",
                "ghi url = \"https://…\" (địa chỉ luồng phát của đài) hoặc input = \"line-in\" \
                 (máy thu cắm vào cổng line-in)",
            ),
            ReceivingProblem::SourceBothUrlAndInput { id } => vi_told(
                format!("nguồn `{}` có cả url lẫn input", shown(id)),
                "mỗi [[source]] chỉ ghi một trong hai: url hoặc input",
            ),
            ReceivingProblem::SourceIdUnusable { id } => vi_told(
                format!("mã nguồn `{}` không dùng được", shown(id)),
                "chỉ dùng chữ cái không dấu, chữ số, '-' và '_' (ví dụ \"dai-tinh\")",
            ),
            ReceivingProblem::SourceIdTwice { id } => vi_told(
                format!("mã nguồn `{}` bị dùng hai lần", shown(id)),
                "mỗi [[source]] cần một mã riêng",
            ),
            ReceivingProblem::NotWebAddress { text } => vi_told(
                format!("\"{}\" không phải địa chỉ web", shown(text)),
                "ghi đầy đủ, bắt đầu bằng http:// hoặc https://, như đài cung cấp",
            ),
            ReceivingProblem::EmptyInput => vi_told(
                "input để trống",
                "ghi input = \"line-in\", hoặc tên thiết bị thu như `wardcast devices` liệt kê",
            ),
            ReceivingProblem::UnknownSource { id, known } => vi_told(
                format!("không có [[source]] nào mã `{}`", shown(id)),
                if known.is_empty() {
                    "khai báo nguồn trước bằng một mục [[source]] có id, title và url".to_string()
                } else {
                    format!("dùng một trong các mã: {}", listed(known))
                },
            ),
            ReceivingProblem::UnknownProgramme { id, known } => vi_told(
                format!("không có [[programme]] nào mã `{}`", shown(id)),
                if known.is_empty() {
                    "khai báo chương trình nhận file trước bằng một mục [[programme]]".to_string()
                } else {
                    format!("dùng một trong các mã: {}", listed(known))
                },
            ),
            ReceivingProblem::RelayWithoutDuration { id } => vi_told(
                format!(
                    "chương trình `{}` tiếp sóng nhưng chưa ghi thời lượng",
                    shown(id)
                ),
                "ghi duration = \"30m\" (tiếp sóng bao lâu mỗi lần)",
            ),
            ReceivingProblem::OnlyForRelays { key } => vi_told(
                format!("{key} chỉ dùng cho chương trình tiếp sóng"),
                format!("thêm relay = \"<mã nguồn>\" hoặc bỏ {key}"),
            ),
            ReceivingProblem::EmptySchedule => vi_told(
                "chưa có lịch",
                "ghi ít nhất một dòng lịch, ví dụ schedule = [\"0 19 * * FRI\"]",
            ),
            ReceivingProblem::BadName { name } => vi_told(
                format!("tên file \"{}\" không dùng được", shown(name)),
                "ghi tên không có / \\ và ký tự điều khiển, ví dụ \"{date} Chuyên mục CCHC\"",
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ReceivingProblem::SourceNeitherUrlNorInput => en_told(
                "this [[source]] does not say where to hear the station",
                "write url = \"https://…\" (the station's stream address) or input = \
                 \"line-in\" (a receiver plugged into the line-in)",
            ),
            ReceivingProblem::SourceBothUrlAndInput { id } => en_told(
                format!("source `{}` has both url and input", shown(id)),
                "give each [[source]] one of them: url or input",
            ),
            ReceivingProblem::SourceIdUnusable { id } => en_told(
                format!("source id `{}` is not usable", shown(id)),
                "use plain letters, digits, '-' and '_' (for example \"dai-tinh\")",
            ),
            ReceivingProblem::SourceIdTwice { id } => en_told(
                format!("source id `{}` is used twice", shown(id)),
                "give each [[source]] its own id",
            ),
            ReceivingProblem::NotWebAddress { text } => en_told(
                format!("\"{}\" is not a web address", shown(text)),
                "write it in full, starting with http:// or https://, as the station gives it",
            ),
            ReceivingProblem::EmptyInput => en_told(
                "input is empty",
                "write input = \"line-in\", or a capture device name as `wardcast devices` \
                 lists it",
            ),
            ReceivingProblem::UnknownSource { id, known } => en_told(
                format!("no [[source]] has the id `{}`", shown(id)),
                if known.is_empty() {
                    "declare the source first, in a [[source]] with id, title and url".to_string()
                } else {
                    format!("use one of: {}", listed(known))
                },
            ),
            ReceivingProblem::UnknownProgramme { id, known } => en_told(
                format!("no [[programme]] has the id `{}`", shown(id)),
                if known.is_empty() {
                    "declare the programme that receives the files in a [[programme]]".to_string()
                } else {
                    format!("use one of: {}", listed(known))
                },
            ),
            ReceivingProblem::RelayWithoutDuration { id } => en_told(
                format!(
                    "programme `{}` relays a source but has no duration",
                    shown(id)
                ),
                "write duration = \"30m\" (how long each relay lasts)",
            ),
            ReceivingProblem::OnlyForRelays { key } => en_told(
                format!("{key} is only for programmes that relay a source"),
                format!("add relay = \"<source id>\" or remove {key}"),
            ),
            ReceivingProblem::EmptySchedule => en_told(
                "the schedule is empty",
                "give at least one crontab line, e.g. schedule = [\"0 19 * * FRI\"]",
            ),
            ReceivingProblem::BadName { name } => en_told(
                format!("file name \"{}\" is not usable", shown(name)),
                "write a name without / \\ or control characters, e.g. \"{date} CCHC column\"",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_receiving_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<super::ReceivingProblem>();
    }
}
