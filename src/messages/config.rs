//! The configuration file's messages: what is wrong at a place in it, and what to do about
//! it. Each problem is said as `error: what\n  hint: what to do`, after the `file:line:col`
//! the configuration puts in front.

use std::fmt::Display;
use std::path::PathBuf;

mod receiving;
mod values;
mod web;

use super::{shown, shown_path, IoProblem, Say};

pub use receiving::ReceivingProblem;
pub use values::{NumberUse, ProgrammeProblem, ValueProblem};
pub use web::WebProblem;

fn vi_told(what: impl Display, todo: impl Display) -> String {
    format!("lỗi: {what}\n  gợi ý: {todo}")
}

fn en_told(what: impl Display, todo: impl Display) -> String {
    format!("error: {what}\n  hint: {todo}")
}

/// The file itself cannot be read as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum ConfigFile {
    /// Saved in another encoding (a Windows code page, say).
    #[default]
    NotUtf8,
    /// Cannot be opened: `problem` when the officer can act on it, else the system's words.
    Unreadable {
        path: PathBuf,
        problem: Option<IoProblem>,
        detail: String,
    },
}

impl Say for ConfigFile {
    fn vi(&self) -> String {
        match self {
            ConfigFile::NotUtf8 => vi_told(
                "file không được lưu dạng UTF-8 (byte ở chỗ này không phải chữ UTF-8)",
                "mở file bằng trình soạn thảo rồi lưu lại dạng UTF-8 (trong Notepad: File > \
                 Save As, mục Encoding chọn UTF-8)",
            ),
            ConfigFile::Unreadable {
                path,
                problem,
                detail,
            } => format!(
                "không đọc được file cấu hình {}: {}\n  gợi ý: chỉ đúng đường dẫn bằng --config \
                 ĐƯỜNG_DẪN hoặc biến môi trường WARDCAST_CONFIG",
                shown_path(path),
                problem.map_or_else(|| detail.clone(), |problem| problem.vi())
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            ConfigFile::NotUtf8 => en_told(
                "the file is not saved as UTF-8 (the byte at this place is not UTF-8 text)",
                "open it in a text editor and save it as UTF-8 (in Notepad: File > Save As, \
                 Encoding: UTF-8)",
            ),
            ConfigFile::Unreadable {
                path,
                problem,
                detail,
            } => format!(
                "cannot read the configuration file {}: {}\n  hint: give the right path with \
                 --config PATH or the WARDCAST_CONFIG variable",
                shown_path(path),
                problem.map_or_else(|| detail.clone(), |problem| problem.en())
            ),
        }
    }
}

/// Something wrong at a place in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    Toml(TomlProblem),
    Folder(FolderProblem),
    Programme(ProgrammeProblem),
    Value(ValueProblem),
    Receiving(ReceivingProblem),
    Web(WebProblem),
}

impl Say for ConfigProblem {
    fn vi(&self) -> String {
        match self {
            ConfigProblem::Toml(problem) => problem.vi(),
            ConfigProblem::Folder(problem) => problem.vi(),
            ConfigProblem::Programme(problem) => problem.vi(),
            ConfigProblem::Value(problem) => problem.vi(),
            ConfigProblem::Receiving(problem) => problem.vi(),
            ConfigProblem::Web(problem) => problem.vi(),
        }
    }

    fn en(&self) -> String {
        match self {
            ConfigProblem::Toml(problem) => problem.en(),
            ConfigProblem::Folder(problem) => problem.en(),
            ConfigProblem::Programme(problem) => problem.en(),
            ConfigProblem::Value(problem) => problem.en(),
            ConfigProblem::Receiving(problem) => problem.en(),
            ConfigProblem::Web(problem) => problem.en(),
        }
    }
}

impl From<TomlProblem> for ConfigProblem {
    fn from(problem: TomlProblem) -> ConfigProblem {
        ConfigProblem::Toml(problem)
    }
}

impl From<FolderProblem> for ConfigProblem {
    fn from(problem: FolderProblem) -> ConfigProblem {
        ConfigProblem::Folder(problem)
    }
}

impl From<ProgrammeProblem> for ConfigProblem {
    fn from(problem: ProgrammeProblem) -> ConfigProblem {
        ConfigProblem::Programme(problem)
    }
}

impl From<WebProblem> for ConfigProblem {
    fn from(problem: WebProblem) -> ConfigProblem {
        ConfigProblem::Web(problem)
    }
}

impl From<ReceivingProblem> for ConfigProblem {
    fn from(problem: ReceivingProblem) -> ConfigProblem {
        ConfigProblem::Receiving(problem)
    }
}

impl From<ValueProblem> for ConfigProblem {
    fn from(problem: ValueProblem) -> ConfigProblem {
        ConfigProblem::Value(problem)
    }
}

