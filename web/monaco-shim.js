// The only bridge between the Rust playground and Monaco. Monaco is loaded lazily (after first paint) from
// our own dist/monaco/, never from a CDN. Positions passed in and out are Monaco's: 1-based lines and
// UTF-16 columns. One editor shows one model at a time; every policy has its own model (keyed by the
// policy's id), so each keeps its undo history and markers while another is shown.

let loading = null;
let M = null; // the monaco namespace once loaded
let jsonDefaults = null;
const models = new Map(); // key -> model
let highlight = null; // { key, collection }
let completer = null;

/** Loads the Monaco bundle and its stylesheet once; resolves to the `monaco` namespace. */
export function loadMonaco() {
  if (!loading) {
    const base = new URL('monaco/', document.baseURI);
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('monaco-entry.css', base).href;
    document.head.appendChild(css);
    loading = import(new URL('monaco-entry.js', base).href).then((m) => {
      M = m.default;
      jsonDefaults = m.jsonDefaults;
      defineThemes(M);
      return M;
    });
  }
  return loading;
}

function whenReady(fn) {
  if (M) return fn(M);
  loadMonaco().then(fn);
  return undefined;
}

// Line numbers and tokens are text: 4.5:1 or more against the editor, its highlighted line and a decisive
// statement's highlight (--decisive in style.css; WCAG 1.4.3).
function defineThemes(m) {
  m.editor.defineTheme('iamplay-light', {
    // vs's green numbers (#098658) fall under 4.5:1 on a decisive statement's highlight.
    base: 'vs', inherit: true, rules: [{ token: 'number', foreground: '07704a' }],
    colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#646e79',
      'editor.lineHighlightBackground': '#f6f8fa' },
  });
  m.editor.defineTheme('iamplay-dark', {
    base: 'vs-dark', inherit: true, rules: [],
    colors: { 'editor.background': '#0d1117', 'editorLineNumber.foreground': '#8b949e',
      'editor.lineHighlightBackground': '#161b22' },
  });
}

function uriFor(m, kind, key) {
  return m.Uri.parse(`file:///policies/${kind}/${key}.json`);
}

function keyOf(model) {
  const match = /\/policies\/[^/]+\/([^/]+)\.json$/.exec(model.uri.path);
  return match ? match[1] : '';
}

function ensureModel(m, key, kind, text) {
  let model = models.get(key);
  if (model && !model.isDisposed()) {
    if (model.getValue() !== text) {
      // An outside change (gallery, test hook, restore): one undoable edit.
      model.pushStackElement();
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      model.pushStackElement();
    }
    return model;
  }
  model = m.editor.createModel(text, 'json', uriFor(m, kind, key));
  model.updateOptions({ tabSize: 2, insertSpaces: true });
  models.set(key, model);
  return model;
}

/** Creates the editor in `el`; `onChange(key, text)` runs on every edit of the shown model. */
export async function createEditor(el, readOnly, dark, onChange) {
  const m = await loadMonaco();
  m.editor.setTheme(dark ? 'iamplay-dark' : 'iamplay-light');
  const editor = m.editor.create(el, {
    model: null,
    readOnly,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    lineNumbersMinChars: 3,
    renderValidationDecorations: 'on',
    fixedOverflowWidgets: true,
    wordWrap: 'on',
    wrappingIndent: 'deepIndent',
    wordBasedSuggestions: 'off',
    quickSuggestions: { strings: true, other: true, comments: false },
    ariaLabel: 'policy editor',
  });
  editor.onDidChangeModelContent(() => {
    const model = editor.getModel();
    if (model) onChange(keyOf(model), model.getValue());
  });
  return editor;
}

/** Shows the model of policy `key` (creating it with `text` if needed). */
export function showModel(editor, key, kind, text) {
  whenReady((m) => {
    const model = ensureModel(m, key, kind, text);
    if (editor.getModel() !== model) editor.setModel(model);
  });
}

/** Creates or updates the model of `key` without showing it. */
export function syncModel(key, kind, text) {
  whenReady((m) => { ensureModel(m, key, kind, text); });
}

export function disposeModel(key) {
  const model = models.get(key);
  if (model) { model.dispose(); models.delete(key); }
}

/** Keys of every live model (so Rust can drop models of deleted policies). */
export function modelKeys() {
  return Array.from(models.keys());
}

/** Sets the markers of one owner on one model. `markers` is a JSON array of
 *  {line, column, endLine, endColumn, severity: 'error'|'warning'|'info'|'hint', message, code}. */
export function setMarkers(key, owner, markersJson) {
  whenReady((m) => {
    const model = models.get(key);
    if (!model || model.isDisposed()) return;
    const sev = { error: m.MarkerSeverity.Error, warning: m.MarkerSeverity.Warning,
      info: m.MarkerSeverity.Info, hint: m.MarkerSeverity.Hint };
    m.editor.setModelMarkers(model, owner, JSON.parse(markersJson).map((k) => ({
      startLineNumber: k.line, startColumn: k.column, endLineNumber: k.endLine, endColumn: k.endColumn,
      severity: sev[k.severity] ?? m.MarkerSeverity.Error, message: k.message, code: k.code,
    })));
  });
}

