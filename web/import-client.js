// The page's side of the import worker (web/import-worker.js): started by the first import, kept for the next.
// Answers go to the callback each call passes: `done(answerJson, error)`.
let worker = null;
let next = 0;
const waiting = new Map();

function fail(message) {
  for (const done of waiting.values()) done('', message);
  waiting.clear();
  worker?.terminate();
  worker = null;
}

/** Runs the core's import on `inputs` (JSON text of [{name, text}]) with `options` (JSON text). */
export function runImport(inputs, options, done) {
  if (!worker) {
    try {
      worker = new Worker(new URL('import-worker.js', document.baseURI), { type: 'module' });
    } catch (error) {
      done('', `the import worker could not start (${error})`);
      return;
    }
    worker.onmessage = (event) => {
      const m = event.data || {};
      const callback = waiting.get(m.id);
      waiting.delete(m.id);
      if (callback) callback(m.answer ?? '', m.error ?? '');
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(`the import worker failed (${event.message || 'unknown error'})`);
    };
  }
  next += 1;
  waiting.set(next, done);
  worker.postMessage({ id: next, inputs, options });
}
