//! Terminal colors: ANSI escapes only when the stream is a terminal (or `--color always`), never with
//! `NO_COLOR` set (https://no-color.org) under `--color auto`.

use crate::ColorChoice;
use std::io::IsTerminal as _;

/// Colors for standard output and standard error, decided once.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub out: Style,
    pub err: Style,
}

impl Styles {
    pub fn choose(choice: ColorChoice) -> Self {
        let auto = |is_terminal: bool| {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::env::var("TERM").map_or(true, |term| term != "dumb")
        };
        let (out, err) = match choice {
            ColorChoice::Always => (true, true),
            ColorChoice::Never => (false, false),
            ColorChoice::Auto => (
                auto(std::io::stdout().is_terminal()),
                auto(std::io::stderr().is_terminal()),
            ),
        };
        Self {
            out: Style { enabled: out },
            err: Style { enabled: err },
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub enabled: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn red(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn green(self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn yellow(self, text: &str) -> String {
        self.paint("33", text)
    }

    pub fn blue(self, text: &str) -> String {
        self.paint("1;34", text)
    }

    pub fn cyan(self, text: &str) -> String {
        self.paint("36", text)
    }
}
