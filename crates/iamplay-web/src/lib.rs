//! The iamplay playground (Yew). Renders what the core decides; decides nothing itself.
//!
//! Data flow: the reducer (`state`) holds the workspace; every edit bumps a revision; after a short debounce
//! `engine::analyze` runs the core (lint, load, requests, matrix) and the view shows the result. When the
//! scenario has errors, the last valid result stays on screen, marked stale.

pub mod analysis_client;
pub mod baseline;
pub mod change;
pub mod completion;
pub mod components;
pub mod course;
pub mod deep_link;
pub mod deflate;
pub mod engine;
pub mod explain_view;
pub mod gallery;
pub mod hooks;
pub mod islands;
pub mod json_out;
pub mod lazy;
pub mod matrix_view;
pub mod model;
pub mod monaco;
pub mod positions;
pub mod questions;
pub mod schema;
pub mod share;
pub mod state;
pub mod storage;
pub mod test_api;
pub mod wire;
pub mod worker;
pub mod world;

use analysis_client::{AnalysisWorker, Answer};
use components::banners::Banners;
use components::dialogs::Dialogs;
use components::editor_pane::{EditorPane, EditorTexts, TabInfo};
use components::explanation::Explanation;
use components::header::Header;
use components::lesson::Lesson;
use components::matrix::Matrix;
use components::problems::Problems;
use components::requests::Requests;
use components::scenario_panel::ScenarioPanel;
use engine::{analyze_with, Analysis, LintCache, Managed, Target};
use hooks::use_shortcuts::{use_shortcuts, Shortcut};
use hooks::use_test_hook::use_test_hook;
use iamplay_core::catalog::Catalog;
use iamplay_core::managed::ManagedPolicies;
use json_out::{arr, obj};
use model::{EntityRef, Workspace};
use state::{Action, AppState, Banner, Dialog, Selection, SideTab, ThemeChoice};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long typing must pause before the matrix is recomputed when the last analysis was slow (over
/// `FAST_ANALYSIS_MS`); a fast one runs at once, after the edit's render, so typing is never blocked either way.
pub const DEBOUNCE_MS: u32 = 60;
pub const FAST_ANALYSIS_MS: f64 = 8.0;
/// How long typing must pause before a large workspace is saved.
pub const SAVE_PAUSE_MS: u32 = 700;

/// What the page starts with: the workspace, banners, and the embed flags from the URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Boot {
    pub ws: Workspace,
    pub banners: Vec<Banner>,
    pub embed: bool,
    pub read_only: bool,
    /// The workspace came from a share link (autosave it; it is not the saved work).
    pub from_link: bool,
    /// The workspace is the untouched first-visit example.
    pub pristine: bool,
    /// A gallery example the link names, to fetch and open once the page runs.
    pub example: Option<String>,
}

fn default_workspace() -> Workspace {
    let mut ws = gallery::example(gallery::DEFAULT_EXAMPLE)
        .and_then(|text| model::import_scenario(text).ok())
        .unwrap_or_default();
    ws.example = gallery::DEFAULT_EXAMPLE.into();
    ws
}

/// Reads the URL and the saved work. A share link over different saved work parks that work.
pub fn boot() -> Boot {
    let location = gloo_utils::window().location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let embed = share::has_flag(&search, "embed") || share::has_flag(&hash, "embed");
    let read_only = share::has_flag(&search, "readonly") || share::has_flag(&hash, "readonly");
    let saved = if embed { None } else { storage::load() };
    let mut banners = Vec::new();
    let linked = if deep_link::linked_example(&hash).is_some() {
        None
    } else {
        deep_link::linked_workspace(&hash)
    };
    if let Some(linked) = linked {
        match linked {
            Ok(shared) => {
                if let Some(saved) =
                    saved.filter(|saved| saved != &shared && saved != &default_workspace())
                {
                    match storage::park_previous(&saved) {
                        Ok(()) => banners.push(Banner::PreviousWorkKept(
                            "You opened a shared scenario.".into(),
                        )),
                        // Never overwrite work we could not park: keep it and say why.
                        Err(error) => {
                            banners.push(Banner::ShareLinkBroken(format!(
                                "your current work could not be set aside ({error}), so it stays open"
                            )));
                            return Boot {
                                ws: saved,
                                banners,
                                embed,
                                read_only,
                                from_link: false,
                                pristine: false,
                                example: None,
                            };
                        }
                    }
                }
                if !embed {
                    // The link's baseline (or none) goes with its scenario.
                    let _ = baseline::save(baseline::from_fragment(&hash).as_ref());
                }
                clear_fragment(embed);
                return Boot {
                    ws: shared,
                    banners,
                    embed,
                    read_only,
                    from_link: true,
                    pristine: false,
                    example: None,
                };
            }
            Err(error) => banners.push(Banner::ShareLinkBroken(error.0)),
        }
    }
    let default = default_workspace();
    let ws = saved.unwrap_or_else(|| default.clone());
    let mut example = None;
    if let Some(id) = deep_link::linked_example(&hash) {
        if gallery::is_example(id) {
            example = Some(id.to_string());
            clear_fragment(embed);
        } else {
            banners.push(Banner::ShareLinkBroken(format!(
                "this link names an example the gallery does not have (`{id}`)"
            )));
        }
    }
    Boot {
        pristine: ws == default,
        ws,
        banners,
        embed,
        read_only,
        from_link: false,
        example,
    }
}

/// Drops a consumed link from the address bar (not in embeds, whose iframe URL must keep working), so a
/// reload shows the saved, edited work rather than the link again.
fn clear_fragment(embed: bool) {
    if embed {
        return;
    }
    let window = gloo_utils::window();
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn prefers_dark() -> bool {
    gloo_utils::window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

fn now_ms() -> f64 {
    gloo_utils::window().performance().map_or(0.0, |p| p.now())
}

/// The page's address without query and fragment.
fn base_url() -> String {
    let location = gloo_utils::window().location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

pub fn share_url(ws: &Workspace) -> String {
    format!(
        "{}#s={}{}",
        base_url(),
        share::encode(ws),
        baseline::link_suffix()
    )
}

pub fn embed_url(ws: &Workspace) -> String {
    format!("{}?embed=1#s={}", base_url(), share::encode(ws))
}

fn copy_to_clipboard(text: String, done: Callback<bool>) {
    let clipboard = gloo_utils::window().navigator().clipboard();
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done.emit(ok);
    });
}

/// Timings measured in the page (read by `window.iamplay.metrics()` and scripts/page-metrics.mjs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// `performance.now()` when the first matrix was on screen (ms since navigation start).
    pub first_matrix_ms: f64,
    /// The last analysis (lint, load, requests, matrix).
    pub analysis_ms: f64,
    /// From the last edit (keystroke) to its result on screen.
    pub update_ms: f64,
    /// The debounce before a slow analysis starts (fast ones do not wait).
    pub debounce_ms: u32,
    pub analyses: u32,
    /// Parsing the action catalog once it arrived (0 until then).
    pub catalog_ms: f64,
    /// When the last edit arrived (0 once its result is on screen).
    pub edit_at: f64,
    /// `performance.now()` when the last result was on screen.
    pub rendered_at: f64,
    /// The last analysis ran in the worker (else on the main thread).
    pub in_worker: bool,
}

/// The current result and the last valid one.
#[derive(Debug, Clone)]
pub struct Results {
    pub current: Rc<Analysis>,
    pub good: Option<Rc<Analysis>>,
    /// The workspace revision analysed.
    pub revision: u64,
    pub started_at: f64,
    /// The analysis had the action catalog.
    pub with_catalog: bool,
}

impl Results {
    fn new(current: Analysis, revision: u64, started_at: f64) -> Self {
        let current = Rc::new(current);
        let good = current.loaded.then(|| current.clone());
        Self {
            current,
            good,
            revision,
            started_at,
            with_catalog: false,
        }
    }

    /// Nothing analysed yet: a large workspace waits for the worker instead of blocking the first paint.
    fn pending() -> Self {
        Self {
            revision: u64::MAX,
            ..Self::new(Analysis::default(), 0, 0.0)
        }
    }

    /// No analysis has arrived yet.
    pub fn is_pending(&self) -> bool {
        self.revision == u64::MAX
    }

