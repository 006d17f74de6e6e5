//! The disks in words: little space left, a spare folder that cannot serve, records
//! waiting to be written, each with what to do.

use std::path::PathBuf;

use super::Say;

#[derive(Debug, Clone, PartialEq, Eq, strum::EnumIter)]
pub enum DiskWarning {
    /// The disk of the data folder has only `free` bytes left.
    LowSpace { folder: PathBuf, free: u64 },
    /// The spare folder cannot be written; `detail` is the system's reason.
    SpareUnusable { folder: PathBuf, detail: String },
    /// The spare folder is on the data folder's disk.
    SpareOnDataDisk { folder: PathBuf },
    /// Records a stopped wardcast left in the journal on the spare disk.
    RecordsWaiting { journal: PathBuf, records: usize },
}

impl Default for DiskWarning {
    fn default() -> DiskWarning {
        DiskWarning::SpareOnDataDisk {
            folder: PathBuf::new(),
        }
    }
}

fn megabytes(bytes: u64) -> u64 {
    bytes / 1_000_000
}

impl Say for DiskWarning {
    fn vi(&self) -> String {
        match self {
            DiskWarning::LowSpace { folder, free } => format!(
                "Ổ đĩa chứa thư mục dữ liệu {} chỉ còn {} MB trống: hãy giải phóng chỗ (xoá báo \
                 cáo cũ, bản sao file âm thanh). Khi ổ đầy, wardcast vẫn phát nhưng phải giữ tạm \
                 nhật ký trong bộ nhớ.",
                folder.display(),
                megabytes(*free)
            ),
            DiskWarning::SpareUnusable { folder, detail } => format!(
                "Không ghi được vào thư mục dự phòng {} ({detail}): hãy cắm lại ổ đĩa của nó \
                 hoặc sửa `spare` trong cấu hình.",
                folder.display()
            ),
            DiskWarning::SpareOnDataDisk { folder } => format!(
                "Thư mục dự phòng {} nằm trên cùng ổ đĩa với thư mục dữ liệu: khi ổ đó đầy \
                 hay hỏng thì bản sao cũng mất; hãy chọn một thư mục trên ổ khác (ổ thứ hai, \
                 hoặc USB).",
                folder.display()
            ),
            DiskWarning::RecordsWaiting { journal, records } => format!(
                "{records} bản ghi nhật ký phát sóng đang chờ trong {}: wardcast sẽ ghi chúng \
                 vào nhật ký khi chạy lại (`wardcast run`).",
                journal.display()
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            DiskWarning::LowSpace { folder, free } => format!(
                "The disk of the data folder {} has only {} MB free: free some space (old \
                 reports, copies of audio files). On a full disk wardcast keeps airing but has \
                 to hold the log's records in memory.",
                folder.display(),
                megabytes(*free)
            ),
            DiskWarning::SpareUnusable { folder, detail } => format!(
                "The spare folder {} cannot be written ({detail}): plug its disk back in, or \
                 correct `spare` in the configuration.",
                folder.display()
            ),
            DiskWarning::SpareOnDataDisk { folder } => format!(
                "The spare folder {} is on the same disk as the data folder: when that disk \
                 fills or fails, the copy goes with it; choose a folder on another disk (a \
                 second drive, or a USB stick).",
                folder.display()
            ),
            DiskWarning::RecordsWaiting { journal, records } => format!(
                "{records} records of the airing log wait in {}: wardcast writes them into the \
                 log when it runs again (`wardcast run`).",
                journal.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_disk_warning_is_said_in_both_languages() {
        super::super::assert_said_in_both::<DiskWarning>();
    }
}
