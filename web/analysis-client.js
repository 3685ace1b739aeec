// The page's side of the analysis worker (web/analysis-worker.js): starts it from the page's own files and hands
// it this page's compiled wasm module and the URL of its wasm-bindgen glue, which Trunk names with a hash and
// preloads (so it is read from the page, not guessed). Returns null when the browser has no module workers or
// the glue cannot be found; the page then analyses on its main thread.

function glueUrl() {
  const preload = document.querySelector('link[rel="modulepreload"][href*="iamplay-web"]');
  if (preload) return preload.href;
  for (const script of document.querySelectorAll('script[type="module"]')) {
    const match = /from\s+['"]([^'"]*iamplay-web[^'"]*\.js)['"]/.exec(script.textContent || '');
    if (match) return new URL(match[1], document.baseURI).href;
  }
  return null;
}

/** Starts the worker; `onAnswer(revision, result, error, fatal, ms)` receives its answers. */
export function startWorker(module, onAnswer) {
  const glue = glueUrl();
  if (!glue || typeof Worker === 'undefined' || !module) return null;
  let worker;
  try {
    worker = new Worker(new URL('analysis-worker.js', document.baseURI), { type: 'module' });
  } catch {
    return null;
  }
  worker.onmessage = (event) => {
    const m = event.data || {};
    onAnswer(m.revision ?? -1, m.result ?? '', m.error ?? '', !!m.fatal, m.ms ?? 0);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    onAnswer(-1, '', `the analysis worker failed (${event.message || 'unknown error'})`, true, 0);
  };
  worker.postMessage({ init: { glue, module } });
  return worker;
}

/** Sends one message (see web/analysis-worker.js). */
export function post(worker, kind, revision, id, text) {
  worker.postMessage({ kind, revision, id, text });
}

export function stopWorker(worker) {
  worker.onmessage = null;
  worker.onerror = null;
  worker.terminate();
}
