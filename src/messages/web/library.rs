//! The library page's words: its tables, the upload form and its outcomes, withdrawing a
//! file, and why an upload or a withdrawal was refused. A file's standing and the reason
//! it will not air are the words of `messages::library`, as `wardcast library` prints them.

use super::super::Say;

/// The words of the library page.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum LibraryWords {
    #[default]
    Intro,
    /// A programme's heading.
    Programme {
        title: String,
        id: String,
    },
    /// Where the programme's files are dropped.
    DropFolder {
        folder: String,
    },
    ColumnFile,
    ColumnState,
    ColumnLength,
    ColumnNextAiring,
    /// The heading of the column of buttons.
    ColumnAction,
    NoFiles,
    /// The table shows only the newest files of a programme.
    ShowingNewest {
        shown: usize,
        total: usize,
    },
    ShowAll,
    /// The button that starts withdrawing a file.
    Withdraw,
    UploadHeading,
    UploadProgramme,
    UploadFiles,
    DropHere,
    UploadButton,
    /// What the upload takes.
    UploadRules {
        taken: String,
        megabytes: u64,
    },
    /// Shown to a viewer instead of the upload form.
    ViewerNote,
    /// The script's words beside each file's progress bar.
    Sending,
    Sent,
    NotSent,
    /// An upload went in: `file` (and `more` others) into the programme `title`.
    Uploaded {
        file: String,
        title: String,
        more: usize,
    },
    /// A file was withdrawn from the programme `title`.
    Withdrew {
        file: String,
        title: String,
    },
    /// The confirmation page's heading.
    ConfirmHeading,
    /// The confirmation page's question.
    ConfirmWithdraw {
        file: String,
        title: String,
    },
    /// Where a withdrawn file goes.
    WithdrawExplain {
        folder: String,
    },
    Cancel,
}

