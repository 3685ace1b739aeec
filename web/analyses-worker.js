// The on-demand analyses' worker (started by web/analyses-lazy.js the first time a fix or the tightest policy is
// asked for): it loads the analyses module (dist/analyses/, scripts/build-analyses.sh) and runs each search here,
// off the page's thread, so the page keeps answering while the search evaluates the scenario many times.
//
// In:  {id, base, name: 'fixes'|'tighten'|'applyPatch'|'importAws'|'question', text, arg, request, row, column};
//      for 'question' (the questions island: text is the workspace, arg the question) request 1 says it needs the
//      action catalog, fetched once from the page's own catalog.txt (the HTTP cache has it: the page fetched it);
//      for 'importAws' text is the inputs' JSON and arg the options' JSON.
// Out: {id, result} with the analysis's JSON text, or {id, error}.
let loading = null;
let catalog = null;

function withCatalog(m, base) {
  if (!catalog) {
    catalog = fetch(new URL('../catalog.txt', base)).then(async (response) => {
      if (!response.ok) throw new Error(`catalog.txt answered ${response.status}`);
      if (!m.setCatalog(await response.text())) throw new Error('catalog.txt does not parse');
    });
    catalog.catch(() => { catalog = null; });
  }
  return catalog;
}

function load(base) {
  if (!loading) {
    loading = import(new URL('iamplay_web_analyses.js', base).href).then(async (m) => {
      await m.default({ module_or_path: new URL('iamplay_web_analyses_bg.wasm', base) });
      return m;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

self.onmessage = async (event) => {
  const { id, base, name, text, arg, request, row, column } = event.data || {};
  try {
    const m = await load(base);
    let result;
    if (name === 'fixes') result = m.fixes(text, request, row, column);
    else if (name === 'tighten') result = m.tighten(text, arg);
    else if (name === 'applyPatch') result = m.applyPatch(text, arg);
    else if (name === 'importAws') result = m.importAws(text, arg);
    else if (name === 'question') {
      if (request > 0) await withCatalog(m, base);
      result = m.question(text, arg);
    } else throw new Error(`unknown analysis ${name}`);
    self.postMessage({ id, result });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
