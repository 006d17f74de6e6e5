//! The witness of the airing log: an append-only text file beside the SQLite file that holds
//! each record's number and hash, one a line. The database can lose records in ways its own
//! hash chain cannot show — its last records deleted, the file truncated or replaced, a table
//! dropped, the write-ahead file deleted after a crash — and the witness, kept outside it,
//! still names them. It is written after the record is committed, so a crash between the
//! two leaves the witness one record short (caught up at the next write), never ahead.
//!
//! Format: a header line `wardcast witness 1 from-log-at <K>`, where K is how many records
//! the log already had when the witness was started (0 for a log started with its witness),
//! then `<seq> <hash>` lines in record order.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "wardcast witness 1 from-log-at ";

/// One record as the witness holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub hash: String,
}

/// The witness file of one log.
#[derive(Debug, Clone)]
pub struct Witness {
    path: PathBuf,
}

/// Where the witness of the log at `ledger` lives: beside it.
pub fn path_for(ledger: &Path) -> PathBuf {
    ledger.with_extension("witness")
}

fn parse_line(line: &str) -> Option<Entry> {
    let (seq, hash) = line.split_once(' ')?;
    let seq: i64 = seq.parse().ok()?;
    let valid_hash = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    (seq > 0 && valid_hash).then(|| Entry {
        seq,
        hash: hash.to_string(),
    })
}

impl Witness {
    pub fn new(path: PathBuf) -> Witness {
        Witness { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last whole, well-formed line; `Ok(None)` when the file is missing or holds no
    /// record yet. Reads only the end of the file.
    pub fn tail(&self) -> io::Result<Option<Entry>> {
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let length = file.metadata()?.len();
        let from = length.saturating_sub(512);
        file.seek(SeekFrom::Start(from))?;
        let mut bytes = Vec::with_capacity(512);
        file.take(512).read_to_end(&mut bytes)?;
        // A character cut by the window only spoils a line that is not read anyway.
        let end = String::from_utf8_lossy(&bytes);
        // Only lines ended by a newline count: an unended one was cut off by a crash.
        let whole = end.rfind('\n').map_or("", |last| &end[..last]);
        Ok(whole.lines().rev().find_map(parse_line))
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// Starts the witness, when missing, for a log that already holds `records` records.
    /// Returns whether it had to be started.
    pub fn start_if_missing(&self, records: i64) -> io::Result<bool> {
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&self.path)
        {
            Ok(mut file) => {
                writeln!(file, "{HEADER}{records}")?;
                file.sync_all()?;
                sync_folder(&self.path);
                Ok(true)
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Appends records and makes them durable before returning.
    pub fn append(&self, entries: &[Entry]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(&self.path)?;
        let mut text = String::with_capacity(entries.len() * 72 + 1);
        // A line cut off by a crash is ended first, so it stays a line of its own.
        if !ends_with_newline(&mut file)? {
            text.push('\n');
        }
        for entry in entries {
            text.push_str(&format!("{} {}\n", entry.seq, entry.hash));
        }
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }

    /// Reads the witness from its start; `Ok(None)` when the file is missing.
    pub fn read(&self) -> io::Result<Option<Reader>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let mut lines = BufReader::new(file);
        let mut header = String::new();
        lines.read_line(&mut header)?;
        let started_at = header
            .trim_end()
            .strip_prefix(HEADER)
            .and_then(|count| count.parse().ok());
        Ok(Some(Reader {
            lines,
            started_at,
            unreadable: u64::from(started_at.is_none()),
            previous_seq: 0,
            peeked: None,
            line: String::new(),
        }))
    }
}

fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let length = file.metadata()?.len();
    if length == 0 {
        return Ok(true);
    }
    let mut last = [0u8; 1];
    // Appends go to the end whatever the position, so reading moves nothing that matters.
    file.seek(SeekFrom::Start(length - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Makes a new file's name durable (its folder's entry), where the platform allows.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(folder) = path.parent() {
        let _ = File::open(folder).and_then(|folder| folder.sync_all());
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The witness read from its start, one record at a time, in constant memory.
pub struct Reader {
    lines: BufReader<File>,
    /// How many records the log had when the witness was started; `None` if its header is
    /// not wardcast's.
    pub started_at: Option<i64>,
    /// Lines that are not `<seq> <hash>` in increasing order (a line cut by a crash, or an
    /// edit).
    pub unreadable: u64,
    previous_seq: i64,
    peeked: Option<Entry>,
    line: String,
}

impl Reader {
    /// The next record, in increasing order; lines out of order or malformed are counted
    /// and passed over.
    pub fn next_entry(&mut self) -> io::Result<Option<Entry>> {
        if let Some(entry) = self.peeked.take() {
            return Ok(Some(entry));
        }
        loop {
            self.line.clear();
            if self.lines.read_line(&mut self.line)? == 0 {
                return Ok(None);
            }
            let ended = self.line.ends_with('\n');
            match parse_line(self.line.trim_end()) {
                Some(entry) if ended && entry.seq > self.previous_seq => {
                    self.previous_seq = entry.seq;
                    return Ok(Some(entry));
                }
                _ => self.unreadable += 1,
            }
        }
    }

    /// Puts a record back, to be returned by the next call.
    pub fn put_back(&mut self, entry: Entry) {
        self.peeked = Some(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64) -> Entry {
        Entry {
            seq,
            hash: format!("{seq:064x}"),
        }
    }

    #[test]
    fn a_line_cut_by_a_crash_is_passed_over_and_ended_before_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        let witness = Witness::new(dir.path().join("log.witness"));
        assert_eq!(witness.tail().expect("tail"), None);
        assert!(witness.start_if_missing(0).expect("start"));
        assert!(!witness.start_if_missing(5).expect("start again"));
        witness.append(&[entry(1), entry(2)]).expect("append");
        let mut file = OpenOptions::new()
            .append(true)
            .open(witness.path())
            .expect("open");
        file.write_all(b"3 00ab").expect("torn write");
        assert_eq!(witness.tail().expect("tail"), Some(entry(2)));
        witness.append(&[entry(3)]).expect("append");
        assert_eq!(witness.tail().expect("tail"), Some(entry(3)));

        let mut reader = witness.read().expect("read").expect("exists");
        assert_eq!(reader.started_at, Some(0));
        let mut seen = Vec::new();
        while let Some(entry) = reader.next_entry().expect("next") {
            seen.push(entry.seq);
        }
        assert_eq!(seen, vec![1, 2, 3]);
        assert_eq!(reader.unreadable, 1);
    }
}
