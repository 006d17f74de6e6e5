//! Where an export may be written. An export only ever creates a new regular file, or with
//! `--force` replaces an earlier export of the same format; it never writes inside the
//! data folder (the airing log lives there), onto a device, a pipe or a link, nor replaces
//! a file wardcast did not write. The file is written aside in the same folder and
//! renamed into place, so nothing outside the new directory entry is ever written to.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::rows::HEADERS;
use super::ExportFormat;
use crate::messages::Lang;
use crate::messages::{io_words, shown_path};

/// Where an export goes, once it is known to be safe.
#[derive(Debug)]
pub(super) struct Target {
    /// As shown to the officer: absolute, as they named it.
    pub path: PathBuf,
    /// The folder the file is written aside in, links resolved.
    pub folder: PathBuf,
    /// The final entry: `folder` joined with the file name.
    pub entry: PathBuf,
    /// An earlier export is there and `--force` asks to replace it.
    pub replace: bool,
}

/// Why an export is not written where it was asked to be.
#[derive(Debug)]
pub enum Refusal {
    /// The folder to write in does not exist.
    MissingFolder(PathBuf),
    /// What should hold the file is not a folder.
    NotAFolder(PathBuf),
    /// Inside the data folder `.0`.
    InsideData(PathBuf),
    /// The name is a symbolic link.
    Link,
    /// The name is a device, a pipe, a socket or a folder.
    NotARegularFile,
    /// A file is there; `--force` was not given.
    Exists,
    /// A file is there that is not an earlier export of this format.
    NotAnExport(ExportFormat),
}

impl Refusal {
    /// The refusal of `path` in the officer's language, with what to do.
    pub fn describe(&self, path: &Path, lang: Lang) -> String {
        let shown = shown_path(path);
        match lang {
            Lang::En => self.english(&shown),
            Lang::Vi => self.vietnamese(&shown),
        }
    }

    fn english(&self, shown: &str) -> String {
        match self {
            Refusal::MissingFolder(folder) => format!(
                "the folder {} does not exist\n  hint: create it first (or plug in the USB \
                 stick it is on), or give --out a folder that exists",
                shown_path(folder)
            ),
            Refusal::NotAFolder(folder) => format!(
                "{} is not a folder, so {shown} cannot be written in it\n  hint: give --out a \
                 file in a folder",
                shown_path(folder)
            ),
            Refusal::InsideData(data) => format!(
                "{shown} is inside the data folder {}, where the airing log is kept; a report \
                 is never written there, not even with --force\n  hint: give --out a file or \
                 folder elsewhere, e.g. your Documents folder or a USB stick",
                shown_path(data)
            ),
            Refusal::Link => format!(
                "{shown} is a link to another file; a report is never written through a link, \
                 not even with --force\n  hint: give --out another name"
            ),
            Refusal::NotARegularFile => format!(
                "{shown} is not an ordinary file (it is a device, a pipe or a folder); a report \
                 is only written as a file of its own\n  hint: give --out the name of a new \
                 file"
            ),
            Refusal::Exists => format!(
                "{shown} already exists; add --force to replace it, or give another name with \
                 --out FILE"
            ),
            Refusal::NotAnExport(format) => format!(
                "{shown} is not an earlier wardcast {} export, so it is kept: --force only \
                 replaces wardcast's own reports\n  hint: give --out another name, or move \
                 that file away first",
                format.extension().to_uppercase()
            ),
        }
    }

    fn vietnamese(&self, shown: &str) -> String {
        match self {
            Refusal::MissingFolder(folder) => format!(
                "thư mục {} không tồn tại\n  gợi ý: tạo thư mục đó trước (hoặc cắm USB chứa \
                 nó vào), hoặc cho --out một thư mục đã có",
                shown_path(folder)
            ),
            Refusal::NotAFolder(folder) => format!(
                "{} không phải thư mục nên không ghi được {shown} vào đó\n  gợi ý: cho --out \
                 một file nằm trong một thư mục",
                shown_path(folder)
            ),
            Refusal::InsideData(data) => format!(
                "{shown} nằm trong thư mục dữ liệu {}, nơi giữ nhật ký phát sóng; báo cáo không \
                 bao giờ được ghi vào đó, kể cả khi có --force\n  gợi ý: cho --out một file \
                 hoặc thư mục ở chỗ khác, ví dụ thư mục Tài liệu hoặc USB",
                shown_path(data)
            ),
            Refusal::Link => format!(
                "{shown} là liên kết tới một file khác; báo cáo không bao giờ được ghi qua liên \
                 kết, kể cả khi có --force\n  gợi ý: cho --out một tên khác"
            ),
            Refusal::NotARegularFile => format!(
                "{shown} không phải file thường (đây là thiết bị, đường ống hoặc thư mục); báo \
                 cáo chỉ được ghi thành một file riêng\n  gợi ý: cho --out tên một file mới"
            ),
            Refusal::Exists => format!(
                "{shown} đã có; thêm --force để thay file đó, hoặc đặt tên khác bằng --out FILE"
            ),
            Refusal::NotAnExport(format) => format!(
                "{shown} không phải báo cáo {} do wardcast xuất trước đây nên được giữ nguyên: \
                 --force chỉ thay báo cáo của chính wardcast\n  gợi ý: cho --out một tên khác, \
                 hoặc chuyển file đó đi chỗ khác trước",
                format.extension().to_uppercase()
            ),
        }
    }
}

