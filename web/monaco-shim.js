// The only bridge between the Rust playground and Monaco. Monaco is loaded lazily (after first paint) from
// our own dist/monaco/, never from a CDN. Positions passed in and out are Monaco's: 1-based lines and
// UTF-16 columns.

let loading = null;

/** Loads the Monaco bundle and its stylesheet once; resolves to the `monaco` namespace. */
export function loadMonaco() {
  if (!loading) {
    const base = new URL('monaco/', document.baseURI);
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('monaco-entry.css', base).href;
    document.head.appendChild(css);
    loading = import(new URL('monaco-entry.js', base).href).then((m) => m.default);
  }
  return loading;
}

/** Creates a JSON editor in `el`; `onChange(text)` runs on every edit. Resolves to the editor. */
export async function createEditor(el, value, readOnly, dark, onChange) {
  const monaco = await loadMonaco();
  monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
  const editor = monaco.editor.create(el, {
    value,
    language: 'json',
    readOnly,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 2,
    renderValidationDecorations: 'on',
  });
  editor.onDidChangeModelContent(() => onChange(editor.getValue()));
  return editor;
}

export function getValue(editor) {
  return editor.getValue();
}

/** Replaces the text as one undoable edit (Ctrl+Z brings the old text back). */
export function setValue(editor, text) {
  if (editor.getValue() === text) return;
  const model = editor.getModel();
  editor.pushUndoStop();
  editor.executeEdits('iamplay', [{ range: model.getFullModelRange(), text }]);
  editor.pushUndoStop();
}

/** Sets the markers of one owner (e.g. `iamplay-parse`, `iamplay-lint`). `markers` is an array of
 *  {line, column, endLine, endColumn, severity: 'error'|'warning'|'info'|'hint', message, code}. */
export function setMarkers(editor, owner, markers) {
  loadMonaco().then((m) => {
    const sev = { error: m.MarkerSeverity.Error, warning: m.MarkerSeverity.Warning,
      info: m.MarkerSeverity.Info, hint: m.MarkerSeverity.Hint };
    m.editor.setModelMarkers(editor.getModel(), owner, markers.map((k) => ({
      startLineNumber: k.line, startColumn: k.column, endLineNumber: k.endLine, endColumn: k.endColumn,
      severity: sev[k.severity] ?? m.MarkerSeverity.Error, message: k.message, code: k.code,
    })));
  });
}

/** Moves the cursor to a range, scrolls it into view and focuses the editor. */
export function revealRange(editor, line, column, endLine, endColumn) {
  const range = { startLineNumber: line, startColumn: column, endLineNumber: endLine, endColumn };
  editor.setSelection(range);
  editor.revealRangeInCenterIfOutsideViewport(range);
  editor.focus();
}

export function setTheme(dark) {
  loadMonaco().then((m) => m.editor.setTheme(dark ? 'vs-dark' : 'vs'));
}

export function dispose(editor) {
  editor.dispose();
}