/** The markers of one model, ours and the JSON schema's (owner `json`), as JSON (for tests):
 *  [{owner, line, column, endLine, endColumn, message, code}]. */
export function readMarkers(key) {
  if (!M) return '[]';
  const model = models.get(key);
  if (!model) return '[]';
  const ours = M.editor.getModelMarkers({ resource: model.uri })
    .filter((k) => k.owner.startsWith('iamplay') || k.owner === 'json')
    .map((k) => ({ owner: k.owner, line: k.startLineNumber, column: k.startColumn, endLine: k.endLineNumber,
      endColumn: k.endColumn, message: k.message, code: typeof k.code === 'string' ? k.code : '' }));
  return JSON.stringify(ours);
}

/** Shows `key`, selects the range, scrolls it into view; with `mark`, highlights it as decisive. */
export function reveal(editor, key, kind, text, line, column, endLine, endColumn, mark, focus) {
  whenReady((m) => {
    const model = ensureModel(m, key, kind, text);
    if (editor.getModel() !== model) editor.setModel(model);
    const range = new m.Range(line, column, endLine, endColumn);
    if (highlight) { highlight.clear(); highlight = null; }
    if (mark) {
      highlight = editor.createDecorationsCollection([{
        range,
        options: { isWholeLine: false, className: 'iamplay-decisive', stickiness: 1,
          overviewRuler: { color: '#d4a72c', position: m.editor.OverviewRulerLane.Full },
          linesDecorationsClassName: 'iamplay-decisive-gutter' },
      }]);
      editor.setSelection(new m.Range(line, column, line, column));
    } else {
      editor.setSelection(range);
    }
    editor.revealRangeInCenterIfOutsideViewport(range);
    if (focus) editor.focus();
  });
}

export function setTheme(dark) {
  whenReady((m) => m.editor.setTheme(dark ? 'iamplay-dark' : 'iamplay-light'));
}

export function setReadOnly(editor, readOnly) {
  editor.updateOptions({ readOnly });
}

export function focusEditor(editor) {
  editor.focus();
}

/** JSON schemas per policy kind (`[{uri, fileMatch, schema}]`, generated in Rust) and the completion
 *  callback `complete(key, text, offsetUtf16) -> JSON {items: [{label, kind, detail}], replaceUnits}`. */
export function configure(schemasJson, complete) {
  completer = complete;
  whenReady((m) => {
    jsonDefaults.setDiagnosticsOptions({
      validate: true, allowComments: false, trailingCommas: 'error', enableSchemaRequest: false,
      schemaValidation: 'warning', schemas: JSON.parse(schemasJson),
    });
    if (configure.done) return;
    configure.done = true;
    const kinds = { action: m.languages.CompletionItemKind.Function, service: m.languages.CompletionItemKind.Module,
      arn: m.languages.CompletionItemKind.Reference, key: m.languages.CompletionItemKind.Property,
      principal: m.languages.CompletionItemKind.User };
    m.languages.registerCompletionItemProvider('json', {
      triggerCharacters: ['"', ':', '/'],
      provideCompletionItems(model, position) {
        const key = keyOf(model);
        if (!key || !completer) return { suggestions: [] };
        const out = JSON.parse(completer(key, model.getValue(), model.getOffsetAt(position)));
        const range = new m.Range(position.lineNumber, Math.max(1, position.column - out.replaceUnits),
          position.lineNumber, position.column);
        return {
          suggestions: out.items.map((item, i) => ({
            label: item.label, kind: kinds[item.kind] ?? m.languages.CompletionItemKind.Text,
            detail: item.detail, insertText: item.label, range, sortText: String(i).padStart(4, '0'),
            command: item.kind === 'service' ? { id: 'editor.action.triggerSuggest', title: 'more' } : undefined,
          })),
        };
      },
    });
  });
}

export function dispose(editor) {
  editor.dispose();
}

/** Quick fixes for pasted fragments (code E0229): `fixer(text) -> JSON {wrapped, withAllow} | "null"`, computed by
 *  the core. Offers "Wrap in a policy document", and, when a statement has no Effect, a separate action that also
 *  adds "Effect": "Allow" (the reader picks it: the fix never adds an Effect on its own). */
export function setQuickFixes(fixer) {
  whenReady((m) => {
    if (setQuickFixes.done) return;
    setQuickFixes.done = true;
    m.languages.registerCodeActionProvider('json', {
      provideCodeActions(model, _range, context) {
        const markers = context.markers.filter((k) => k.code === 'E0229');
        if (!markers.length) return { actions: [], dispose() {} };
        const fix = JSON.parse(fixer(model.getValue()));
        if (!fix) return { actions: [], dispose() {} };
        const action = (title, text, preferred) => ({
          title, kind: 'quickfix', diagnostics: markers, isPreferred: preferred,
          edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(),
            textEdit: { range: model.getFullModelRange(), text } }] },
        });
        const actions = [action('Wrap in a policy document', fix.wrapped, !fix.withAllow)];
        if (fix.withAllow) actions.push(action('Wrap in a policy document and add "Effect": "Allow"', fix.withAllow, false));
        return { actions, dispose() {} };
      },
    }, { providedCodeActionKinds: ['quickfix'] });
  });
}