/// What the TOML reader refused. English keeps the reader's own sentence (`said`), which
/// names the key or value; Vietnamese says it in its own words.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum TomlProblem {
    UnknownKey {
        key: String,
        said: String,
    },
    MissingKey {
        key: String,
        said: String,
    },
    /// A word that is not one of the setting's values; `expected` lists them.
    UnknownValue {
        value: String,
        expected: String,
        said: String,
    },
    /// A number too large for any setting.
    NumberTooLarge,
    WrongType {
        expected: Expected,
        said: String,
    },
    #[default]
    DuplicateKey,
    /// Anything else: the syntax is wrong at this place.
    Syntax {
        said: String,
    },
}

/// The kind of value a setting takes, when another kind was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Expected {
    Text,
    List,
    WholeNumber,
    TrueOrFalse,
    #[default]
    Table,
}

impl Say for TomlProblem {
    fn vi(&self) -> String {
        match self {
            TomlProblem::UnknownKey { key, .. } => vi_told(
                format!("wardcast không biết khóa `{}`", shown(key)),
                "kiểm tra chính tả theo phần tham chiếu cấu hình trong README, hoặc xóa dòng này",
            ),
            TomlProblem::MissingKey { key, .. } => {
                let key = shown(key);
                vi_told(
                    format!("bảng này thiếu khóa `{key}`"),
                    format!(
                        "thêm `{key} = …` vào bảng này (xem phần tham chiếu cấu hình trong README)"
                    ),
                )
            }
            TomlProblem::UnknownValue {
                value, expected, ..
            } => vi_told(
                format!("giá trị `{}` không dùng được ở đây", shown(value)),
                format!("dùng một trong các giá trị: {}", shown(expected)),
            ),
            TomlProblem::NumberTooLarge => vi_told(
                "số này quá lớn",
                "ghi một số trong khoảng cho phép ghi ở phần tham chiếu cấu hình của README",
            ),
            TomlProblem::WrongType { expected, .. } => vi_told(
                format!("giá trị này sai dạng: cần {}", expected_vi(*expected)),
                "ghi giá trị theo dạng trong phần tham chiếu cấu hình của README (chữ trong \
                 ngoặc kép, số nguyên không có ngoặc kép, danh sách trong [ ])",
            ),
            TomlProblem::DuplicateKey => vi_told(
                "khóa này được ghi hai lần",
                "giữ một trong hai dòng, xóa dòng kia",
            ),
            TomlProblem::Syntax { .. } => vi_told(
                "cú pháp của file cấu hình sai ở chỗ này",
                "sửa cú pháp ở chỗ này: chữ đặt trong ngoặc kép, mỗi dòng một khóa = giá trị, \
                 tên bảng trong [ ]",
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            TomlProblem::UnknownKey { said, .. } => en_told(
                shown(said),
                "this key is not one wardcast knows: check its spelling against the README's \
                 configuration reference, or remove it",
            ),
            TomlProblem::MissingKey { key, said } => en_told(
                shown(said),
                format!(
                    "add `{} = …` to this table (see the README's configuration reference)",
                    shown(key)
                ),
            ),
            TomlProblem::UnknownValue { said, .. } => {
                en_told(shown(said), "use one of the values listed in the message")
            }
            TomlProblem::NumberTooLarge => en_told(
                "this number is far too large",
                "write a number inside the range the README's configuration reference gives",
            ),
            TomlProblem::WrongType { said, .. } => en_told(
                shown(said),
                "write the value in the form the README's configuration reference shows (text \
                 in double quotes, whole numbers without quotes, lists in [ ])",
            ),
            TomlProblem::DuplicateKey => en_told(
                "this key is written twice",
                "keep one of the two lines and remove the other",
            ),
            TomlProblem::Syntax { said } => en_told(
                shown(said),
                "fix the TOML syntax at this place (text in double quotes, one key = value a line)",
            ),
        }
    }
}

fn expected_vi(expected: Expected) -> &'static str {
    match expected {
        Expected::Text => "chữ trong ngoặc kép",
        Expected::List => "một danh sách trong [ ]",
        Expected::WholeNumber => "một số nguyên, không có ngoặc kép",
        Expected::TrueOrFalse => "true hoặc false",
        Expected::Table => "một bảng, như trong phần tham chiếu cấu hình của README",
    }
}

/// A folder the configuration names that cannot serve.
#[derive(Debug, Clone, Default, PartialEq, Eq, strum::EnumIter)]
pub enum FolderProblem {
    AudioMissing {
        path: PathBuf,
    },
    DataNotFolder {
        path: PathBuf,
    },
    #[default]
    SpareIsData,
    /// A programme folder written as `..`, an absolute path or a drive.
    NotInside {
        name: String,
        id: String,
        audio: PathBuf,
    },
    Missing {
        path: PathBuf,
        id: String,
    },
    /// A programme folder that is a link out of the audio folder.
    LinkOutside {
        path: PathBuf,
        id: String,
        target: PathBuf,
        audio: PathBuf,
    },
}

