// Where a frame's time goes: opens the release build in headless Chromium, lets a scenario or a
// lesson play, and prints, per frame, the main thread's busy time and the part of it that was
// script, layout and style (Chromium's own `Performance.getMetrics` counters), with the number of
// DOM nodes. What is left of the busy time is mostly paint and layerize. Needs `trunk build
// --release --offline` first. Usage:
//   node scripts/bench-frame-split.mjs [LESSON_ID ...] [--dist DIR] [--css 'RULES'] [--seconds N]
// With no lesson, the page's own opening scenario. --css adds a style sheet first, so what a
// part of the page costs can be measured by hiding it, e.g. --css '.stage-scroll { display: none }'.
import { serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const dist = option('--dist', undefined);
const css = option('--css', '');
const seconds = Number(option('--seconds', 4));
const lessons = args.length ? args : [null];

const server = await serveDist(dist);
const browser = await launchBrowser();
console.log(`per frame over ${seconds} s, headless Chromium${css ? `, with ${css}` : ''}`);
console.log('scenario | frames | busy ms | script ms | layout ms | style ms | DOM nodes');
for (const lesson of lessons) {
  let hash = '';
  if (lesson) {
    const { page, context } = await openPlayground(browser, server.url);
    await page.waitForSelector('#start-here a[data-lesson]', { state: 'attached' });
    const link = await page.$(`#start-here a[data-lesson="${lesson}"]`);
    const href = link && (await link.getAttribute('href'));
    await context.close();
    if (!href) {
      console.log(`${lesson} | no such lesson on the start page`);
      continue;
    }
    hash = href.slice(href.indexOf('#'));
  }
  const { page, context } = await openPlayground(browser, server.url + hash);
  if (css) await page.addStyleTag({ content: css });
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const frames = await page.evaluate((ms) => new Promise((resolve) => {
    let n = 0;
    const start = performance.now();
    const frame = (t) => {
      n += 1;
      if (t - start < ms) requestAnimationFrame(frame); else resolve(n);
    };
    requestAnimationFrame(frame);
  }), seconds * 1000);
  const after = await metrics();
  const per = (name) => (((after[name] - before[name]) * 1000) / frames).toFixed(2);
  console.log(`${lesson ?? 'opening scenario'} | ${frames} | ${per('TaskDuration')} | ${per('ScriptDuration')} | ${per('LayoutDuration')} | ${per('RecalcStyleDuration')} | ${after.Nodes}`);
  await context.close();
}
await browser.close();
await server.close();
