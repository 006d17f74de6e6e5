//! Where an export may be written. An export only ever creates a new regular file, or with
//! `--force` replaces an earlier export of the same format; it never writes inside the
//! data folder (the airing log lives there), onto a device, a pipe or a link, nor replaces
//! a file wardcast did not write. The file is written aside in the same folder and
//! renamed into place, so nothing outside the new directory entry is ever written to.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use strum::IntoEnumIterator;

use super::ExportFormat;
use crate::messages::export::ExportProblem;
use crate::messages::page::PageWords;
use crate::messages::report::SheetWords;
use crate::messages::{io_words, Lang, Say};

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
        let text = |path: &Path| path.display().to_string();
        let path = text(path);
        match self {
            Refusal::MissingFolder(folder) => ExportProblem::MissingFolder {
                folder: text(folder),
            },
            Refusal::NotAFolder(folder) => ExportProblem::NotAFolder {
                folder: text(folder),
                path,
            },
            Refusal::InsideData(data) => ExportProblem::InsideData {
                path,
                data: text(data),
            },
            Refusal::Link => ExportProblem::Link { path },
            Refusal::NotARegularFile => ExportProblem::NotARegularFile { path },
            Refusal::Exists => ExportProblem::Exists { path },
            Refusal::NotAnExport(format) => ExportProblem::NotAnExport {
                path,
                format: format.extension().to_uppercase(),
            },
        }
        .say(lang)
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
            let head = opening(file, 4096);
            Lang::iter()
                .flat_map(csv_openings)
                .any(|opening| head.starts_with(&opening))
        }
        ExportFormat::Html => {
            let head = opening(file, 1024);
            head.starts_with(b"<!DOCTYPE html>")
                && Lang::iter().any(|lang| {
                    let title = PageWords::Heading.say(lang);
                    contains(&head, format!("<title>{title} ").as_bytes())
                })
        }
        ExportFormat::Xlsx => meta.len() > 0 && workbook_has_wardcast_sheets(file),
    }
}

/// The first bytes of every CSV export in `lang`: the byte-order mark and the header line,
/// as this wardcast writes it (of a period that received nothing, and of one that did) and
/// as wardcast wrote it before the reason code column.
fn csv_openings(lang: Lang) -> [Vec<u8>; 3] {
    let [plain, receiving] = super::csv::headers(lang);
    [plain, receiving, super::csv::header_before_codes(lang)].map(|header| {
        let mut opening = super::csv::BOM.to_vec();
        opening.extend_from_slice(header.join(",").as_bytes());
        opening.extend_from_slice(b"\r\n");
        opening
    })
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

/// Whether the workbook lists the two sheets every wardcast XLSX export in one language
/// has. Only the zip directory and the small workbook part are read, and at most 1 MB of
/// that part.
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
    Lang::iter().any(|lang| {
        [SheetWords::LogSheet, SheetWords::SummarySheet]
            .iter()
            .all(|sheet| contains(&text, format!("name=\"{}\"", sheet.say(lang)).as_bytes()))
    })
}

/// Says why the temporary file could not be made in `folder`.
pub(super) fn folder_words(folder: &Path, error: &io::Error, lang: Lang) -> String {
    ExportProblem::CannotWriteIn {
        folder: folder.display().to_string(),
        reason: io_words(error, lang),
    }
    .say(lang)
}
