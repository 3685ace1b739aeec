//! Reads the files named on the command line; `-` is standard input, read once however often it is named.

use std::io::Read as _;

/// A file's name as the user wrote it (`<stdin>` for `-`) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Reader {
    stdin: Option<Result<String, String>>,
}

impl Reader {
    pub fn new() -> Self {
        Self::default()
    }

    /// The file's text, or a one-line error naming it.
    pub fn read(&mut self, path: &str) -> Result<Source, String> {
        if path == "-" {
            let text = self
                .stdin
                .get_or_insert_with(|| {
                    let mut text = String::new();
                    std::io::stdin()
                        .read_to_string(&mut text)
                        .map(|_| text)
                        .map_err(|error| describe(&error))
                })
                .clone();
            return text
                .map(|text| Source {
                    name: "<stdin>".to_string(),
                    text,
                })
                .map_err(|error| format!("<stdin>: error: cannot read standard input: {error}"));
        }
        match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map(|text| Source {
                    name: path.to_string(),
                    text,
                })
                .map_err(|_| format!("{path}: error: the file is not UTF-8 text")),
            Err(error) => Err(format!(
                "{path}: error: cannot read the file: {}",
                describe(&error)
            )),
        }
    }
}

/// The I/O error in lowercase words, without Rust's `(os error N)` suffix.
fn describe(error: &std::io::Error) -> String {
    let text = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::InvalidData => "the input is not UTF-8 text".to_string(),
        _ => error.to_string(),
    };
    match text.find(" (os error") {
        Some(end) => text.get(..end).unwrap_or(&text).to_string(),
        None => text,
    }
}
