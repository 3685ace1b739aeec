#!/usr/bin/env node
// Pins the built page's inline scripts in its Content-Security-Policy (docs/security.md, "Content-Security-Policy").
//
// index.html carries a CSP <meta> whose script-src allows only the page's own files and wasm ('self',
// 'wasm-unsafe-eval'): no 'unsafe-inline'. Trunk 0.21 writes the wasm loader as an inline <script type="module">,
// which that policy would block, so after each build this adds the sha256 of every inline script of the built
// index.html to script-src (replacing hashes from an earlier run). Any other inline script, injected later by
// anyone, still cannot run.
//
// Runs as a Trunk post_build hook (Trunk.toml; the file is $TRUNK_STAGING_DIR/index.html) for `trunk build` and
// `trunk serve` alike, or by hand: `node scripts/csp.mjs dist/index.html`. Fails when the page has no CSP
// <meta>, when its script-src allows 'unsafe-inline' or a remote origin, or when an inline event handler
// attribute (onclick=...) is present, since no hash can allow those.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const file = process.argv[2] ?? (process.env.TRUNK_STAGING_DIR && path.join(process.env.TRUNK_STAGING_DIR, 'index.html'));
if (!file) {
  console.error('usage: node scripts/csp.mjs <index.html> (or run as a Trunk hook with TRUNK_STAGING_DIR set)');
  process.exit(2);
}

/** The policy text with every inline script's hash in script-src. Throws with a reason when it cannot. */
function pinInlineScripts(html) {
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i);
  if (!meta) throw new Error('no <meta http-equiv="Content-Security-Policy" content="..."> in the page');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, ''))) {
    throw new Error('an inline event handler attribute (on...=) is in the page; CSP hashes cannot allow it');
  }
  const hashes = [];
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    hashes.push(`'sha256-${crypto.createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  const directives = meta[1].split(';').map((d) => d.trim()).filter(Boolean);
  const index = directives.findIndex((d) => d.split(/\s+/)[0] === 'script-src');
  if (index < 0) throw new Error('the CSP has no script-src directive');
  const sources = directives[index].split(/\s+/).slice(1).filter((s) => !/^'sha256-/.test(s));
  const remote = sources.filter((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || /^(https?:|\*|data:|blob:)/.test(s) || /\.[a-z]/i.test(s));
  if (remote.length > 0) throw new Error(`script-src must allow only the page's own files; it has ${remote.join(' ')}`);
  directives[index] = ['script-src', ...sources, ...new Set(hashes)].join(' ');
  const policy = directives.join('; ');
  return { html: html.replace(meta[0], meta[0].replace(meta[1], policy)), policy, hashes };
}

/** `trunk serve` adds an autoreload script and fills in its address and base only when it serves the page, which
 *  would change the script after its hash was taken. Fill them in now from the page's own location (`make serve`
 *  serves at the root), so the served script is the hashed one. Builds without autoreload are unchanged. */
function settleAutoreload(html) {
  return html
    .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
    .replaceAll("'{{__TRUNK_WS_BASE__}}'", "'/'");
}

try {
  const { html, hashes } = pinInlineScripts(settleAutoreload(fs.readFileSync(file, 'utf8')));
  fs.writeFileSync(file, html);
  console.log(`csp: pinned ${hashes.length} inline script${hashes.length === 1 ? '' : 's'} in ${file}`);
} catch (error) {
  console.error(`csp: ${file}: ${error.message}`);
  process.exit(1);
}
