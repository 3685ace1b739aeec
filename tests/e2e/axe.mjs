// Accessibility audit for the page tests: `await expectNoAxeViolations(page, 'gallery open, 390 dark')` runs axe-core
// (web/package.json) on the page as it is now and fails, listing each violation readably, unless there are none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rules axe runs by default (WCAG A/AA and best practices) plus `label-content-name-mismatch` (WCAG 2.5.3,
 *  tagged experimental in axe): buttons whose accessible name hides their visible text. */
export const AXE_OPTIONS = {
  resultTypes: ['violations'],
  rules: { 'label-content-name-mismatch': { enabled: true } },
};

/** Runs axe on `page` (or the part of it under `selector`) and returns its violations. axe is evaluated through the
 *  DevTools protocol, which the page's Content-Security-Policy does not govern, so the CSP stays on. */
export async function axeViolations(page, selector = 'html') {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  // Let transitions and animations settle so colours are measured as the reader sees them.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(([sel, options]) => window.axe.run(document.querySelector(sel), options)
    .then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }))), [selector, AXE_OPTIONS]);
}

/** One violation per paragraph: rule, impact, help, then each failing element with axe's reason. */
export function formatViolations(violations) {
  return violations.map((v) => [
    `${v.id} (${v.impact}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}  <${v.helpUrl}>`,
    ...v.nodes.map((n) => `  - ${n.target}\n      ${n.html.replace(/\s+/g, ' ').slice(0, 300)}\n      ${
      (n.summary || '').replace(/\n\s*/g, ' | ')}`),
  ].join('\n')).join('\n\n');
}

/** Fails unless axe finds no violation on `page` (under `selector`); `label` names the screen in the message. */
export async function expectNoAxeViolations(page, label, selector = 'html') {
  const violations = await axeViolations(page, selector);
  const count = violations.reduce((n, v) => n + v.nodes.length, 0);
  assert.equal(count, 0, `axe: ${count} violation${count === 1 ? '' : 's'} on ${label}:\n\n${formatViolations(violations)}`);
}
