// The analysis worker: a module worker started by web/analysis-client.js, served from the page's own files
// (CSP worker-src 'self'). It runs the page's own wasm — the compiled WebAssembly.Module the page sends, through
// the page's wasm-bindgen glue — so the core is downloaded and compiled once. It keeps a copy of the workspace
// in step with the page's messages and answers each batch of them with one analysis, so typing never waits for
// the matrix (crates/iamplay-web/src/worker.rs has the Rust half, src/wire.rs the answer's format).
//
// In:  {init: {glue, module}} once, then {kind: 'workspace'|'text'|'catalog'|'managed'|'sync', revision, id,
//      text}.
// Out: {revision, result, ms} per analysis; {error, fatal} when something went wrong.
let api = null;
const queue = [];
let revision = -1;
let scheduled = false;
// A new workspace arrived (its first answer leaves out the catalog's checks, so it comes quickly); the catalog
// is loaded.
let fresh = false;
let hasCatalog = false;

function schedule() {
  // Messages that arrive before this runs join the same analysis.
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
}

function fail(error) {
  // A trap in the wasm (a bug) leaves its state unknown: the page analyses on its own from now on.
  api = null;
  self.postMessage({ error: `the analysis worker stopped (${error})`, fatal: true });
}

function run() {
  scheduled = false;
  if (!api) return;
  const quick = fresh && hasCatalog;
  fresh = false;
  const start = performance.now();
  let result;
  try {
    result = api.analysisWorkerRun(!quick);
  } catch (error) {
    fail(error);
    return;
  }
  self.postMessage({ revision, result, ms: performance.now() - start });
  if (quick) schedule();
}

function drain() {
  for (const message of queue.splice(0)) {
    let error;
    try {
      error = api.analysisWorkerApply(message.kind, message.id ?? 0, message.text ?? '');
    } catch (trap) {
      fail(trap);
      return;
    }
    if (error) self.postMessage({ error, fatal: false });
    if (message.kind === 'workspace' && !error) fresh = true;
    if (message.kind === 'catalog' && !error) hasCatalog = true;
    revision = Math.max(revision, message.revision ?? revision);
  }
  schedule();
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.init) {
    try {
      const glue = await import(message.init.glue);
      await glue.default({ module_or_path: message.init.module });
      api = glue;
    } catch (error) {
      self.postMessage({ error: `the analysis worker could not start (${error})`, fatal: true });
      return;
    }
  } else {
    queue.push(message);
  }
  if (api && queue.length > 0) drain();
};
