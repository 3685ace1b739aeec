// The Monaco bundle the playground loads after first paint: the editor, its core features and the JSON
// language only. Built by esbuild (`make monaco`) into web/monaco-dist and served from our own dist/monaco/.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/features/register.all.js';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register.js';

self.MonacoEnvironment = {
  getWorker(_moduleId, label) {
    const name = label === 'json' ? 'json.worker.js' : 'editor.worker.js';
    return new Worker(new URL(name, import.meta.url), { type: 'module' });
  },
};

export { jsonDefaults };
export default monaco;