    /// What the matrix shows: the current result, else the last valid one (stale).
    pub fn shown(&self) -> Option<&Rc<Analysis>> {
        if self.current.loaded {
            Some(&self.current)
        } else {
            self.good.as_ref()
        }
    }

    pub fn stale(&self) -> bool {
        !self.current.loaded && !self.is_pending()
    }
}

/// Policy text over this many bytes makes a workspace large: its first analysis waits for the worker, and its
/// autosave waits for a pause in typing.
pub const LARGE_WORKSPACE_BYTES: usize = 100_000;

fn is_large(ws: &Workspace) -> bool {
    ws.drafts().map(|draft| draft.text.len()).sum::<usize>() > LARGE_WORKSPACE_BYTES
}

/// Completion data shared with the Monaco callback.
#[derive(Default)]
struct CompletionData {
    catalog: Option<Rc<Catalog>>,
    /// The workspace whose names completion offers; the names are gathered when completion is asked for,
    /// not on every keystroke (a large account has thousands).
    ws: Option<Rc<Workspace>>,
    names: completion::ScenarioNames,
    names_of: usize,
}

fn scenario_names(ws: &Workspace) -> completion::ScenarioNames {
    let principals = components::requests::principal_choices(ws);
    completion::ScenarioNames {
        resources: ws.resources.iter().map(|r| r.arn.clone()).collect(),
        entities: ws
            .users
            .iter()
            .map(|u| u.arn.clone())
            .chain(ws.roles.iter().map(|r| r.arn.clone()))
            .collect(),
        accounts: ws.known_accounts(),
        vpc_endpoints: ws.vpc_endpoints.iter().map(|e| e.id.clone()).collect(),
        vpcs: ws
            .vpc_endpoints
            .iter()
            .filter(|e| !e.vpc.is_empty())
            .map(|e| e.vpc.clone())
            .collect(),
        services: principals
            .iter()
            .filter(|p| p.ends_with(".amazonaws.com"))
            .cloned()
            .chain(
                [
                    "lambda.amazonaws.com",
                    "ec2.amazonaws.com",
                    "apigateway.amazonaws.com",
                    "ecs-tasks.amazonaws.com",
                    "s3.amazonaws.com",
                    "sns.amazonaws.com",
                    "events.amazonaws.com",
                    "cloudtrail.amazonaws.com",
                ]
                .iter()
                .map(|s| s.to_string()),
            )
            .fold(Vec::new(), |mut acc, s| {
                if !acc.contains(&s) {
                    acc.push(s);
                }
                acc
            }),
        providers: principals
            .into_iter()
            .filter(|p| p.contains("-provider/"))
            .chain(
                [
                    "cognito-identity.amazonaws.com",
                    "accounts.google.com",
                    "www.amazon.com",
                    "graph.facebook.com",
                ]
                .iter()
                .map(|s| s.to_string()),
            )
            .collect(),
    }
}

fn entity_label(ws: &Workspace, entity: EntityRef) -> String {
    match entity {
        EntityRef::Scenario => "scenario".into(),
        EntityRef::Account(i) => ws
            .accounts
            .get(i)
            .map_or("account".into(), |a| format!("account {}", a.id)),
        EntityRef::Group(i) => ws
            .groups
            .get(i)
            .map_or("group".into(), |g| model::short_arn(&g.arn).to_string()),
        EntityRef::User(i) => ws
            .users
            .get(i)
            .map_or("user".into(), |u| model::short_arn(&u.arn).to_string()),
        EntityRef::Role(i) => ws
            .roles
            .get(i)
            .map_or("role".into(), |r| model::short_arn(&r.arn).to_string()),
        EntityRef::Resource(i) => ws
            .resources
            .get(i)
            .map_or("resource".into(), |r| r.arn.clone()),
        EntityRef::Request(i) => format!("request {}", i + 1),
    }
}

