//! Questions over a whole loaded scenario, each a module above `matrix`: who can do an action on a resource,
//! what a principal can do, whether a resource is public, what would change a decision, what a change opened,
//! and the tightest policy for wanted access. They call `eval` and `matrix`; nothing below them calls them
//! (docs: ../shared/design/architecture.md, "Where the next capabilities live").

pub mod access;
pub mod cells;
mod classes;
pub mod conditional;
pub mod diff;
pub mod fixes;
pub mod patch;
pub mod tighten;
pub mod what_can;
pub mod who_can;
