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

/// The witness file of one log, and its copy on a spare disk when there is one.
#[derive(Debug, Clone)]
pub struct Witness {
    path: PathBuf,
    copy: Option<PathBuf>,
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
        Witness { path, copy: None }
    }

    /// Keeps a second copy of the witness at `copy` (on another disk).
    pub fn with_copy(mut self, copy: PathBuf) -> Witness {
        self.copy = Some(copy);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn files(&self) -> impl Iterator<Item = &Path> {
        std::iter::once(self.path.as_path()).chain(self.copy.as_deref())
    }

    /// The furthest record either copy holds: a copy that missed lines (its disk was away)
    /// does not hide what the other has.
    pub fn tail(&self) -> io::Result<Option<Entry>> {
        let mut furthest: Option<Entry> = None;
        for path in self.files() {
            let tail = match tail_of(path) {
                Ok(tail) => tail,
                Err(error) if path == self.path => return Err(error),
                Err(_) => None,
            };
            if tail.as_ref().map(|t| t.seq) > furthest.as_ref().map(|f| f.seq) {
                furthest = tail;
            }
        }
        Ok(furthest)
    }

    /// The record the least complete copy reaches (its last line, or the record its header
    /// says it started after): from there on, records are caught up.
    pub fn least_reach(&self) -> io::Result<i64> {
        let mut least: Option<i64> = None;
        for path in self.files() {
            let reach = match reach_of(path) {
                Ok(Some(reach)) => reach,
                Ok(None) => continue,
                Err(error) if path == self.path => return Err(error),
                Err(_) => continue,
            };
            least = Some(least.map_or(reach, |least| least.min(reach)));
        }
        Ok(least.unwrap_or(0))
    }

    /// Makes each copy hold at least what the other does, when one of them is missing: a
    /// witness deleted from the data folder is restored from the spare disk.
    pub fn restore_missing_copy(&self) -> io::Result<Option<PathBuf>> {
        let Some(copy) = &self.copy else {
            return Ok(None);
        };
        let (from, to) = match (self.path.exists(), copy.exists()) {
            (false, true) => (copy, &self.path),
            (true, false) => (&self.path, copy),
            _ => return Ok(None),
        };
        std::fs::copy(from, to)?;
        File::open(to)?.sync_all()?;
        Ok(Some(to.clone()))
    }
}

/// The last whole, well-formed line of one file; `Ok(None)` when the file is missing or
/// holds no record yet. Reads only the end of the file.
fn tail_of(path: &Path) -> io::Result<Option<Entry>> {
    let mut file = match File::open(path) {
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

impl Witness {
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    /// Starts the witness, when missing, for a log that already holds `records` records.
    /// Returns whether it had to be started.
    pub fn start_if_missing(&self, records: i64) -> io::Result<bool> {
        if let Some(copy) = &self.copy {
            if let Err(error) = start_file(copy, records) {
                tracing::warn!(witness = %copy.display(), %error, "the spare copy of the witness cannot be started");
            }
        }
        start_file(&self.path, records)
    }

    /// Appends records to each copy, each from where that copy stands, and makes them
    /// durable before returning. The copy on the spare disk failing is logged, not an
    /// error: the data folder's witness is the one that must be written.
    pub fn append(&self, entries: &[Entry]) -> io::Result<()> {
        if let Some(copy) = &self.copy {
            if let Err(error) = append_file(copy, entries) {
                tracing::warn!(witness = %copy.display(), %error, "the spare copy of the witness cannot be written; it is caught up when it can be");
            }
        }
        append_file(&self.path, entries)
    }

    /// The first record for which the witness and its copy hold different hashes, when both
    /// exist; read side by side in constant memory.
    pub fn copies_disagree(&self) -> io::Result<Option<i64>> {
        let Some(copy) = &self.copy else {
            return Ok(None);
        };
        let (Some(mut first), Some(mut second)) = (read_file(&self.path)?, read_file(copy)?) else {
            return Ok(None);
        };
        let (mut a, mut b) = (first.next_entry()?, second.next_entry()?);
        while let (Some(left), Some(right)) = (&a, &b) {
            if left.seq < right.seq {
                a = first.next_entry()?;
            } else if right.seq < left.seq {
                b = second.next_entry()?;
            } else if left.hash != right.hash {
                return Ok(Some(left.seq));
            } else {
                a = first.next_entry()?;
                b = second.next_entry()?;
            }
        }
        Ok(None)
    }

    /// Reads the most complete copy from its start; `Ok(None)` when there is none.
    pub fn read(&self) -> io::Result<Option<Reader>> {
        let mut best: Option<(&Path, i64)> = None;
        for path in self.files() {
            if let Ok(tail) = tail_of(path) {
                let seq = tail.map_or(0, |tail| tail.seq);
                if path.exists() && best.is_none_or(|(_, most)| seq > most) {
                    best = Some((path, seq));
                }
            }
        }
        match best {
            Some((path, _)) => read_file(path),
            None => read_file(&self.path),
        }
    }
}

/// How far one witness file reaches: its last record, or the record its header says it
/// started after; `None` when the file is missing.
fn reach_of(path: &Path) -> io::Result<Option<i64>> {
    let Some(reader) = read_file(path)? else {
        return Ok(None);
    };
    let started = reader.started_at.unwrap_or(0);
    let last = tail_of(path)?.map_or(0, |tail| tail.seq);
    Ok(Some(started.max(last)))
}

/// Starts one witness file, when missing, for a log that already holds `records`. The
/// header is written aside and the file renamed into place, so a full disk leaves no
/// witness rather than one without its header.
fn start_file(path: &Path, records: i64) -> io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    writeln!(file, "{HEADER}{records}")?;
    file.as_file().sync_all()?;
    match file.persist_noclobber(path) {
        Ok(_) => {
            sync_folder(path);
            Ok(true)
        }
        Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(error) => Err(error.error),
    }
}

/// Appends to one witness file the entries it does not hold yet.
fn append_file(path: &Path, entries: &[Entry]) -> io::Result<()> {
    let holds = tail_of(path)?.map_or(0, |tail| tail.seq);
    let entries: Vec<&Entry> = entries.iter().filter(|e| e.seq > holds).collect();
    if entries.is_empty() {
        return Ok(());
    }
    let mut file = OpenOptions::new().read(true).append(true).open(path)?;
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

/// Reads one witness file from its start; `Ok(None)` when it is missing.
fn read_file(path: &Path) -> io::Result<Option<Reader>> {
    let file = match File::open(path) {
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