#[function_component]
pub fn App() -> Html {
    let boot = use_memo((), |_| boot());
    let state = use_reducer(|| {
        let mut state = AppState::new(boot.ws.clone());
        state.banners = boot.banners.clone();
        state.embed = boot.embed;
        state.read_only = boot.read_only;
        state.pristine = boot.pristine;
        state.pending_example = boot.example.clone();
        state.theme = storage::theme().map_or(ThemeChoice::System, |t| ThemeChoice::parse(&t));
        state
    });
    let dispatch = state.dispatcher();
    // The pinned baseline (`baseline.rs`), saved in this browser; none in embeds.
    let pinned = use_state(|| {
        (!boot.embed)
            .then(baseline::load)
            .flatten()
            .map(|ws| Rc::new(baseline::Pinned::new(ws)))
    });
    // Cells picked for the tightest policy, while picking.
    let picking = use_state(|| None::<components::tighten::Picked>);
    let cache = use_mut_ref(LintCache::default);
    let catalog = use_state(|| None::<Rc<Catalog>>);
    // The AWS managed policy snapshot: fetched the first time an analysis needs it.
    let managed = use_state(|| Managed::Pending);
    let page = use_mut_ref(PageRefs::default);
    let results = {
        let ws = state.ws.clone();
        let cache = cache.clone();
        use_state(move || {
            if is_large(&ws) {
                return Results::pending();
            }
            // A small workspace is analysed at once: its matrix is in the first paint.
            let start = now_ms();
            Results::new(
                analyze_with(&ws, None, &Managed::Pending, &mut cache.borrow_mut()),
                0,
                start,
            )
        })
    };
    // The analysis worker (started on first use) and the workspaces sent to it, by revision.
    let worker = use_mut_ref(|| None::<AnalysisWorker>);
    let worker_failed = use_mut_ref(|| false);
    let in_flight = use_mut_ref(std::collections::VecDeque::<(u64, Rc<Workspace>, f64)>::new);
    // Which thread analyses: the main thread while its last analysis of this structure was fast (no round
    // trip: a small scenario's matrix follows a keystroke within the frame), the worker for a large workspace
    // or a slow analysis. Answers older than what is shown are dropped.
    let main_ms = use_mut_ref(|| 0.0_f64);
    let seen_structure = use_mut_ref(|| u64::MAX);
    let newest_shown = use_mut_ref(|| 0_u64);
    let last_good = use_mut_ref(|| results.good.clone());
    let metrics = use_mut_ref(|| Metrics {
        debounce_ms: DEBOUNCE_MS,
        ..Metrics::default()
    });
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let monaco_ready = use_state(|| false);
    let editor_texts = use_memo((), |_| EditorTexts::default());
    let completion_data = use_mut_ref(CompletionData::default);
    let problems_open = use_state(|| false);
    let copied = use_state(|| None::<AttrValue>);
    let system_dark = use_state(prefers_dark);
    let problem_cursor = use_mut_ref(|| 0usize);

    // Analysis: debounced after each change; immediately when the catalog arrives.
    let run_analysis: Rc<dyn Fn(Rc<Workspace>, u64)> = {
        let results = results.clone();
        let cache = cache.clone();
        let metrics = metrics.clone();
        let catalog = catalog.clone();
        let managed = (*managed).clone();
        let last_good = last_good.clone();
        let main_ms = main_ms.clone();
        let newest_shown = newest_shown.clone();
        Rc::new(move |ws: Rc<Workspace>, revision: u64| {
            let start = now_ms();
            let analysis = analyze_with(&ws, catalog.as_deref(), &managed, &mut cache.borrow_mut());
            {
                let mut m = metrics.borrow_mut();
                m.analysis_ms = now_ms() - start;
                m.analyses += 1;
                m.in_worker = false;
                *main_ms.borrow_mut() = m.analysis_ms;
            }
            *newest_shown.borrow_mut() = revision;
            // The handle captured here may be a render old: the last valid result comes from `last_good`.
            let mut next = Results::new(analysis, revision, start);
            next.with_catalog = catalog.is_some();
            if next.good.is_none() {
                next.good = last_good.borrow().clone();
            } else {
                *last_good.borrow_mut() = next.good.clone();
            }
            results.set(next);
        })
    };
    // The worker's answers become the results; the workspace each one analysed is kept for explanations.
    let on_answer = {
        let results = results.clone();
        let metrics = metrics.clone();
        let last_good = last_good.clone();
        let in_flight = in_flight.clone();
        let worker_failed = worker_failed.clone();
        let newest_shown = newest_shown.clone();
        let page = page.clone();
        move |answer: Answer| match answer {
            Answer::Analysis {
                revision,
                mut analysis,
                with_catalog,
                ms,
            } => {
                let (source, sent_at) = {
                    let mut queue = in_flight.borrow_mut();
                    while queue.front().is_some_and(|(r, _, _)| *r < revision) {
                        queue.pop_front();
                    }
                    queue
                        .front()
                        .filter(|(r, _, _)| *r == revision)
                        .map_or((None, now_ms()), |(_, ws, at)| (Some(ws.clone()), *at))
                };
                if revision < *newest_shown.borrow() {
                    // The main thread has shown a newer result meanwhile.
                    return;
                }
                *newest_shown.borrow_mut() = revision;
                analysis.source = source;
                // The worker resolved ARNs in the page's snapshot (sent when it arrived): the same copy.
                analysis.managed = page.borrow().managed.clone();
                {
                    let mut m = metrics.borrow_mut();
                    m.analysis_ms = ms;
                    m.analyses += 1;
                    m.in_worker = true;
                }
                let mut next = Results::new(analysis, revision, sent_at);
                next.with_catalog = with_catalog;
                if next.good.is_none() {
                    next.good = last_good.borrow().clone();
                } else {
                    *last_good.borrow_mut() = next.good.clone();
                }
                results.set(next);
            }
            Answer::Error { message, fatal } => {
                web_sys::console::warn_1(&JsValue::from_str(&format!("iamplay: {message}")));
                if fatal {
                    // The page analyses on its main thread from the next change on.
                    *worker_failed.borrow_mut() = true;
                }
            }
        }
    };
    {
        let run_analysis = run_analysis.clone();
        let timer = timer.clone();
        let ws = state.ws.clone();
        let revision = state.revision;
        let structure = state.structure;
        let analysed = results.revision;
        let metrics = metrics.clone();
        let worker = worker.clone();
        let worker_failed = worker_failed.clone();
        let in_flight = in_flight.clone();
        let on_answer = on_answer.clone();
        let main_ms = main_ms.clone();
        let seen_structure = seen_structure.clone();
        use_effect_with(
            (state.revision, catalog.is_some(), managed_key(&managed)),
            move |(_, with_catalog, managed_state)| {
                // The worker, started on the first change (or at once for a large workspace).
                if *worker_failed.borrow() {
                    worker.borrow_mut().take();
                } else if worker.borrow().is_none() {
                    *worker.borrow_mut() = AnalysisWorker::start(Rc::new(on_answer));
                    if worker.borrow().is_none() {
                        *worker_failed.borrow_mut() = true;
                    }
                }
                if *seen_structure.borrow() != structure {
                    // A new structure gets one try on the main thread (unless it is large).
                    *seen_structure.borrow_mut() = structure;
                    *main_ms.borrow_mut() = 0.0;
                }
                let off_main = is_large(&ws) || *main_ms.borrow() > FAST_ANALYSIS_MS;
                let mut worker = worker.borrow_mut();
                if let Some(worker) = worker.as_mut().filter(|_| off_main) {
                    let now = now_ms();
                    if revision != analysed {
                        metrics.borrow_mut().edit_at = now;
                    }
                    in_flight
                        .borrow_mut()
                        .push_back((revision, ws.clone(), now));
                    worker.send(&ws, structure, revision);
                } else if revision != analysed || *with_catalog || *managed_state != 0 {
                    let run = run_analysis.clone();
                    let slow = {
                        let mut m = metrics.borrow_mut();
                        m.edit_at = now_ms();
                        m.analysis_ms > FAST_ANALYSIS_MS
                    };
                    if slow {
                        // Wait for a pause in typing; a newer edit replaces (cancels) this timer.
                        *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(
                            DEBOUNCE_MS,
                            move || run(ws, revision),
                        ));
                    } else {
                        // Fast enough to keep up with every keystroke within the frame.
                        timer.borrow_mut().take();
                        run(ws, revision);
                    }
                }
            },
        );
    }
    // Timing: the result is on screen once this effect runs.
    {
        let metrics = metrics.clone();
        let started = results.started_at;
        let has_matrix = results.shown().is_some_and(|a| a.matrix.is_some());
        use_effect_with(Rc::as_ptr(&results.current) as usize, move |_| {
            let mut m = metrics.borrow_mut();
            // From the edit (keystroke) when there was one, else from the start of the analysis.
            let from = if m.edit_at > 0.0 {
                m.edit_at.min(started)
            } else {
                started
            };
            m.rendered_at = now_ms();
            m.update_ms = m.rendered_at - from;
            m.edit_at = 0.0;
            if m.first_matrix_ms == 0.0 && has_matrix {
                m.first_matrix_ms = now_ms();
            }
        });
    }

    // The action catalog: fetched after first paint, parsed once.
    {
        let catalog = catalog.clone();
        let metrics = metrics.clone();
        let worker = worker.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let (sender, receiver) = futures_channel_once();
                gloo_timers::callback::Timeout::new(300, sender).forget();
                let _ = receiver.await;
                if let Ok(text) = fetch_text("catalog.txt").await {
                    // The worker lints with it; the page keeps its own copy for completion.
                    if let Some(worker) = worker.borrow_mut().as_mut() {
                        worker.send_catalog(&text);
                    }
                    let start = now_ms();
                    if let Ok(parsed) = Catalog::parse(&text) {
                        metrics.borrow_mut().catalog_ms = (now_ms() - start).max(0.001);
                        catalog.set(Some(Rc::new(parsed)));
                    }
                }
            });
        });
    }

    // The account-scale questions (issue 15) are an island (islands/questions.rs, in the on-demand wasm): the
    // app holds only the open question's text and the badges' list, and hands the island the workspace, made
    // once per revision and only while a panel or the badges are on.
    let questions_input = {
        let badges = state.access.is_some() && !state.embed;
        let ws = state.ws.clone();
        use_memo(
            (state.revision, state.question.clone(), badges),
            move |(_, question, badges)| {
                let ws = (question.is_some() || *badges).then(|| ws.to_json().text());
                let input = |question: &str| {
                    ws.as_deref()
                        .map(|ws| AttrValue::from(questions::with_workspace(question, ws)))
                };
                (
                    question.as_deref().and_then(input),
                    badges.then(|| input(r#"{"question":"badges"}"#)).flatten(),
                )
            },
        )
    };
    let on_question_event = {
        let dispatch = dispatch.clone();
        Callback::from(move |event: String| {
            if let Some(action) = questions::host_action(&event) {
                dispatch.dispatch(action);
            }
        })
    };

    // The AWS managed policy snapshot: fetched once, the first time an analysis asks for it (a scenario
    // attaches a policy by ARN, a pasted policy is over the size quota; a managed tab or the picker opens only
    // after one is attached, and the picker fetches its own copy). The worker gets the text too (empty: it could
    // not be fetched); each side parses its own copy.
    {
        let managed = managed.clone();
        let page = page.clone();
        let worker = worker.clone();
        use_effect_with(results.current.wants_managed, move |wanted| {
            if *wanted && !std::mem::replace(&mut page.borrow_mut().fetching, true) {
                wasm_bindgen_futures::spawn_local(async move {
                    let text = fetch_text("managed-policies.txt").await.unwrap_or_default();
                    let set = ManagedPolicies::parse(&text).ok().map(Rc::new);
                    if let Some(worker) = worker.borrow_mut().as_mut() {
                        worker.send_managed(Rc::from(if set.is_some() {
                            text
                        } else {
                            String::new()
                        }));
                    }
                    page.borrow_mut().managed = set.clone();
                    managed.set(set.map_or(Managed::Unavailable, Managed::Loaded));
                });
            }
        });
    }

    // Autosave every change (not in embeds: they share the origin's storage with the playground).
    let save_timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    {
        let dispatch = dispatch.clone();
        let ws = state.ws.clone();
        let embed = state.embed;
        let from_link = boot.from_link;
        let save_timer = save_timer.clone();
        use_effect_with(state.revision, move |revision| {
            if !embed && (*revision > 0 || from_link) {
                let large = is_large(&ws);
                let save = move || match storage::save(&ws) {
                    Ok(()) => dispatch.dispatch(Action::ClearSaveFailed),
                    Err(error) => dispatch.dispatch(Action::AddBanner(Banner::SaveFailed(error))),
                };
                if large {
                    // Writing megabytes on every keystroke would stall typing: save after a pause.
                    *save_timer.borrow_mut() =
                        Some(gloo_timers::callback::Timeout::new(SAVE_PAUSE_MS, save));
                } else {
                    save_timer.borrow_mut().take();
                    save();
                }
            }
        });
    }

    // Theme: the page's attribute, Monaco's theme, the saved choice.
    let dark = match state.theme {
        ThemeChoice::Dark => true,
        ThemeChoice::Light => false,
        ThemeChoice::System => *system_dark,
    };
    {
        let theme = state.theme;
        let ready = *monaco_ready;
        use_effect_with((theme, dark, ready), move |(theme, dark, _)| {
            if let Some(root) = gloo_utils::document().document_element() {
                match theme {
                    ThemeChoice::System => {
                        let _ = root.remove_attribute("data-theme");
                    }
                    other => {
                        let _ = root.set_attribute("data-theme", other.name());
                    }
                }
            }
            storage::set_theme(theme.name());
            monaco::set_theme(*dark);
        });
    }
    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let query = gloo_utils::window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten();
            let listener = query.map(|query| {
                gloo_events::EventListener::new(&query, "change", move |event| {
                    let matches = event
                        .dyn_ref::<web_sys::MediaQueryListEvent>()
                        .is_some_and(|e| e.matches());
                    system_dark.set(matches);
                })
            });
            move || drop(listener)
        });
    }

    // Markers: only the (policy, owner) pairs whose list changed reach Monaco, which re-decorates on each.
    let sent_markers = use_mut_ref(HashMap::<(u32, &'static str), String>::new);

    // Monaco: a model for each open tab only (a model per policy of a large account would leak listeners and
    // memory), kept in sync with the workspace; closed tabs' models are disposed. Then markers and configuration.
    {
        let ws = state.ws.clone();
        let tabs = state.tabs.clone();
        let texts = (*editor_texts).clone();
        let sent = sent_markers.clone();
        let managed = (*managed).clone();
        let page = page.clone();
        use_effect_with(
            (
                state.revision,
                *monaco_ready,
                state.tabs.clone(),
                managed_key(&managed),
            ),
            move |(_, ready, _, key)| {
                if *ready {
                    // Decide under the borrow, call Monaco after it: a synced model fires Monaco's change
                    // event, which records the text through the same map.
                    let mut to_sync = Vec::new();
                    let mut to_drop = Vec::new();
                    {
                        let mut known = texts.0.borrow_mut();
                        let mut page = page.borrow_mut();
                        let synced = &mut page.synced;
                        synced.retain(|(id, _)| tabs.contains(id));
                        for id in &tabs {
                            // Typing has already recorded its text: only outside changes need Monaco.
                            let Some(draft) = ws.draft(*id) else { continue };
                            if let Some(arn) = draft.managed_arn() {
                                // A managed document (read-only): once per tab and snapshot state.
                                if !synced.contains(&(*id, *key)) {
                                    synced.push((*id, *key));
                                    to_sync.push((
                                        components::editor_pane::model_key(*id, true),
                                        "identity",
                                        managed_text(&managed, arn),
                                    ));
                                }
                                continue;
                            }
                            if known.get(id) == Some(&draft.text) {
                                continue;
                            }
                            if let Some(info) = ws.policy(*id) {
                                known.insert(*id, info.draft.text.clone());
                                to_sync.push((
                                    id.to_string(),
                                    info.kind_name(),
                                    info.draft.text.clone(),
                                ));
                            }
                        }
                        for key in monaco::model_keys() {
                            if let Ok(id) = key.parse::<u32>() {
                                if !tabs.contains(&id) {
                                    known.remove(&id);
                                    to_drop.push(key);
                                }
                            } else if let Some(id) =
                                key.strip_prefix('m').and_then(|id| id.parse::<u32>().ok())
                            {
                                let attached = tabs.contains(&id)
                                    && ws.draft(id).is_some_and(|d| d.managed_arn().is_some());
                                if !attached {
                                    synced.retain(|(synced, _)| *synced != id);
                                    to_drop.push(key);
                                }
                            }
                        }
                    }
                    for (key, kind, text) in to_sync {
                        monaco::sync_model(&key, kind, &text);
                    }
                    for key in to_drop {
                        monaco::dispose_model(&key);
                        if let Ok(id) = key.parse::<u32>() {
                            sent.borrow_mut().retain(|(policy, _), _| *policy != id);
                        }
                    }
                }
            },
        );
    }
    {
        let current = results.current.clone();
        let tabs = state.tabs.clone();
        let sent = sent_markers.clone();
        use_effect_with(
            (
                Rc::as_ptr(&results.current) as usize,
                *monaco_ready,
                state.tabs.clone(),
            ),
            move |(_, ready, _)| {
                if *ready {
                    const OWNERS: [&str; 4] = [
                        "iamplay-json",
                        "iamplay-policy",
                        "iamplay-scenario",
                        "iamplay-lint",
                    ];
                    // One pass over the problems, then only the open tabs' models (the others do not exist).
                    let mut by_policy: HashMap<u32, Vec<&engine::Problem>> = HashMap::new();
                    for problem in current.problems.iter() {
                        if let Target::Policy { id, .. } = &problem.target {
                            if tabs.contains(id) {
                                by_policy.entry(*id).or_default().push(problem);
                            }
                        }
                    }
                    for id in &tabs {
                        let found = by_policy.get(id).map(Vec::as_slice).unwrap_or_default();
                        for owner in OWNERS {
                            let markers = found.iter().filter(|p| p.owner() == owner).filter_map(|p| {
                                let Target::Policy { range, .. } = &p.target else {
                                    return None;
                                };
                                Some(obj([
                                    ("line", range.line.into()),
                                    ("column", range.column.into()),
                                    ("endLine", range.end_line.into()),
                                    ("endColumn", range.end_column.into()),
                                    (
                                        "severity",
                                        match p.severity {
                                            iamplay_core::diagnostic::Severity::Error => "error",
                                            iamplay_core::diagnostic::Severity::SecurityWarning
                                            | iamplay_core::diagnostic::Severity::Warning => {
                                                "warning"
                                            }
                                            iamplay_core::diagnostic::Severity::Suggestion => "info",
                                        }
                                        .into(),
                                    ),
                                    (
                                        "message",
                                        match &p.help {
                                            Some(help) => format!("{}\n{}", p.message, help),
                                            None => p.message.clone(),
                                        }
                                        .into(),
                                    ),
                                    ("code", p.code.into()),
                                ]))
                            });
                            let text = arr(markers).text();
                            let mut sent = sent.borrow_mut();
                            if sent.get(&(*id, owner)) != Some(&text) {
                                monaco::set_markers(&id.to_string(), owner, &text);
                                sent.insert((*id, owner), text);
                            }
                        }
                    }
                }
            },
        );
    }
    {
        let data = completion_data.clone();
        let ws = state.ws.clone();
        let catalog = (*catalog).clone();
        use_effect_with((state.revision, catalog.is_some()), move |_| {
            let mut data = data.borrow_mut();
            data.ws = Some(ws);
            data.catalog = catalog;
        });
    }
    let completer = use_memo((), {
        let data = completion_data.clone();
        move |_| {
            Closure::<dyn Fn(String, String, u32) -> String>::new(
                move |_key: String, text: String, offset: u32| {
                    let mut data = data.borrow_mut();
                    let current = data.ws.as_ref().map_or(0, |ws| Rc::as_ptr(ws) as usize);
                    if data.names_of != current {
                        data.names = data.ws.as_deref().map(scenario_names).unwrap_or_default();
                        data.names_of = current;
                    }
                    let byte = completion::byte_offset(&text, offset as usize);
                    let found =
                        completion::complete(&text, byte, data.catalog.as_deref(), &data.names);
                    found.to_json().text()
                },
            )
        }
    });
    {
        let completer = completer.clone();
        use_effect_with(*monaco_ready, move |ready| {
            if *ready {
                monaco::configure(&schema::monaco_schemas().text(), &completer);
                // Lives as long as the page: Monaco keeps the provider.
                let fixer = Closure::<dyn Fn(String) -> String>::new(|text: String| {
                    fragment_fix_json(&text)
                });
                monaco::set_quick_fixes(&fixer);
                fixer.forget();
            }
        });
    }

    // The explanation of the selected cell or request, from the shown (possibly stale) result.
    let shown = results.shown().cloned();
    let world_cache: Rc<engine::WorldCache> = use_mut_ref(|| None);
    let explanation = use_memo(
        (
            state.selection,
            shown.as_ref().map(|a| Rc::as_ptr(a) as usize),
            managed_key(&managed),
        ),
        {
            let shown = shown.clone();
            let world_cache = world_cache.clone();
            move |(selection, _, _)| {
                if *selection == Selection::None {
                    return None;
                }
                // A worker's analysis has no world here: load the analysed workspace's, once per analysis.
                let world = engine::world_of(shown.as_ref()?, &world_cache)?;
                match selection {
                    Selection::Cell { row, column } => {
                        explain_view::for_cell(&world, *row, *column)
                    }
                    Selection::Request(index) => explain_view::for_request(&world, *index),
                    Selection::None => None,
                }
                .map(Rc::new)
            }
        },
    );
    // "How to change this" under the explanation, for the world the explanation came from (never a stale one).
    let latest_ws = use_memo((), |_| components::change::Latest::default());
    *latest_ws.0.borrow_mut() = state.ws.clone();
    let change_view = {
        let world = shown
            .as_ref()
            .filter(|_| !results.stale())
            .and_then(|analysis| {
                analysis.world.clone().or_else(|| {
                    world_cache
                        .borrow()
                        .as_ref()
                        .filter(|(key, _)| *key == Rc::as_ptr(analysis) as usize)
                        .map(|(_, world)| world.clone())
                })
            });
        let target = match state.selection {
            Selection::Cell { row, column } => {
                Some(iamplay_core::analysis::fixes::Target::Cell { row, column })
            }
            Selection::Request(index) => {
                Some(iamplay_core::analysis::fixes::Target::Request(index))
            }
            Selection::None => None,
        };
        match (world, target) {
            (Some(world), Some(target)) if explanation.is_some() => html! {
                <components::change::HowToChange {target} {world} ws={(*latest_ws).clone()} read_only={state.read_only}
                                                 dispatch={dispatch.clone()} />
            },
            _ => html! {},
        }
    };
    // The baseline's marks on the shown matrix; share links carry the baseline.
    let marks = use_memo(
        (
            (*pinned).as_ref().map(|p| Rc::as_ptr(p) as usize),
            shown.as_ref().map(|a| Rc::as_ptr(a) as usize),
        ),
        {
            let pinned = (*pinned).clone();
            let shown = shown.clone();
            move |_| {
                let pinned = pinned?;
                let analysis = shown?;
                let matrix = analysis.matrix.clone()?;
                let current = || {
                    analysis.world.clone().or_else(|| {
                        analysis
                            .source
                            .as_deref()
                            .and_then(world::World::load)
                            .map(Rc::new)
                    })
                };
                Some(Rc::new(baseline::marks(&pinned, &matrix, current)))
            }
        },
    );
    {
        let pinned = (*pinned).clone();
        use_effect_with(pinned.as_ref().map(|p| Rc::as_ptr(p) as usize), move |_| {
            baseline::set_shared(pinned.map(|p| p.ws.clone()));
        });
    }
    let baseline_error = use_state(|| None::<AttrValue>);
    let on_pin = {
        let pinned = pinned.clone();
        let ws = state.ws.clone();
        let error = baseline_error.clone();
        Callback::from(move |()| {
            let next = baseline::Pinned::new((*ws).clone());
            if !next.loaded() {
                error.set(Some(
                    "The scenario has errors: fix them before pinning.".into(),
                ));
                return;
            }
            match baseline::save(Some(&ws)) {
                Ok(()) => error.set(None),
                Err(why) => error.set(Some(format!("Pinned for this visit only: {why}.").into())),
            }
            pinned.set(Some(Rc::new(next)));
        })
    };
    let on_unpin = {
        let pinned = pinned.clone();
        let error = baseline_error.clone();
        Callback::from(move |()| {
            let _ = baseline::save(None);
            error.set(None);
            pinned.set(None);
        })
    };
    let on_picked = {
        let picking = picking.clone();
        Callback::from(move |picked: Option<components::tighten::Picked>| picking.set(picked))
    };
    let on_pick = {
        let picking = picking.clone();
        Callback::from(move |cell: (usize, usize)| {
            if let Some(picked) = &*picking {
                let mut next = (**picked).clone();
                if !next.remove(&cell) {
                    next.insert(cell);
                }
                picking.set(Some(Rc::new(next)));
            }
        })
    };
    let on_pick_row = {
        let picking = picking.clone();
        let matrix = shown.as_ref().and_then(|a| a.matrix.clone());
        Callback::from(move |row: usize| {
            let (Some(picked), Some(matrix)) = (&*picking, &matrix) else {
                return;
            };
            let allowed: Vec<(usize, usize)> = (0..matrix.columns.len())
                .filter(|c| {
                    matrix
                        .cell(row, *c)
                        .is_some_and(|cell| cell.decision == iamplay_core::explain::Decision::Allow)
                })
                .map(|c| (row, c))
                .collect();
            let mut next = (**picked).clone();
            if !allowed.is_empty() && allowed.iter().all(|cell| next.contains(cell)) {
                for cell in &allowed {
                    next.remove(cell);
                }
            } else {
                next.extend(allowed);
            }
            picking.set(Some(Rc::new(next)));
        })
    };
    // Opening an explanation highlights its decisive statement in its editor.
    {
        let dispatch = dispatch.clone();
        let explanation = explanation.clone();
        use_effect_with(state.selection, move |selection| {
            if *selection != Selection::None {
                if let Some(panel) = gloo_utils::document().get_element_by_id("explanation") {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    options.set_behavior(web_sys::ScrollBehavior::Smooth);
                    panel.scroll_into_view_with_scroll_into_view_options(&options);
                    // On wide screens the panel scrolls on its own: start a new explanation at its top.
                    panel.set_scroll_top(0);
                }
                let target = explanation
                    .as_ref()
                    .as_ref()
                    .and_then(|view| view.main.decisive.iter().find_map(|d| d.target));
                if let Some((policy, range)) = target {
                    dispatch.dispatch(Action::Jump {
                        policy,
                        range,
                        mark: true,
                        focus: false,
                    });
                }
            }
        });
    }

    // Loading an example or restoring: park the current work first.
    let replace_workspace = {
        let dispatch = dispatch.clone();
        let state = state.clone();
        Callback::from(move |(ws, reason): (Workspace, String)| {
            if !state.embed && !state.pristine && *state.ws != ws {
                match storage::park_previous(&state.ws) {
                    Ok(()) => {
                        dispatch.dispatch(Action::AddBanner(Banner::PreviousWorkKept(reason)))
                    }
                    Err(error) => {
                        dispatch.dispatch(Action::AddBanner(Banner::SaveFailed(format!("your current work could not be set aside ({error}); nothing was replaced"))));
                        return;
                    }
                }
            }
            dispatch.dispatch(Action::Replace(ws));
        })
    };
    let load_example = {
        let replace = replace_workspace.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |id: String| {
            dispatch.dispatch(Action::Dialog(None));
            let finish = {
                let replace = replace.clone();
                let dispatch = dispatch.clone();
                move |id: String, text: Result<String, String>| {
                    dispatch.dispatch(Action::ExamplePending(None));
                    match text.and_then(|text| model::import_scenario(&text)) {
                        Ok(mut ws) => {
                            ws.example = id;
                            replace.emit((ws, "You loaded an example.".into()));
                        }
                        Err(error) => dispatch.dispatch(Action::AddBanner(Banner::Info(format!(
                            "The example could not be loaded ({error}); your work is unchanged."
                        )))),
                    }
                }
            };
            if let Some(text) = gallery::example(&id) {
                finish(id, Ok(text.to_string()));
            } else if let Some(url) = gallery::example_url(&id) {
                dispatch.dispatch(Action::ExamplePending(Some(id.clone())));
                wasm_bindgen_futures::spawn_local(async move {
                    let text = fetch_text(&url).await;
                    finish(id, text);
                });
            }
        })
    };
    // Guided lessons (`course`): start one (fetch the lesson and its scenario), "show me", `#lesson=ID` links.
    let lesson_pending = use_state(|| None::<AttrValue>);
    let start_lesson = {
        let replace = replace_workspace.clone();
        let dispatch = dispatch.clone();
        let pending = lesson_pending.clone();
        Callback::from(move |id: String| {
            let Some(url) = course::lesson_url(&id) else {
                dispatch.dispatch(Action::AddBanner(Banner::Info(format!(
                    "There is no lesson `{id}`."
                ))));
                return;
            };
            pending.set(Some(id.clone().into()));
            let replace = replace.clone();
            let dispatch = dispatch.clone();
            let pending = pending.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let started = async {
                    let lesson_text = fetch_text(&url).await?;
                    let scenario = iamplay_core::lesson::load_lesson(&lesson_text)
                        .lesson
                        .map(|lesson| lesson.scenario.value)
                        .ok_or_else(|| "the lesson does not load".to_string())?;
                    let scenario_text = fetch_text(&course::scenario_url(&scenario)).await?;
                    let run = course::LessonRun::new(&id, &lesson_text, &scenario_text)?;
                    let mut ws = model::import_scenario(run.state(run.step).unwrap_or_default())?;
                    ws.example = course::scenario_example(&scenario);
                    Ok::<_, String>((run, ws))
                };
                pending.set(None);
                match started.await {
                    Ok((run, ws)) => {
                        replace.emit((ws, "You started a lesson.".into()));
                        dispatch.dispatch(Action::LessonStart(Box::new(run)));
                    }
                    Err(error) => dispatch.dispatch(Action::AddBanner(Banner::Info(format!(
                        "The lesson could not be started ({error}); your work is unchanged."
                    )))),
                }
            });
        })
    };
    let lesson_show_me = {
        let dispatch = dispatch.clone();
        let run = state.lesson.clone();
        Callback::from(move |step: usize| {
            let Some(run) = &run else { return };
            if let Some(Ok(mut ws)) = run.state(step + 1).map(model::import_scenario) {
                ws.example = String::new();
                dispatch.dispatch(Action::Replace(ws));
            }
        })
    };
    {
        let start = use_mut_ref(|| start_lesson.clone());
        *start.borrow_mut() = start_lesson.clone();
        let embed = state.embed;
        use_effect_with((), move |_| {
            let open = move |start: &Callback<String>| {
                let hash = gloo_utils::window().location().hash().unwrap_or_default();
                if let Some(id) = deep_link::fragment_value(&hash, "lesson") {
                    start.emit(id.to_string());
                    clear_fragment(embed);
                }
            };
            open(&start.borrow());
            let listener =
                gloo_events::EventListener::new(&gloo_utils::window(), "hashchange", move |_| {
                    open(&start.borrow())
                });
            move || drop(listener)
        });
    }
    // A link pasted into this tab changes only the fragment: no reload, so handle it here too.
    {
        let latest = use_mut_ref(|| (replace_workspace.clone(), load_example.clone()));
        *latest.borrow_mut() = (replace_workspace.clone(), load_example.clone());
        let dispatch = dispatch.clone();
        let embed = state.embed;
        let boot_example = boot.example.clone();
        use_effect_with((), move |_| {
            // The example a link named at load: fetch it now.
            if let Some(id) = boot_example {
                latest.borrow().1.emit(id);
            }
            let listener =
                gloo_events::EventListener::new(&gloo_utils::window(), "hashchange", move |_| {
                    let hash = gloo_utils::window().location().hash().unwrap_or_default();
                    let (replace, load) = latest.borrow().clone();
                    if let Some(id) = deep_link::linked_example(&hash) {
                        if gallery::is_example(id) {
                            load.emit(id.to_string());
                            clear_fragment(embed);
                        } else {
                            dispatch.dispatch(Action::AddBanner(Banner::ShareLinkBroken(format!(
                                "this link names an example the gallery does not have (`{id}`)"
                            ))));
                        }
                        return;
                    }
                    match deep_link::linked_workspace(&hash) {
                        Some(Ok(ws)) => {
                            replace.emit((ws, "You opened a shared scenario.".into()));
                            clear_fragment(embed);
                        }
                        Some(Err(error)) => {
                            dispatch.dispatch(Action::AddBanner(Banner::ShareLinkBroken(error.0)))
                        }
                        None => {}
                    }
                });
            move || drop(listener)
        });
    }
    let restore_previous = {
        let dispatch = dispatch.clone();
        let state = state.clone();
        Callback::from(move |()| {
            if let Some(previous) = storage::previous() {
                // Swap: what is open now becomes the previous work, so nothing is lost either way.
                let _ = storage::park_previous(&state.ws);
                dispatch.dispatch(Action::DismissBanner(Banner::PreviousWorkKept(
                    "You opened a shared scenario.".into(),
                )));
                dispatch.dispatch(Action::DismissBanner(Banner::PreviousWorkKept(
                    "You loaded an example.".into(),
                )));
                dispatch.dispatch(Action::Replace(previous));
                dispatch.dispatch(Action::AddBanner(Banner::Info("Your previous work is back. The scenario you replaced can be restored the same way.".into())));
            }
        })
    };
    let on_copy = {
        let copied = copied.clone();
        Callback::from(move |text: String| {
            let copied = copied.clone();
            copy_to_clipboard(
                text,
                Callback::from(move |ok: bool| {
                    copied.set(Some(
                        if ok {
                            "Link copied ✓"
                        } else {
                            "Copy failed: use Share"
                        }
                        .into(),
                    ));
                    let copied = copied.clone();
                    gloo_timers::callback::Timeout::new(2500, move || copied.set(None)).forget();
                }),
            );
        })
    };
    let on_copy_link = {
        let on_copy = on_copy.clone();
        let ws = state.ws.clone();
        Callback::from(move |()| on_copy.emit(share_url(&ws)))
    };
    let on_target = {
        let dispatch = dispatch.clone();
        let ws = state.ws.clone();
        Callback::from(move |target: Target| match target {
            Target::Policy { id, range } => dispatch.dispatch(Action::Jump {
                policy: id,
                range,
                mark: false,
                focus: true,
            }),
            Target::Context { request, .. } => {
                if let Some(index) = ws.requests.iter().position(|r| r.id == request) {
                    dispatch.dispatch(Action::EditRequest(Some(index)));
                }
            }
            Target::Entity(EntityRef::Request(index)) => {
                dispatch.dispatch(Action::EditRequest(Some(index)))
            }
            Target::Entity(entity) => dispatch.dispatch(Action::RevealEntity(entity)),
            Target::Nowhere => {}
        })
    };

    // Keyboard shortcuts.
    {
        let dispatch = dispatch.clone();
        let state = state.clone();
        let run_analysis = run_analysis.clone();
        let worker = worker.clone();
        let current = results.current.clone();
        let cursor = problem_cursor.clone();
        let on_target = on_target.clone();
        let problems_open = problems_open.clone();
        use_shortcuts(Callback::from(move |shortcut: Shortcut| match shortcut {
            Shortcut::RunAndFocusMatrix => {
                // With the worker the results already follow every change; without it, run now.
                if worker.borrow().is_none() {
                    run_analysis(state.ws.clone(), state.revision);
                }
                let focus = || {
                    let document = gloo_utils::document();
                    let cell = document
                        .query_selector("#matrix td.selected button")
                        .ok()
                        .flatten()
                        .or_else(|| document.query_selector("#matrix td button").ok().flatten());
                    if let Some(cell) = cell.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = cell.focus();
                    }
                };
                gloo_timers::callback::Timeout::new(0, focus).forget();
            }
            Shortcut::NextProblem { backward } => {
                let targets: Vec<Target> =
                    current.problems.iter().map(|p| p.target.clone()).collect();
                if targets.is_empty() {
                    return;
                }
                let mut index = cursor.borrow_mut();
                *index = if backward {
                    (*index + targets.len() - 1) % targets.len()
                } else {
                    (*index + 1) % targets.len()
                };
                problems_open.set(true);
                if let Some(target) = targets.get(*index) {
                    on_target.emit(target.clone());
                }
            }
            Shortcut::SaveNow => {
                if !state.embed {
                    match storage::save(&state.ws) {
                        Ok(()) => {
                            // A short confirmation: it goes away by itself.
                            let saved = Banner::Info("Saved in this browser.".into());
                            dispatch.dispatch(Action::AddBanner(saved.clone()));
                            let dispatch = dispatch.clone();
                            gloo_timers::callback::Timeout::new(2000, move || {
                                dispatch.dispatch(Action::DismissBanner(saved))
                            })
                            .forget();
                        }
                        Err(error) => {
                            dispatch.dispatch(Action::AddBanner(Banner::SaveFailed(error)))
                        }
                    }
                }
            }
            Shortcut::ShowShortcuts => dispatch.dispatch(Action::Dialog(Some(Dialog::Shortcuts))),
            Shortcut::Escape => {
                if state.dialog.is_some() {
                    dispatch.dispatch(Action::Dialog(None));
                }
            }
        }));
    }

    // The test hook.
    use_test_hook(test_api::build(test_api::Inputs {
        state: state.clone(),
        results: (*results).clone(),
        metrics: metrics.clone(),
        load_example: load_example.clone(),
        replace_workspace: replace_workspace.clone(),
        catalog_loaded: catalog.is_some(),
        start_lesson: start_lesson.clone(),
        managed_state: match *managed {
            Managed::Pending => "pending",
            Managed::Loaded(_) => "loaded",
            Managed::Unavailable => "unavailable",
        },
    }));

    // The picker's and the import dialog's bodies are islands (on demand); the import dialog's input is the
    // whole scenario, written once per workspace rather than per render.
    let import_input = if state.dialog == Some(Dialog::Import) {
        let key = Rc::as_ptr(&state.ws) as usize;
        let mut page = page.borrow_mut();
        match &page.import_input {
            Some((at, text)) if *at == key => text.clone(),
            _ => {
                let text = AttrValue::from(components::on_demand_dialogs::import_input(&state.ws));
                page.import_input = Some((key, text.clone()));
                text
            }
        }
    } else {
        AttrValue::default()
    };
    let island_dialog =
        components::on_demand_dialogs::view(&state, &dispatch, &replace_workspace, import_input);

    // ---- view ----
    let current = results.current.clone();
    let stale = results.stale();
    let mut counts: HashMap<u32, (usize, usize)> = HashMap::new();
    let mut entity_errors: Vec<EntityRef> = Vec::new();
    for problem in current.problems.iter() {
        match &problem.target {
            Target::Policy { id, .. } => {
                let entry = counts.entry(*id).or_default();
                if problem.is_error() {
                    entry.0 += 1
                } else {
                    entry.1 += 1
                }
            }
            Target::Entity(entity) if problem.is_error() => entity_errors.push(*entity),
            _ => {}
        }
    }
    let counts = Rc::new(counts);
    let policies = state.ws.policies();
    let tabs: Vec<TabInfo> = state
        .tabs
        .iter()
        .filter_map(|id| policies.iter().find(|p| p.draft.id == *id))
        .map(|p| {
            let (errors, findings) = counts.get(&p.draft.id).copied().unwrap_or((0, 0));
            TabInfo {
                id: p.draft.id,
                kind: p.kind_name(),
                title: p.title(),
                owner: p.owner.clone(),
                errors,
                findings,
                managed: p.draft.managed_arn().is_some(),
            }
        })
        .collect();
    let active_text: AttrValue = state
        .active
        .and_then(|id| policies.iter().find(|p| p.draft.id == id))
        .map(|p| match p.draft.managed_arn() {
            Some(arn) => AttrValue::from(managed_text(&managed, arn)),
            None => AttrValue::from(p.draft.text.clone()),
        })
        .unwrap_or_default();
    // Labels only for the policies a problem points at (not a thousand strings per keystroke).
    let labels: Rc<Vec<(u32, String)>> = Rc::new(
        policies
            .iter()
            .filter(|p| counts.contains_key(&p.draft.id))
            .map(|p| (p.draft.id, format!("{} {}", p.kind_name(), p.owner)))
            .collect(),
    );
    let entity_label_cb = {
        let ws = state.ws.clone();
        Callback::from(move |entity: EntityRef| entity_label(&ws, entity))
    };
    let on_ready = {
        let monaco_ready = monaco_ready.clone();
        Callback::from(move |()| monaco_ready.set(true))
    };
    // One callback for the page's life, so the matrix is not re-rendered by a keystroke that changed none of it.
    let show_problems = use_callback(problems_open.clone(), |(), problems_open| {
        problems_open.set(true);
        if let Ok(Some(element)) = gloo_utils::document().query_selector("#problems") {
            element.scroll_into_view();
        }
    });
    let matrix = shown.as_ref().and_then(|a| a.matrix.clone());
    let request_rows = shown
        .as_ref()
        .map(|a| a.requests.clone())
        .unwrap_or_default();
    // The result tabs follow the ARIA tabs pattern (APG "Tabs with Automatic Activation"): one tab stop (the selected
    // tab), arrows and Home/End move and select, every tab controls the one panel below.
    let side_tab = |tab: SideTab, label: &str| {
        let dispatch = dispatch.clone();
        let selected = state.side == tab;
        html! {
            <button type="button" role="tab" id={side_tab_id(tab)} aria-selected={selected.to_string()} aria-controls="results-panel"
                    tabindex={if selected { "0" } else { "-1" }} class={classes!("side-tab", selected.then_some("active"))}
                    onclick={Callback::from(move |_| dispatch.dispatch(Action::Side(tab)))}>{ label.to_string() }</button>
        }
    };
    let side_tabs_keys = {
        let dispatch = dispatch.clone();
        let current = state.side;
        Callback::from(move |event: KeyboardEvent| {
            let index = SIDE_TABS.iter().position(|t| *t == current).unwrap_or(0);
            let Some(next) = components::tab_key_target(&event.key(), index, SIDE_TABS.len())
            else {
                return;
            };
            event.prevent_default();
            if let Some(tab) = SIDE_TABS.get(next).copied() {
                dispatch.dispatch(Action::Side(tab));
                // Every tab is always rendered, so the new one can take focus now.
                if let Some(element) = gloo_utils::document().get_element_by_id(side_tab_id(tab)) {
                    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                        let _ = element.focus();
                    }
                }
            }
        })
    };
    let editor = html! {
        <EditorPane tabs={tabs} active={state.active} active_text={active_text} jump={state.jump} dark={dark}
                    read_only={state.read_only} texts={(*editor_texts).clone()} dispatch={dispatch.clone()} on_ready={on_ready} />
    };
    let explanation_view = html! { <Explanation view={(*explanation).clone()} dispatch={dispatch.clone()} stale={stale} extra={change_view} /> };
    let matrix_tools = html! {
        <div class="matrix-tools">
            <components::baseline::BaselineBar pinned={pinned.is_some()} marks={(*marks).clone()}
                can_pin={current.loaded} on_pin={on_pin} on_unpin={on_unpin} error={(*baseline_error).clone()} />
            <components::tighten::Tighten shown={shown.clone()} picked={(*picking).clone()} on_picked={on_picked}
                ws={state.ws.clone()} read_only={state.read_only} dispatch={dispatch.clone()} />
        </div>
    };
    // A scenario that attaches AWS managed policies by ARN waits for the snapshot rather than reporting them.
    let waiting_managed = current.waiting_managed;
    let matrix_view = html! {
        <>
            if waiting_managed {
                <p class="managed-loading" id="managed-loading" role="status">{ "Loading AWS managed policies…" }</p>
            }
            <Matrix matrix={matrix} stale={stale && !waiting_managed} computing={results.is_pending() || waiting_managed} error_count={current.error_count} selection={state.selection}
                    dispatch={dispatch.clone()} on_show_problems={show_problems} changes={(*marks).clone()}
                    picked={(*picking).clone()} on_pick={on_pick} on_pick_row={on_pick_row} />
        </>
    };
    // The fragment quick fix from the problems panel: replace the policy's text with the wrapped document.
    let on_fix = {
        let dispatch = dispatch.clone();
        let ws = state.ws.clone();
        Callback::from(move |(id, with_allow): (u32, bool)| {
            let fix = ws
                .policy(id)
                .and_then(|p| iamplay_core::policy::fragment::wrap_fragment(&p.draft.text));
            if let Some(fix) = fix {
                let text = if with_allow {
                    fix.wrapped_with_allow.unwrap_or(fix.wrapped)
                } else {
                    fix.wrapped
                };
                dispatch.dispatch(Action::SetText(id, text));
            }
        })
    };
    let question_view = match &questions_input.0 {
        Some(input) => html! {
            <components::island::Island kind="questions" input={input.clone()} on_event={on_question_event.clone()} />
        },
        None => html! {},
    };
    // The badges' island shows nothing: it only reports each resource's access after every edit.
    let badges_view = match &questions_input.1 {
        Some(input) => html! {
            <div class="badges-island" hidden=true>
                <components::island::Island kind="questions" input={input.clone()} on_event={on_question_event.clone()} />
            </div>
        },
        None => html! {},
    };
    let problems_view = html! {
        <Problems problems={current.problems.clone()} labels={labels} entity_label={entity_label_cb}
                  on_target={on_target.clone()} on_fix={on_fix} open={*problems_open || current.error_count > 0}
                  on_toggle={ { let p = problems_open.clone(); Callback::from(move |open: bool| p.set(open)) } } />
    };
    let requests_view = html! {
        <Requests ws={state.ws.clone()} structure={state.structure} rows={request_rows} stale={stale} editing={state.editing_request}
                  selection={state.selection} read_only={state.read_only} dispatch={dispatch.clone()} />
    };

    let course_view = html! {
        <components::course::Course run={state.lesson.clone()} ws={state.ws.clone()} revision={state.revision}
                dispatch={dispatch.clone()} on_start={start_lesson.clone()} on_show_me={lesson_show_me}
                pending={(*lesson_pending).clone()} />
    };

    if state.embed {
        return html! {
            <div class="app embed" data-theme-dark={dark.to_string()}>
                <header class="embed-header">
                    <span class="brand small"><span class="logo" aria-hidden="true">{ "⟨iam⟩" }</span>{ " iamplay" }</span>
                    <h1 class="scenario-title">{ state.ws.name.clone() }</h1>
                    if state.read_only { <span class="chip">{ "read-only" }</span> }
                    <a class="open-playground" id="open-in-playground" href={share_url(&state.ws)} target="_blank" rel="noopener">{ "Open in playground ↗" }</a>
                </header>
                <main class="embed-main">
                    <div class="embed-editor">{ editor }</div>
                    <div class="embed-side">
                        if state.lesson.is_some() { { course_view } }
                        { matrix_view }{ question_view }{ explanation_view }
                    </div>
                </main>
            </div>
        };
    }

    html! {
        <div class="app" data-theme-dark={dark.to_string()}>
            <a class="skip-link" href="#results-panel">{ "Skip to the results" }</a>
            <Header name={state.ws.name.clone()} theme={state.theme} dispatch={dispatch.clone()} on_copy_link={on_copy_link} copied={(*copied).clone()} />
            <Banners banners={state.banners.clone()} dispatch={dispatch.clone()} on_restore={restore_previous} />
            <main class="workspace">
                <aside class="left">
                    <ScenarioPanel ws={state.ws.clone()} structure={state.structure} active={state.active} counts={counts.clone()} entity_errors={Rc::new(entity_errors)}
                                   read_only={state.read_only} reveal={state.reveal_entity} access={state.access.clone()} dispatch={dispatch.clone()} />
                    { badges_view }
                </aside>
                <section class="center">
                    { editor }
                    { problems_view }
                </section>
                <section class="right">
                    { course_view }
                    if state.lesson.is_none() {
                        <Lesson title={state.ws.name.clone()} text={state.ws.description.clone()} />
                    }
                    <div class="side-tabs" role="tablist" aria-label="Results" onkeydown={side_tabs_keys}>
                        { side_tab(SideTab::Matrix, "Matrix") }
                        { side_tab(SideTab::Requests, &format!("Requests & flow ({})", state.ws.requests.len())) }
                        { side_tab(SideTab::Diagram, "Diagram") }
                    </div>
                    <div class="results-panel" id="results-panel" role="tabpanel" aria-labelledby={side_tab_id(state.side)} tabindex="-1">
                    { match state.side {
                        SideTab::Matrix => html! { <>{ matrix_tools }{ matrix_view }</> },
                        SideTab::Requests => requests_view,
                        SideTab::Diagram => html! {
                            <components::diagram::Diagram analysis={shown.clone()} ws={state.ws.clone()}
                                selection={state.selection} dispatch={dispatch.clone()} />
                        },
                    } }
                    </div>
                    { question_view }
                    { explanation_view }
                </section>
            </main>
            <Dialogs dialog={state.dialog} dispatch={dispatch.clone()} cards={gallery::cards()} on_example={load_example} island={island_dialog}
                     share_url={if state.dialog == Some(Dialog::Share) { share_url(&state.ws) } else { String::new() }}
                     embed_url={if state.dialog == Some(Dialog::Embed) { embed_url(&state.ws) } else { String::new() }} on_copy={on_copy} />
        </div>
    }
}

