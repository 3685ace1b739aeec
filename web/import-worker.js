// The import worker: a module worker the Import dialog starts the first time it imports something (never on the
// first screen). It runs crates/iamplay-import — the core's import, the same code as `iamplay import` — in its
// own small wasm, so the playground's first download does not carry it. It reads only what the page posts and
// answers with the core's JSON; it makes no request of its own besides loading its wasm from this site.
//
// In:  {id, inputs: JSON text of [{name, text}], options: JSON text of {into, resource, level, account}}.
// Out: {id, answer: JSON text of Answer<ImportAwsSuccess>} or {id, error}.
import init, { importAws } from './iamplay-import.js';

const ready = init();

self.onmessage = async (event) => {
  const { id, inputs, options } = event.data || {};
  try {
    await ready;
    self.postMessage({ id, answer: importAws(inputs, options) });
  } catch (error) {
    self.postMessage({ id, error: `the import could not run (${error})` });
  }
};
