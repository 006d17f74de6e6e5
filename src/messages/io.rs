//! I/O errors in a few words the officer can act on.

use std::io;

use super::{Lang, Say};

/// The I/O failures an officer can do something about, by what they can do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, strum::EnumIter)]
pub enum IoProblem {
    #[default]
    NotFound,
    PermissionDenied,
    ReadOnly,
    DiskFull,
    NotADirectory,
    IsADirectory,
}

impl IoProblem {
    /// The problem `error` is, when it is one of these.
    pub fn of(error: &io::Error) -> Option<IoProblem> {
        use io::ErrorKind as Kind;
        Some(match error.kind() {
            Kind::NotFound => IoProblem::NotFound,
            Kind::PermissionDenied => IoProblem::PermissionDenied,
            Kind::ReadOnlyFilesystem => IoProblem::ReadOnly,
            Kind::StorageFull => IoProblem::DiskFull,
            Kind::NotADirectory => IoProblem::NotADirectory,
            Kind::IsADirectory => IoProblem::IsADirectory,
            _ => return None,
        })
    }
}

impl Say for IoProblem {
    fn vi(&self) -> String {
        match self {
            IoProblem::NotFound => "không có file hoặc thư mục này",
            IoProblem::PermissionDenied => "không có quyền",
            IoProblem::ReadOnly => "ổ đĩa chỉ cho đọc",
            IoProblem::DiskFull => "ổ đĩa đã đầy",
            IoProblem::NotADirectory => "một phần của đường dẫn là file, không phải thư mục",
            IoProblem::IsADirectory => "đây là thư mục, không phải file",
        }
        .to_string()
    }

    fn en(&self) -> String {
        match self {
            IoProblem::NotFound => "it does not exist",
            IoProblem::PermissionDenied => "permission denied",
            IoProblem::ReadOnly => "the disk is read-only",
            IoProblem::DiskFull => "the disk is full",
            IoProblem::NotADirectory => "part of the path is a file, not a folder",
            IoProblem::IsADirectory => "it is a folder, not a file",
        }
        .to_string()
    }
}

/// An I/O error in a few words the officer can act on; the system's own words for the
/// rare failures that have no plainer ones.
pub fn io_words(error: &io::Error, lang: Lang) -> String {
    IoProblem::of(error).map_or_else(|| error.to_string(), |problem| problem.say(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_io_problem_is_said_in_both_languages() {
        super::super::assert_said_in_both::<IoProblem>();
    }

    #[test]
    fn other_failures_keep_the_system_words() {
        let error = io::Error::other("the cable came loose");
        assert_eq!(io_words(&error, Lang::Vi), "the cable came loose");
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(io_words(&missing, Lang::En), "it does not exist");
    }
}
