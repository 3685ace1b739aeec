//! Hooks that connect the app to the browser (test hook, storage, timers).

pub mod use_test_hook;