/// The result tabs in order, as the arrow keys walk them.
const SIDE_TABS: [SideTab; 3] = [SideTab::Matrix, SideTab::Requests, SideTab::Diagram];

/// The element id of a result tab (tests and `aria-labelledby` use it).
fn side_tab_id(tab: SideTab) -> &'static str {
    match tab {
        SideTab::Matrix => "tab-matrix",
        SideTab::Requests => "tab-requests",
        SideTab::Diagram => "tab-diagram",
    }
}

/// The quick fix of a pasted fragment (`iamplay_core::policy::fragment`) for Monaco and the problems panel:
/// `{"wrapped", "withAllow"}` (`withAllow` null when every statement has an Effect), or `null`.
pub fn fragment_fix_json(text: &str) -> String {
    match iamplay_core::policy::fragment::wrap_fragment(text) {
        Some(fix) => obj([
            ("wrapped", fix.wrapped.into()),
            ("withAllow", fix.wrapped_with_allow.into()),
        ])
        .text(),
        None => "null".to_string(),
    }
}

/// What the page keeps between renders for AWS managed policies and the import dialog (one hook: each hook of
/// a new type is more code in the first screen's wasm).
#[derive(Default)]
struct PageRefs {
    /// The snapshot's fetch has started.
    fetching: bool,
    /// The snapshot, for callbacks that outlive a render (the worker's answers).
    managed: Option<Rc<ManagedPolicies>>,
    /// Managed documents synced into Monaco: (policy id, snapshot state); as many as open tabs.
    synced: Vec<(u32, u8)>,
    /// The import dialog's input and the workspace (`Rc` address) it was written from: a large account's
    /// scenario is written once, not on every render.
    import_input: Option<(usize, AttrValue)>,
}