impl Say for LibraryWords {
    fn vi(&self) -> String {
        match self {
            LibraryWords::Intro => "Các file của từng chương trình, file mới nhất ở trên. File \
                                    mới chép vào được wardcast kiểm tra trong vài giây."
                .into(),
            LibraryWords::Programme { title, id } => format!("{title} (mã {id})"),
            LibraryWords::DropFolder { folder } => format!("Thư mục: {folder}"),
            LibraryWords::ColumnFile => "Tên file".into(),
            LibraryWords::ColumnState => "Trạng thái".into(),
            LibraryWords::ColumnLength => "Độ dài".into(),
            LibraryWords::ColumnNextAiring => "Phát lần tới".into(),
            LibraryWords::ColumnAction => "Thao tác".into(),
            LibraryWords::NoFiles => "Chưa có file nào.".into(),
            LibraryWords::ShowingNewest { shown, total } => {
                format!("Đang hiện {shown} file mới nhất trong tổng số {total} file.")
            }
            LibraryWords::ShowAll => "Xem tất cả".into(),
            LibraryWords::Withdraw => "Rút file".into(),
            LibraryWords::UploadHeading => "Tải file lên".into(),
            LibraryWords::UploadProgramme => "Chương trình".into(),
            LibraryWords::UploadFiles => "Chọn file (chọn được nhiều file)".into(),
            LibraryWords::DropHere => "hoặc kéo thả file vào đây".into(),
            LibraryWords::UploadButton => "Tải lên".into(),
            LibraryWords::UploadRules { taken, megabytes } => format!(
                "Nhận các loại file: {taken}; mỗi file tối đa {megabytes} MB. File tải lên được \
                 kiểm tra như file chép vào thư mục."
            ),
            LibraryWords::ViewerNote => "Tài khoản chỉ xem không tải lên hay rút file được.".into(),
            LibraryWords::Sending => "đang tải lên".into(),
            LibraryWords::Sent => "đã tải lên".into(),
            LibraryWords::NotSent => "không tải lên được".into(),
            LibraryWords::Uploaded { file, title, more } => {
                let others = if *more > 0 {
                    format!(" và {more} file khác")
                } else {
                    String::new()
                };
                format!(
                    "Đã nhận «{file}»{others} vào chương trình «{title}». wardcast đang kiểm \
                     tra file; trạng thái hiện ở bảng dưới."
                )
            }
            LibraryWords::Withdrew { file, title } => format!(
                "Đã rút «{file}» khỏi chương trình «{title}»; file được cất trong thư mục \
                 withdrawn của thư mục dữ liệu."
            ),
            LibraryWords::ConfirmHeading => "Rút file khỏi chương trình".into(),
            LibraryWords::ConfirmWithdraw { file, title } => {
                format!("Rút file «{file}» khỏi chương trình «{title}»?")
            }
            LibraryWords::WithdrawExplain { folder } => format!(
                "File sẽ không được phát nữa và được chuyển sang thư mục {folder}. Không có \
                 file nào bị xoá."
            ),
            LibraryWords::Cancel => "Quay lại".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            LibraryWords::Intro => "Each programme's files, newest first. wardcast checks a \
                                    newly dropped file within a few seconds."
                .into(),
            LibraryWords::Programme { title, id } => format!("{title} (id {id})"),
            LibraryWords::DropFolder { folder } => format!("Folder: {folder}"),
            LibraryWords::ColumnFile => "File".into(),
            LibraryWords::ColumnState => "State".into(),
            LibraryWords::ColumnLength => "Length".into(),
            LibraryWords::ColumnNextAiring => "Next airing".into(),
            LibraryWords::ColumnAction => "Action".into(),
            LibraryWords::NoFiles => "No files yet.".into(),
            LibraryWords::ShowingNewest { shown, total } => {
                format!("Showing the newest {shown} of {total} files.")
            }
            LibraryWords::ShowAll => "Show all".into(),
            LibraryWords::Withdraw => "Withdraw".into(),
            LibraryWords::UploadHeading => "Upload files".into(),
            LibraryWords::UploadProgramme => "Programme".into(),
            LibraryWords::UploadFiles => "Choose files (several at once if you like)".into(),
            LibraryWords::DropHere => "or drag and drop files here".into(),
            LibraryWords::UploadButton => "Upload".into(),
            LibraryWords::UploadRules { taken, megabytes } => format!(
                "Takes these files: {taken}; at most {megabytes} MB each. An uploaded file is \
                 checked like one copied into the folder."
            ),
            LibraryWords::ViewerNote => "A viewer account cannot upload or withdraw files.".into(),
            LibraryWords::Sending => "uploading".into(),
            LibraryWords::Sent => "uploaded".into(),
            LibraryWords::NotSent => "not uploaded".into(),
            LibraryWords::Uploaded { file, title, more } => {
                let others = if *more > 0 {
                    format!(" and {more} other files")
                } else {
                    String::new()
                };
                format!(
                    "Received «{file}»{others} into «{title}». wardcast is checking it; its \
                     state shows in the table below."
                )
            }
            LibraryWords::Withdrew { file, title } => format!(
                "Withdrew «{file}» from «{title}»; it is kept in the data folder's withdrawn \
                 folder."
            ),
            LibraryWords::ConfirmHeading => "Withdraw a file from a programme".into(),
            LibraryWords::ConfirmWithdraw { file, title } => {
                format!("Withdraw «{file}» from «{title}»?")
            }
            LibraryWords::WithdrawExplain { folder } => {
                format!("It will no longer air and is moved to {folder}. No file is ever deleted.")
            }
            LibraryWords::Cancel => "Go back".into(),
        }
    }
}