/// Decides where the export of `format` goes: `out` (a file, or a folder to put
/// `default_name` in), else `default_name` in the current folder.
pub(super) fn choose(
    out: Option<&Path>,
    default_name: &str,
    format: ExportFormat,
    force: bool,
    data_dir: &Path,
) -> Result<Target, (PathBuf, Refusal)> {
    let path = match out {
        Some(out) if out.is_dir() => out.join(default_name),
        // "usb/" names a folder even when it is missing.
        Some(out) if ends_with_separator(out) => {
            let folder = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
            return Err((folder.clone(), Refusal::MissingFolder(folder)));
        }
        Some(out) => out.to_path_buf(),
        None => PathBuf::from(default_name),
    };
    // Shown as an absolute path: the officer has to find the file to hand it in.
    let path = std::path::absolute(&path).unwrap_or(path);
    let refuse = |why| Err((path.clone(), why));
    let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
        return refuse(Refusal::NotARegularFile);
    };
    let folder = match std::fs::metadata(folder) {
        Ok(meta) if meta.is_dir() => std::fs::canonicalize(folder).unwrap_or(folder.into()),
        Ok(_) => return refuse(Refusal::NotAFolder(folder.to_path_buf())),
        Err(_) => return refuse(Refusal::MissingFolder(folder.to_path_buf())),
    };
    let data = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    if folder.starts_with(&data) {
        return refuse(Refusal::InsideData(data));
    }
    let entry = folder.join(name);
    let replace = match std::fs::symlink_metadata(&entry) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => false,
        Err(_) => return refuse(Refusal::NotARegularFile),
        Ok(meta) if meta.file_type().is_symlink() => return refuse(Refusal::Link),
        Ok(meta) if !meta.is_file() => return refuse(Refusal::NotARegularFile),
        Ok(_) if !force => return refuse(Refusal::Exists),
        Ok(meta) if !is_export(&entry, &meta, format) => {
            return refuse(Refusal::NotAnExport(format))
        }
        Ok(_) => true,
    };
    Ok(Target {
        path,
        folder,
        entry,
        replace,
    })
}

fn ends_with_separator(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// Whether the regular file at `path` is an earlier wardcast export of `format`, judged
/// from its opening bytes (CSV, HTML) or its sheet names (XLSX, a zip archive).
fn is_export(path: &Path, meta: &Metadata, format: ExportFormat) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    match format {
        ExportFormat::Csv => {
            let expected = csv_opening();
            opening(file, expected.len()) == expected
        }
        ExportFormat::Html => {
            let head = opening(file, 1024);
            head.starts_with(b"<!DOCTYPE html>")
                && contains(&head, "<title>Báo cáo kết quả phát sóng ".as_bytes())
        }
        ExportFormat::Xlsx => meta.len() > 0 && workbook_has_wardcast_sheets(file),
    }
}

/// The first bytes of every CSV export: the byte-order mark and the header line.
fn csv_opening() -> Vec<u8> {
    let mut opening = super::csv::BOM.to_vec();
    opening.extend_from_slice(HEADERS.join(",").as_bytes());
    opening.extend_from_slice(b"\r\n");
    opening
}

fn opening(file: File, length: usize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(length);
    let limit = u64::try_from(length).unwrap_or(u64::MAX);
    let _ = file.take(limit).read_to_end(&mut bytes);
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Whether the workbook lists the two sheets every wardcast XLSX export has. Only the zip
/// directory and the small workbook part are read, and at most 1 MB of that part.
fn workbook_has_wardcast_sheets(file: File) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(part) = archive.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut text = Vec::new();
    if part.take(1 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    [super::xlsx::LOG_SHEET, super::xlsx::SUMMARY_SHEET]
        .iter()
        .all(|sheet| contains(&text, format!("name=\"{sheet}\"").as_bytes()))
}

/// Says why the temporary file could not be made in `folder`.
pub(super) fn folder_words(folder: &Path, error: &io::Error, lang: Lang) -> String {
    let (folder, reason) = (shown_path(folder), io_words(error, lang));
    match lang {
        Lang::En => format!(
            "cannot write in the folder {folder}: {reason}\n  hint: give a file in a folder \
             you can write to with --out FILE"
        ),
        Lang::Vi => format!(
            "không ghi được vào thư mục {folder}: {reason}\n  gợi ý: cho --out một file trong \
             thư mục ghi được"
        ),
    }
}
