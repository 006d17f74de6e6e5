//! What to tell the officer when the airing log cannot be opened because of its folder:
//! the data folder cannot be created or written in, or the log file is read-only.

use std::path::PathBuf;

use super::{shown_path, Say};

/// Why the data folder stands in the way of the airing log, with what to do.
#[derive(Debug, Clone, PartialEq, strum::EnumIter)]
pub enum DataFolderProblem {
    /// The data folder does not exist and cannot be made; `config` is the configuration
    /// file whose `[paths] data` names it.
    CannotCreate {
        folder: PathBuf,
        reason: String,
        config: PathBuf,
    },
    /// The data folder takes no new files (SQLite writes its journal beside the log even
    /// to read it).
    CannotWrite {
        folder: PathBuf,
        reason: String,
        config: PathBuf,
    },
    /// The log file itself is read-only.
    LogReadOnly { path: PathBuf },
}

// Every variant carries a path, so none can be the derived default.
impl Default for DataFolderProblem {
    fn default() -> Self {
        DataFolderProblem::LogReadOnly {
            path: PathBuf::new(),
        }
    }
}

impl Say for DataFolderProblem {
    fn vi(&self) -> String {
        match self {
            DataFolderProblem::CannotCreate {
                folder,
                reason,
                config,
            } => format!(
                "không tạo được thư mục dữ liệu {}: {reason}\n  gợi ý: tạo thư mục đó và cho \
                 người dùng chạy wardcast quyền ghi vào, hoặc sửa `data` trong [paths] của {} \
                 cho trỏ tới một thư mục ghi được",
                shown_path(folder),
                shown_path(config)
            ),
            DataFolderProblem::CannotWrite {
                folder,
                reason,
                config,
            } => format!(
                "không ghi được vào thư mục dữ liệu {}: {reason}; wardcast cần ghi ở đó cả \
                 khi chỉ đọc nhật ký phát sóng (cơ sở dữ liệu giữ file ghi tạm bên cạnh nhật \
                 ký)\n  gợi ý: cho người dùng chạy wardcast quyền ghi vào thư mục đó (nhờ người \
                 quản lý máy tính), hoặc sửa `data` trong [paths] của {} cho trỏ tới một thư \
                 mục ghi được",
                shown_path(folder),
                shown_path(config)
            ),
            DataFolderProblem::LogReadOnly { path } => format!(
                "nhật ký phát sóng {} chỉ cho đọc\n  gợi ý: cho người dùng chạy wardcast quyền \
                 ghi vào file đó (nhờ người quản lý máy tính); không sửa hay thay file nhật ký",
                shown_path(path)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            DataFolderProblem::CannotCreate {
                folder,
                reason,
                config,
            } => format!(
                "cannot create the data folder {}: {reason}\n  hint: create that folder and \
                 let the user who runs wardcast write in it, or point `data` in [paths] of {} \
                 at a folder that can be written",
                shown_path(folder),
                shown_path(config)
            ),
            DataFolderProblem::CannotWrite {
                folder,
                reason,
                config,
            } => format!(
                "cannot write in the data folder {}: {reason}; wardcast writes there even to \
                 read the airing log (the database keeps its journal beside it)\n  hint: let \
                 the user who runs wardcast write in that folder (ask whoever looks after this \
                 computer), or point `data` in [paths] of {} at a folder that can be written",
                shown_path(folder),
                shown_path(config)
            ),
            DataFolderProblem::LogReadOnly { path } => format!(
                "the airing log {} is read-only\n  hint: let the user who runs wardcast write \
                 to it (ask whoever looks after this computer); do not edit or replace it",
                shown_path(path)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_data_folder_problem_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<DataFolderProblem>();
    }
}
