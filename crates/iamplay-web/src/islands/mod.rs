//! Islands (scaffold until the lead's islands/mod.rs lands on main; replaced by it at the merge).
use yew::prelude::*;

pub mod questions;

/// What every island takes.
#[derive(Properties, PartialEq, Clone)]
pub struct IslandProps {
    /// JSON text from the host; the island parses what it needs.
    pub input: AttrValue,
    /// Sends a JSON event to the host.
    pub emit: Callback<String>,
}