/// Which state the managed policy snapshot is in, as an effect dependency.
fn managed_key(managed: &Managed) -> u8 {
    match managed {
        Managed::Pending => 0,
        Managed::Loaded(_) => 1,
        Managed::Unavailable => 2,
    }
}

/// What a tab of an AWS managed policy attached by ARN shows: its document, or why it cannot yet.
pub fn managed_text(managed: &Managed, arn: &str) -> String {
    match managed {
        Managed::Loaded(set) => set.get(arn).map_or_else(
            || {
                format!(
                    "// `{arn}` is not in this snapshot of AWS managed policies ({})\n",
                    set.source()
                )
            },
            |policy| policy.text().to_string(),
        ),
        Managed::Pending => "// Loading AWS managed policies…\n".to_string(),
        Managed::Unavailable => "// The AWS managed policies could not be loaded.\n".to_string(),
    }
}

/// Fetches a file next to the page as text.
pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    let response = wasm_bindgen_futures::JsFuture::from(gloo_utils::window().fetch_with_str(url))
        .await
        .map_err(|_| format!("`{url}` could not be fetched"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("`{url}` answered {}", response.status()));
    }
    let text = response.text().map_err(|_| "no text".to_string())?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("`{url}` is not text"))
}

/// A one-shot signal: calling the first half resolves the second.
fn futures_channel_once() -> (impl FnOnce(), wasm_bindgen_futures::JsFuture) {
    let mut resolve_slot: Option<js_sys::Function> = None;
    let promise = js_sys::Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = move || {
        if let Some(resolve) = resolve_slot {
            let _ = resolve.call0(&JsValue::NULL);
        }
    };
    (resolve, wasm_bindgen_futures::JsFuture::from(promise))
}

/// Mounts the app on `<body>`.
pub fn start() {
    // The analysis worker runs this same wasm (`worker.rs`): it has no window and no app to mount.
    if js_sys::global().dyn_into::<web_sys::Window>().is_err() {
        return;
    }
    yew::Renderer::<App>::new().render();
}