impl Say for FolderProblem {
    fn vi(&self) -> String {
        match self {
            FolderProblem::AudioMissing { path } => vi_told(
                format!("thư mục âm thanh {} không tồn tại", shown_path(path)),
                "tạo thư mục đó, hoặc sửa `audio` cho đúng thư mục chép file âm thanh vào \
                 (đường dẫn tương đối tính từ thư mục chứa file cấu hình này)",
            ),
            FolderProblem::DataNotFolder { path } => vi_told(
                format!("{} đã có nhưng không phải thư mục", shown_path(path)),
                "cho `data` trỏ tới một thư mục (nếu chưa có, wardcast sẽ tạo)",
            ),
            FolderProblem::SpareIsData => vi_told(
                "`spare` là chính thư mục `data`",
                "cho `spare` trỏ tới một thư mục trên ổ đĩa khác (ổ thứ hai, hoặc USB), để khi \
                 ổ chứa `data` đầy hay hỏng vẫn còn bản sao",
            ),
            FolderProblem::NotInside { name, id, audio } => vi_told(
                format!(
                    "thư mục \"{}\" của chương trình `{}` không nằm trong thư mục âm thanh {}",
                    shown(name),
                    shown(id),
                    shown_path(audio)
                ),
                "ghi tên một thư mục con của thư mục âm thanh, ví dụ folder = \"tiep-song\" \
                 (không dùng \"..\" hay đường dẫn bắt đầu bằng / hoặc ổ đĩa)",
            ),
            FolderProblem::Missing { path, id } => {
                let path = shown_path(path);
                vi_told(
                    format!(
                        "thư mục {path} của chương trình `{}` không tồn tại",
                        shown(id)
                    ),
                    format!(
                        "tạo thư mục {path} (file của chương trình này chép vào đó), hoặc sửa \
                         `folder`"
                    ),
                )
            }
            FolderProblem::LinkOutside {
                path,
                id,
                target,
                audio,
            } => {
                let audio = shown_path(audio);
                vi_told(
                    format!(
                        "thư mục {} của chương trình `{}` là liên kết tới {}, nằm ngoài thư mục \
                         âm thanh {audio}",
                        shown_path(path),
                        shown(id),
                        shown_path(target)
                    ),
                    format!(
                        "dùng một thư mục thật nằm trong {audio}, không dùng liên kết ra ngoài"
                    ),
                )
            }
        }
    }

    fn en(&self) -> String {
        match self {
            FolderProblem::AudioMissing { path } => en_told(
                format!("the audio folder {} does not exist", shown_path(path)),
                "create that folder, or point `audio` at the folder where the audio files are \
                 dropped (relative paths start from this config file's folder)",
            ),
            FolderProblem::DataNotFolder { path } => en_told(
                format!("{} exists but is not a folder", shown_path(path)),
                "point `data` at a folder (it is created when missing)",
            ),
            FolderProblem::SpareIsData => en_told(
                "`spare` is the `data` folder itself",
                "point `spare` at a folder on another disk (a second drive, or a USB stick), so \
                 a copy survives when the disk of `data` is full or fails",
            ),
            FolderProblem::NotInside { name, id, audio } => en_told(
                format!(
                    "the folder \"{}\" of programme `{}` is not inside the audio folder {}",
                    shown(name),
                    shown(id),
                    shown_path(audio)
                ),
                "write the name of a folder inside the audio folder, e.g. folder = \
                 \"tiep-song\" (no \"..\", no path starting with / or a drive)",
            ),
            FolderProblem::Missing { path, id } => {
                let path = shown_path(path);
                en_told(
                    format!(
                        "the folder {path} for programme `{}` does not exist",
                        shown(id)
                    ),
                    format!(
                        "create the folder {path} (files for this programme go there), or \
                         correct `folder`"
                    ),
                )
            }
            FolderProblem::LinkOutside {
                path,
                id,
                target,
                audio,
            } => {
                let audio = shown_path(audio);
                en_told(
                    format!(
                        "the folder {} of programme `{}` is a link to {}, outside the audio \
                         folder {audio}",
                        shown_path(path),
                        shown(id),
                        shown_path(target)
                    ),
                    format!("use a real folder inside {audio}, not a link out of it"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::assert_said_in_both;

    #[test]
    fn every_configuration_problem_is_said_in_both_languages() {
        assert_said_in_both::<ConfigFile>();
        assert_said_in_both::<TomlProblem>();
        assert_said_in_both::<FolderProblem>();
        assert_said_in_both::<ProgrammeProblem>();
        assert_said_in_both::<ValueProblem>();
    }

    #[test]
    fn a_problem_says_what_is_wrong_then_what_to_do() {
        let problem = ConfigProblem::Programme(ProgrammeProblem::IdTwice { id: "tin".into() });
        assert_eq!(
            problem.en(),
            "error: programme id `tin` is used twice\n  hint: give each [[programme]] its own id"
        );
        assert_eq!(
            problem.vi(),
            "lỗi: mã chương trình `tin` bị dùng hai lần\n  gợi ý: mỗi [[programme]] cần một mã riêng"
        );
    }

    #[test]
    fn text_from_the_file_is_shown_safely() {
        let problem = ValueProblem::NotHours {
            text: "5\n6".into(),
        };
        assert!(
            problem.en().starts_with("error: `5\\n6` is not"),
            "{}",
            problem.en()
        );
    }
}
