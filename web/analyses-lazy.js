// The page's door to the on-demand analyses (crates/iamplay-web-analyses, built into dist/analyses/ by
// scripts/build-analyses.sh). They run in a module worker (web/analyses-worker.js) started the first time one is
// asked for, so a long search never blocks the page; where no worker can start, the module is loaded into the
// page instead. Everything comes from this site (CSP 'self'). Each call resolves to the analysis's JSON text.
// The islands (UI shown on demand: crates/iamplay-web/src/islands) are mounted from the same module, in the page.
// The app imports this file, and so does the on-demand module the islands run in (wasm-bindgen copies it there as
// a snippet): both copies share one worker and one in-page module through this page-wide object.
const shared = (globalThis.__iamplayAnalyses ??= {
  worker: null, failed: false, next: 1, pending: new Map(), inPage: null, inPageCatalog: null,
});

function base() {
  return new URL('analyses/', document.baseURI).href;
}

function startWorker() {
  if (shared.worker || shared.failed) return shared.worker;
  try {
    shared.worker = new Worker(new URL('analyses-worker.js', document.baseURI), { type: 'module' });
  } catch {
    shared.failed = true;
    return null;
  }
  shared.worker.onmessage = (event) => {
    const { id, result, error } = event.data || {};
    const waiting = shared.pending.get(id);
    if (!waiting) return;
    shared.pending.delete(id);
    if (error) waiting.reject(new Error(error));
    else waiting.resolve(result);
  };
  shared.worker.onerror = (event) => {
    event.preventDefault();
    // The worker is gone (a trap, or it could not load): what waits fails, and the next ask starts a new one.
    for (const waiting of shared.pending.values()) waiting.reject(new Error(event.message || 'the analyses worker stopped'));
    shared.pending.clear();
    shared.worker.terminate();
    shared.worker = null;
  };
  return shared.worker;
}

function loadInPage() {
  if (!shared.inPage) {
    shared.inPage = import(new URL('iamplay_web_analyses.js', base()).href).then(async (m) => {
      await m.default({ module_or_path: new URL('iamplay_web_analyses_bg.wasm', base()) });
      return m;
    });
    shared.inPage.catch(() => { shared.inPage = null; });
  }
  return shared.inPage;
}

/** Runs analysis `name` (`fixes`, `tighten`, `applyPatch`, `importAws`, `question`: then `request` 1 asks for
 * the action catalog first); resolves to its JSON text. */
export async function lazyCall(name, text, arg, request, row, column) {
  const w = typeof Worker === 'undefined' ? null : startWorker();
  if (w) {
    return new Promise((resolve, reject) => {
      const id = shared.next++;
      shared.pending.set(id, { resolve, reject });
      w.postMessage({ id, base: base(), name, text, arg, request, row, column });
    });
  }
  const m = await loadInPage();
  if (name === 'fixes') return m.fixes(text, request, row, column);
  if (name === 'tighten') return m.tighten(text, arg);
  if (name === 'applyPatch') return m.applyPatch(text, arg);
  if (name === 'importAws') return m.importAws(text, arg);
  if (name === 'question') {
    if (request > 0 && !shared.inPageCatalog) {
      shared.inPageCatalog = fetch(new URL('catalog.txt', document.baseURI)).then((r) => r.text()).then((t) => m.setCatalog(t));
      shared.inPageCatalog.catch(() => { shared.inPageCatalog = null; });
    }
    if (request > 0) await shared.inPageCatalog;
    return m.question(text, arg);
  }
  throw new Error(`unknown analysis ${name}`);
}

/** Mounts island `kind` (crates/iamplay-web/src/islands) in `host`; resolves to a handle for the two below. The
 *  islands run in the page (they draw into it), from the same on-demand module the shared.worker runs. */
export async function mountIsland(kind, host, input, emit) {
  const m = await loadInPage();
  return m.mountIsland(kind, host, input, emit);
}

export function updateIsland(handle, input) {
  handle.update(input);
}

export function destroyIsland(handle) {
  handle.destroy();
}
