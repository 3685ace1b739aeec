//! Hooks that connect the app to the browser: the test hook and keyboard shortcuts.

pub mod use_shortcuts;
pub mod use_test_hook;
