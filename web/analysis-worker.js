// The analysis worker: a module worker started by web/analysis-client.js, served from the page's own files
// (CSP worker-src 'self'). It runs the page's own wasm — the compiled WebAssembly.Module the page sends, through
// the page's wasm-bindgen glue — so the core is downloaded and compiled once. It keeps a copy of the workspace
// in step with the page's messages and answers each batch of them with one analysis, so typing never waits for
// the matrix (crates/iamplay-web/src/worker.rs has the Rust half, src/wire.rs the answer's format).
//
// In:  {init: {glue, module}} once, then {kind: 'workspace'|'text'|'catalog', revision, id, text}.
// Out: {revision, result, ms} per analysis; {error, fatal} when something went wrong.
let api = null;
const queue = [];
let revision = -1;
let scheduled = false;

function run() {
  scheduled = false;
  const start = performance.now();
  const result = api.analysisWorkerRun();
  self.postMessage({ revision, result, ms: performance.now() - start });
}

function drain() {
  for (const message of queue.splice(0)) {
    const error = api.analysisWorkerApply(message.kind, message.id ?? 0, message.text ?? '');
    if (error) self.postMessage({ error, fatal: false });
    revision = Math.max(revision, message.revision ?? revision);
  }
  // Messages that arrive before this runs join the same analysis.
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
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
