// Checks every scenario block of the page with the iamplay npm package and draws a table of its requests after
// it: decision, expectation, account relation, and why. <script type="application/json" data-iamplay> blocks are
// checked once; <textarea data-iamplay> blocks again on every edit. See inline.html.
import init, { checkScenario } from 'iamplay';

await init(); // loads iamplay_bg.wasm from next to iamplay.js

/** An element with text content and attributes. */
function element(tag, text = '', attributes = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** The answer to one scenario text as a table (or a list of errors). */
function render(text) {
  const answer = checkScenario(text);
  if (answer.type === 'failure') {
    const list = element('ul', '', { class: 'iamplay-errors', 'data-type': 'failure' });
    for (const error of answer.errors) {
      const at = error.span ? `line ${error.span.start.line}, column ${error.span.start.column}: ` : '';
      list.append(element('li', `${at}${error.message} [${error.code}]`, {
        'data-code': error.code, 'data-line': error.span?.start.line ?? '', 'data-column': error.span?.start.column ?? '',
      }));
    }
    return list;
  }
  const table = element('table', '', { class: 'iamplay', 'data-type': 'success' });
  const head = table.createTHead().insertRow();
  for (const title of ['request', 'decision', 'expected', 'accounts', 'why']) head.append(element('th', title));
  const body = table.createTBody();
  for (const result of answer.results) {
    const row = body.insertRow();
    row.dataset.decision = result.decision;
    row.dataset.ok = String(result.ok);
    row.append(element('td', result.name ?? `request ${result.index}`));
    row.append(element('td', result.decision, { class: `decision-${result.decision}` }));
    row.append(element('td', result.expect === null ? '—' : `${result.expect} ${result.ok ? '✓' : '✗'}`));
    row.append(element('td', result.sameAccount === null ? 'no caller account' : result.sameAccount ? 'same' : 'cross'));
    row.append(element('td', result.reason));
  }
  const { passed, total } = answer.summary;
  table.createCaption().textContent = `${passed} of ${total} expectations hold`;
  return table;
}

for (const block of document.querySelectorAll('[data-iamplay]')) {
  const editable = block instanceof HTMLTextAreaElement;
  const output = element('div', '', { class: 'iamplay-output', 'data-for': block.id });
  block.after(output);
  const update = () => output.replaceChildren(render(editable ? block.value : block.textContent));
  update();
  if (editable) block.addEventListener('input', update);
}
document.documentElement.dataset.iamplayReady = 'true';
