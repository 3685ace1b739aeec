// The page's door to the on-demand analyses (crates/iamplay-web-analyses, built into dist/analyses/ by
// scripts/build-analyses.sh): the module and its wasm are fetched the first time one is asked for, from this
// site (CSP 'self'), and kept for the rest of the visit. Each call answers the analysis's JSON text.
let loading = null;

function load() {
  if (!loading) {
    const base = new URL('analyses/', document.baseURI);
    loading = import(new URL('iamplay_web_analyses.js', base).href).then(async (m) => {
      await m.default({ module_or_path: new URL('iamplay_web_analyses_bg.wasm', base) });
      return m;
    });
    // A failed download may be retried on the next ask.
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/** Runs analysis `name` (`fixes`, `tighten`, `applyPatch`); resolves to its JSON text. */
export async function lazyCall(name, text, arg, request, row, column) {
  const m = await load();
  switch (name) {
    case 'fixes': return m.fixes(text, request, row, column);
    case 'tighten': return m.tighten(text, arg);
    case 'applyPatch': return m.applyPatch(text, arg);
    default: throw new Error(`unknown analysis ${name}`);
  }
}
