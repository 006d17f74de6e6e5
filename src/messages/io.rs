//! I/O errors in a few words the officer can act on.

use std::io;

use super::Lang;

/// An I/O error in a few words the officer can act on.
pub fn io_words(error: &io::Error, lang: Lang) -> String {
    use io::ErrorKind as Kind;
    let words = match (error.kind(), lang) {
        (Kind::NotFound, Lang::En) => "it does not exist",
        (Kind::NotFound, Lang::Vi) => "không có file hoặc thư mục này",
        (Kind::PermissionDenied, Lang::En) => "permission denied",
        (Kind::PermissionDenied, Lang::Vi) => "không có quyền",
        (Kind::ReadOnlyFilesystem, Lang::En) => "the disk is read-only",
        (Kind::ReadOnlyFilesystem, Lang::Vi) => "ổ đĩa chỉ cho đọc",
        (Kind::StorageFull, Lang::En) => "the disk is full",
        (Kind::StorageFull, Lang::Vi) => "ổ đĩa đã đầy",
        (Kind::NotADirectory, Lang::En) => "part of the path is a file, not a folder",
        (Kind::NotADirectory, Lang::Vi) => "một phần của đường dẫn là file, không phải thư mục",
        (Kind::IsADirectory, Lang::En) => "it is a folder, not a file",
        (Kind::IsADirectory, Lang::Vi) => "đây là thư mục, không phải file",
        (_, _) => return error.to_string(),
    };
    words.to_string()
}
