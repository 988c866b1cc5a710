// Screenshots of the harness views: node tests/e2e/harness/shoot.mjs <url-base> <name=query>...
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, ...shots] = process.argv.slice(2);
const userDataDir = mkdtempSync(join(tmpdir(), 'inspect-shot-'));
const ctx = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console:', m.text()); });
page.on('pageerror', (e) => console.log('pageerror:', e.message, e.stack));
for (const shot of shots) {
  const [name, query, action] = shot.split('|');
  await page.goto(`${base}/?${query}`);
  await page.waitForTimeout(600);
  if (action) await eval(`(async () => { ${action} })()`);
  await page.screenshot({ path: `tests/artifacts/inspect-${name}.png`, fullPage: true });
  console.log('saved', name);
}
await ctx.close();
