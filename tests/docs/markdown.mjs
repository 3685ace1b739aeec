// A small reader for the Markdown our docs use (CommonMark fences, inline links, headings), enough to find every
// link, anchor and code sample. Shared by tests/docs/check-docs.test.mjs and tests/e2e/subpath.test.mjs.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Where "Open in playground" links point: the playground `make serve` runs. One base for every docs link, so
 *  moving the docs to a hosted playground is one search-and-replace (check-docs rejects any other base). */
export const PLAYGROUND_BASE = 'http://127.0.0.1:8080/';

/** The Markdown files the docs checks cover, relative to the repository root. */
export function docFiles() {
  const docs = fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', 'CHANGELOG.md', 'examples/README.md', ...docs.sort()];
}

/** GitHub's heading anchor: lowercase, drop what is not a letter, digit, space, `-` or `_`, spaces to `-`. */
export function slug(heading) {
  return heading.trim().toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown inline text → what GitHub uses for the anchor (code spans and links keep only their text). */
function headingText(raw) {
  return raw.replace(/`([^`]*)`/g, '$1').replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/g, '$1');
}

/**
 * Parses one Markdown file: `{ anchors: Set, links: [{target, line}], blocks: [{lang, info, code, line,
 * directive, before}], refUses: [{label, line}], refDefs: Set }`. `directive` is the text of a `<!-- check: ... -->` comment on the last non-blank
 * line before a fence; `before` is that last non-blank line itself (for generated pages without directives).
 */
export function parseMarkdown(text) {
  const lines = text.split('\n');
  const anchors = new Set();
  const seen = new Map();
  const links = [];
  const blocks = [];
  const refUses = [];
  const refDefs = new Set();
  let fence = null;
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,})\s*$/);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        blocks.push({ ...fence.block, code: fence.body.join('\n') });
        fence = null;
        lastText = '';
      } else {
        fence.body.push(line);
      }
      continue;
    }
    const open = line.match(/^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/);
    if (open) {
      const directive = /^<!--\s*check:\s*(.*?)\s*-->$/.exec(lastText.trim())?.[1] ?? null;
      fence = { marker: open[1], body: [], block: { lang: open[2].toLowerCase(), info: open[3], line: i + 2, directive, before: lastText.trim() } };
      continue;
    }
    if (line.trim() !== '') lastText = line;
    const heading = line.match(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
    if (heading) {
      const base = slug(headingText(heading[1]));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
    // Links outside code spans: [text](target "title"), ![alt](src), <https://...>, href/src attributes.
    const prose = line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    for (const m of prose.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: m[1], line: i + 1 });
    for (const m of prose.matchAll(/<(https?:\/\/[^>\s]+)>/g)) links.push({ target: m[1], line: i + 1 });
    for (const m of prose.matchAll(/\s(?:href|src)="([^"]+)"/g)) links.push({ target: m[1], line: i + 1 });
    for (const m of prose.matchAll(/^\s*\[([^\]]+)\]:\s+(\S+)/g)) { refDefs.add(m[1].toLowerCase()); links.push({ target: m[2], line: i + 1 }); }
    for (const m of prose.matchAll(/\]\[([^\]]+)\]/g)) refUses.push({ label: m[1].toLowerCase(), line: i + 1 });
  }
  if (fence) blocks.push({ ...fence.block, code: fence.body.join('\n'), unclosed: true });
  return { anchors, links, blocks, refUses, refDefs };
}

/** Every "open in playground" URL in the docs, in links and in code samples: `[{ file, line, url }]`. */
export function playgroundLinks() {
  const out = [];
  const base = PLAYGROUND_BASE.replace(/[.]/g, '\\.');
  for (const file of docFiles()) {
    const { links, blocks } = parseMarkdown(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    for (const link of links) if (link.target.startsWith(PLAYGROUND_BASE)) out.push({ file, line: link.line, url: link.target });
    for (const block of blocks) {
      for (const m of block.code.matchAll(new RegExp(`${base}[^\\s"'<>\`)]*`, 'g'))) {
        // Template literals build URLs at run time; only complete URLs are links.
        if (m[0].includes('${') || m[0] === PLAYGROUND_BASE) continue;
        out.push({ file, line: block.line, url: m[0].replace(/&amp;/g, '&') });
      }
    }
  }
  return out;
}
