//! A loaded scenario with the text it came from, and the mapping from the core's spans back to the editors.
//! Both the analysis (`engine`) and the views built from it (`matrix_view`, `explain_view`) read it.

use crate::model::{ScenarioText, Slot, Workspace};
use crate::positions::{LineIndex, Range16};
use iamplay_core::diagnostic::Span;
use iamplay_core::scenario::{load_scenario, Scenario};

/// The loaded scenario with the text it came from.
#[derive(Debug)]
pub struct World {
    pub source: ScenarioText,
    pub scenario: Scenario,
}

impl World {
    /// Loads the scenario of `ws`; `None` when it has errors. The page does this only to explain a selected
    /// cell or request: the matrix itself comes from the analysis worker.
    pub fn load(ws: &Workspace) -> Option<Self> {
        let source = ws.to_scenario(false);
        let scenario = load_scenario(&source.text).scenario?;
        Some(Self { source, scenario })
    }

    /// The editor (policy or context) and Monaco range of a core span, when it lies in one.
    pub fn locate(&self, span: Span) -> Option<(Slot, Range16)> {
        locate(&self.source, span)
    }
}

pub(crate) fn locate(source: &ScenarioText, span: Span) -> Option<(Slot, Range16)> {
    let start = span.start.offset as usize;
    let end = span.end.offset as usize;
    let (slot, local) = source.locate(start)?;
    let (slot_start, slot_end) = source
        .slots
        .iter()
        .find(|(s, e, k)| *k == slot && *s <= start && start <= *e)
        .map(|(s, e, _)| (*s, *e))?;
    match slot {
        Slot::Policy(_) | Slot::Context(_) => {
            let text = source.text.get(slot_start..slot_end)?;
            let index = LineIndex::new(text);
            let local_end = end.saturating_sub(slot_start).min(text.len());
            Some((slot, index.range(local, local_end.max(local))))
        }
        Slot::Entity(_) => Some((slot, Range16::default())),
    }
}
