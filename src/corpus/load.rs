//! Loading and merging report files: paths, readers, whole directories.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::merge::{CandidateCounts, MergeError, MergePolicy, MergeReport};
use crate::interchange::file::regular_file_len;
use crate::interchange::jsonl::{ImportMode, JsonlError, import_jsonl};
use crate::json::JsonError;
use crate::store::graph::KnowledgeGraph;

/// The formats a report file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileFormat {
    /// factgraph's JSON document (`docs/FORMAT.md`).
    Json,
    /// JSON Lines, one entity, report or fact per line ([`crate::interchange::jsonl`]).
    JsonLines,
}

impl FileFormat {
    /// The format a path's extension names: `.jsonl` and `.ndjson` are JSON Lines, `.json`
    /// is JSON; anything else is `None`.
    pub fn of_path(path: &Path) -> Option<FileFormat> {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Some(FileFormat::Json),
            Some("jsonl" | "ndjson") => Some(FileFormat::JsonLines),
            _ => None,
        }
    }
}

/// Why loading files failed, with the file. Nothing was applied.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file or directory could not be read.
    #[error("{}: {message}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The kind of I/O error.
        kind: std::io::ErrorKind,
        /// The system's message.
        message: String,
    },
    /// A path that is neither `.json` nor `.jsonl`/`.ndjson`.
    #[error("{}: not a report file (expected .json, .jsonl or .ndjson)", path.display())]
    UnknownFormat {
        /// The path.
        path: PathBuf,
    },
    /// A JSON document that does not load.
    #[error("{}:{}:{}: {}", path.display(), source.line(), source.column(), source.kind())]
    Json {
        /// The file.
        path: PathBuf,
        /// The error, with line and column.
        source: Box<JsonError>,
    },
    /// A JSON Lines file that does not load.
    #[error("{}: {source}", path.display())]
    Jsonl {
        /// The file.
        path: PathBuf,
        /// The error, with line and column.
        source: Box<JsonlError>,
    },
    /// A JSON document larger than [`Limits::max_document_bytes`](crate::Limits::max_document_bytes),
    /// refused before it is read (or as soon as a reader gives more).
    #[error("{}: the JSON document has more than {max} bytes (the limit); refused before reading it whole", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        max: usize,
    },
    /// A file that loads but cannot be merged.
    #[error("{}: {source}", path.display())]
    Merge {
        /// The file.
        path: PathBuf,
        /// The reason.
        source: Box<MergeError>,
    },
}

fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError::Io {
        path: path.to_owned(),
        kind: e.kind(),
        message: e.to_string(),
    }
}