/// Why an upload or a withdrawal was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum FileRefusal {
    /// The form held no file.
    #[default]
    NoFile,
    EmptyName,
    /// The name has a control character (a NUL, a line break).
    ControlCharacter,
    /// The name is `.` or `..`.
    DotName,
    /// The name begins with a dot: the library would leave it alone as hidden.
    Hidden,
    TooLong {
        bytes: usize,
    },
    /// The name's ending is no audio the library takes; `taken` lists those it does.
    NotAudio {
        name: String,
        taken: String,
    },
    UnknownProgramme {
        id: String,
    },
    /// The disk lacks room for the file and the reserve kept free.
    NoRoom {
        free_mb: u64,
    },
    /// The browser stopped sending for too long.
    Stalled {
        seconds: u64,
    },
    /// The upload was cut off before its end.
    CutOff,
    /// The file to withdraw is not in the programme's folder.
    NotInFolder {
        file: String,
    },
}

impl Say for FileRefusal {
    fn vi(&self) -> String {
        match self {
            FileRefusal::NoFile => "chưa chọn file nào.".into(),
            FileRefusal::EmptyName => "file không có tên.".into(),
            FileRefusal::ControlCharacter => {
                "tên file có ký tự điều khiển: hãy đổi tên file rồi tải lại.".into()
            }
            FileRefusal::DotName => "tên file không hợp lệ.".into(),
            FileRefusal::Hidden => "tên file bắt đầu bằng dấu chấm (file ẩn): hãy đổi tên \
                                    file rồi tải lại."
                .into(),
            FileRefusal::TooLong { bytes } => {
                format!("tên file quá dài ({bytes} byte, tối đa 255): hãy đặt tên ngắn hơn.")
            }
            FileRefusal::NotAudio { name, taken } => {
                format!("«{name}» không phải loại file âm thanh wardcast nhận. Chỉ nhận: {taken}.")
            }
            FileRefusal::UnknownProgramme { id } => {
                format!("không có chương trình «{id}» trong cấu hình.")
            }
            FileRefusal::NoRoom { free_mb } => format!(
                "ổ đĩa chỉ còn {free_mb} MB, không đủ chỗ cho file này: hãy giải phóng chỗ \
                 trống trên ổ đĩa."
            ),
            FileRefusal::Stalled { seconds } => format!(
                "trình duyệt ngừng gửi quá {seconds} giây nên việc tải lên bị huỷ: hãy thử lại."
            ),
            FileRefusal::CutOff => "việc tải lên bị ngắt giữa chừng: hãy thử lại.".into(),
            FileRefusal::NotInFolder { file } => {
                format!("không còn file «{file}» trong thư mục của chương trình.")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            FileRefusal::NoFile => "no file was chosen.".into(),
            FileRefusal::EmptyName => "the file has no name.".into(),
            FileRefusal::ControlCharacter => {
                "the file name has a control character: rename the file and upload it again.".into()
            }
            FileRefusal::DotName => "the file name is not valid.".into(),
            FileRefusal::Hidden => "the file name begins with a dot (a hidden file): rename \
                                    the file and upload it again."
                .into(),
            FileRefusal::TooLong { bytes } => format!(
                "the file name is too long ({bytes} bytes, at most 255): give it a shorter name."
            ),
            FileRefusal::NotAudio { name, taken } => {
                format!("«{name}» is not a kind of audio file wardcast takes. It takes: {taken}.")
            }
            FileRefusal::UnknownProgramme { id } => {
                format!("there is no programme «{id}» in the configuration.")
            }
            FileRefusal::NoRoom { free_mb } => format!(
                "the disk has only {free_mb} MB free, not enough for this file: make room on \
                 the disk."
            ),
            FileRefusal::Stalled { seconds } => format!(
                "the browser stopped sending for over {seconds} seconds, so the upload was \
                 dropped: try again."
            ),
            FileRefusal::CutOff => "the upload was cut off before its end: try again.".into(),
            FileRefusal::NotInFolder { file } => {
                format!("«{file}» is no longer in the programme's folder.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_page_is_said_in_both_languages() {
        crate::messages::assert_said_in_both::<LibraryWords>();
        crate::messages::assert_said_in_both::<FileRefusal>();
    }
}