/// The report files a path stands for: itself, or for a directory every `.json`, `.jsonl`
/// and `.ndjson` file in it and its subdirectories, in path order.
///
/// Report files must be regular files (symbolic links are followed): a FIFO, socket or
/// device, given or found with a report file's name, is refused, since opening a FIFO
/// blocks until someone writes to it and a device such as `/dev/zero` never ends.
///
/// # Errors
/// [`LoadError`] when `path` or a directory under it cannot be read, or names something
/// that is neither a directory nor a regular file (kind
/// [`InvalidInput`](std::io::ErrorKind::InvalidInput)).
pub fn report_files(path: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if !meta.is_dir() {
        regular_file_len(path).map_err(|e| io_error(path, &e))?;
        return Ok(vec![path.to_owned()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_owned()];
    // Depth-limited so a symbolic-link loop cannot make this run away.
    let mut budget = 100_000usize;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io_error(&dir, &e))? {
            let entry = entry.map_err(|e| io_error(&dir, &e))?;
            let p = entry.path();
            budget = budget.saturating_sub(1);
            if budget == 0 {
                return Err(LoadError::Io {
                    path: path.to_owned(),
                    kind: std::io::ErrorKind::Other,
                    message: "more than 100000 entries under this directory".into(),
                });
            }
            let ft = entry.file_type().map_err(|e| io_error(&p, &e))?;
            if ft.is_dir() {
                stack.push(p);
            } else if FileFormat::of_path(&p).is_some() {
                // A link to a directory is not followed (no loops); anything else with a
                // report file's name must be a regular file.
                if !(ft.is_symlink() && p.is_dir()) {
                    regular_file_len(&p).map_err(|e| io_error(&p, &e))?;
                    out.push(p);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

impl KnowledgeGraph {
    /// Reads a report file (JSON or JSON Lines) and merges it into this graph; see
    /// [`merge`](Self::merge). All or nothing.
    ///
    /// # Errors
    /// [`LoadError`], naming the file.
    pub fn merge_path(
        &mut self,
        path: impl AsRef<Path>,
        policy: &MergePolicy,
    ) -> Result<MergeReport, LoadError> {
        let path = path.as_ref();
        let format = FileFormat::of_path(path).ok_or_else(|| LoadError::UnknownFormat {
            path: path.to_owned(),
        })?;
        // Checked before opening: opening a FIFO would block.
        let len = regular_file_len(path).map_err(|e| io_error(path, &e))?;
        let max = self.limits.max_document_bytes;
        if format == FileFormat::Json && len > max as u64 {
            return Err(LoadError::TooLarge {
                path: path.to_owned(),
                max,
            });
        }
        let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
        self.merge_reader(file, format, policy)
            .map_err(|e| e.at(path))
    }

    /// Reads a report in `format` from `reader` and merges it into this graph. All or
    /// nothing. Errors name the path `-`.
    ///
    /// # Errors
    /// [`LoadError`].
    pub fn merge_reader(
        &mut self,
        reader: impl Read,
        format: FileFormat,
        policy: &MergePolicy,
    ) -> Result<MergeReport, LoadError> {
        let stdin = PathBuf::from("-");
        let mut candidates = CandidateCounts::default();
        let doc = match format {
            FileFormat::Json => {
                let bytes = read_json(reader, self.limits.max_document_bytes, &stdin)?;
                let text = std::str::from_utf8(&bytes).map_err(|_| LoadError::Json {
                    path: stdin.clone(),
                    source: Box::new(match KnowledgeGraph::from_json_slice(&bytes) {
                        Err(e) => e,
                        Ok(_) => unreachable_utf8(),
                    }),
                })?;
                let (doc, left_out) =
                    self.read_document(text).map_err(|source| LoadError::Json {
                        path: stdin.clone(),
                        source: Box::new(source),
                    })?;
                candidates = left_out;
                doc
            }
            FileFormat::JsonLines => {
                let mut doc = KnowledgeGraph::new();
                doc.set_limits(self.limits);
                import_jsonl(
                    &mut doc,
                    BufReader::new(reader),
                    ImportMode::StopAtFirstError,
                )
                .map_err(|source| LoadError::Jsonl {
                    path: stdin.clone(),
                    source: Box::new(source),
                })?;
                doc
            }
        };
        let mut report = self
            .merge(&doc, policy)
            .map_err(|source| LoadError::Merge {
                path: stdin,
                source: Box::new(source),
            })?;
        report.candidates = candidates;
        Ok(report)
    }

    /// Merges every report file under the given paths (files, or directories read
    /// recursively, each in path order) into this graph, one after the other. All or
    /// nothing: on error the graph is unchanged. Returns the merge reports folded into one.
    ///
    /// ```no_run
    /// use factgraph::KnowledgeGraph;
    /// use factgraph::corpus::MergePolicy;
    /// let mut g = KnowledgeGraph::new();
    /// let report = g.merge_paths(["corpus/"], &MergePolicy::new())?;
    /// println!("{report}");
    /// # Ok::<(), factgraph::corpus::LoadError>(())
    /// ```
    ///
    /// # Errors
    /// [`LoadError`], naming the file.
    pub fn merge_paths<P: AsRef<Path>>(
        &mut self,
        paths: impl IntoIterator<Item = P>,
        policy: &MergePolicy,
    ) -> Result<MergeReport, LoadError> {
        let mut work = self.clone();
        let mut report = MergeReport::default();
        for p in paths {
            for file in report_files(p.as_ref())? {
                report.absorb(work.merge_path(&file, policy)?);
            }
        }
        *self = work;
        Ok(report)
    }
}

/// Reads a JSON report file whole (the parser borrows its strings from the text), after
/// the checks [`merge_path`](KnowledgeGraph::merge_path) makes: a regular file, of at most
/// [`Limits::max_document_bytes`](crate::Limits::max_document_bytes), and stopped early
/// when its first character cannot start a JSON value.
///
/// # Errors
/// [`LoadError::Io`] for a file that cannot be read or is not a regular file,
/// [`LoadError::TooLarge`], or [`LoadError::Json`] for a document whose first character
/// cannot start JSON (located as the parser locates it).
pub fn read_json_file(path: &Path, limits: &crate::Limits) -> Result<Vec<u8>, LoadError> {
    let len = regular_file_len(path).map_err(|e| io_error(path, &e))?;
    if len > limits.max_document_bytes as u64 {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            max: limits.max_document_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
    read_json(file, limits.max_document_bytes, path)
}

/// How much of a JSON document is read before its first character is looked at.
const SNIFF_CHUNK: u64 = 64 << 10;

/// A JSON document of at most `max` bytes from `reader`. Stops after the first chunk when
/// the first character that is not white space (or a byte order mark) cannot start a
/// JSON value: a gigabyte of NUL bytes is an error at line 1, column 1 that needs no
/// gigabyte of memory. Errors name `path`.
fn read_json(reader: impl Read, max: usize, path: &Path) -> Result<Vec<u8>, LoadError> {
    let mut input = BufReader::new(reader).take((max as u64).saturating_add(1));
    let mut bytes = Vec::new();
    let mut sniffed = false;
    loop {
        let got = (&mut input)
            .take(SNIFF_CHUNK.max(bytes.len() as u64))
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e))?;
        if bytes.len() > max {
            return Err(LoadError::TooLarge {
                path: path.to_owned(),
                max,
            });
        }
        if !sniffed {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            if let Some(first) = body
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            {
                sniffed = true;
                if !matches!(
                    first,
                    b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
                ) && let Err(e) = KnowledgeGraph::from_json_slice(&bytes)
                {
                    return Err(LoadError::Json {
                        path: path.to_owned(),
                        source: Box::new(e),
                    });
                }
            }
        }
        if got == 0 {
            return Ok(bytes);
        }
    }
}

/// `from_json_slice` fails on bytes that are not UTF-8; this is never reached.
fn unreachable_utf8() -> JsonError {
    JsonError {
        kind: crate::json::JsonErrorKind::Syntax {
            message: "invalid UTF-8".into(),
        },
        line: 1,
        column: 1,
    }
}

impl LoadError {
    /// The same error, naming `path` instead of `-`.
    fn at(self, path: &Path) -> LoadError {
        let path = path.to_owned();
        match self {
            LoadError::Io { kind, message, .. } => LoadError::Io {
                path,
                kind,
                message,
            },
            LoadError::UnknownFormat { .. } => LoadError::UnknownFormat { path },
            LoadError::TooLarge { max, .. } => LoadError::TooLarge { path, max },
            LoadError::Json { source, .. } => LoadError::Json { path, source },
            LoadError::Jsonl { source, .. } => LoadError::Jsonl { path, source },
            LoadError::Merge { source, .. } => LoadError::Merge { path, source },
        }
    }

    /// The file the error is about (`-` for a reader).
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::UnknownFormat { path }
            | LoadError::TooLarge { path, .. }
            | LoadError::Json { path, .. }
            | LoadError::Jsonl { path, .. }
            | LoadError::Merge { path, .. } => path,
        }
    }
}
