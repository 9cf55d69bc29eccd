// Frame-time benchmark: opens the release build in headless Chromium, lets a scenario animate,
// and reports frame intervals measured from requestAnimationFrame timestamps (budget: 16.7 ms
// at 60 Hz). Also reports how long the app's own work takes per frame. Needs `trunk build
// --release --offline` first. Usage:
//   node scripts/bench-frames.mjs [seconds] [--compare OLD_DIST] [--no-lessons] [--only TEXT] [--css RULES]
// With --compare, another build (e.g. a copy of an older dist/) is measured in the same run,
// scenario by scenario, and the new/old ratios of p50 and p95 are printed. Besides the fixed
// scenarios below, every lesson the new build's start page lists is measured (its link opened
// in both builds); --only keeps the scenarios and lessons whose name contains TEXT; --css adds a
// style sheet to every page first, to see what hiding a part of it does to the frame times.
import { serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const oldDist = compareAt >= 0 ? args.splice(compareAt, 2)[1] : null;
const lessonsAt = args.indexOf('--no-lessons');
const withLessons = lessonsAt < 0;
if (!withLessons) args.splice(lessonsAt, 1);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : null;
const cssAt = args.indexOf('--css');
const css = cssAt >= 0 ? args.splice(cssAt, 2)[1] : null;
const seconds = Number(args[0] ?? 10);
const link = (scenario) => `#v1.${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;
const SCENARIOS = [
  { name: 'no link: each build opens on its own scenario', hash: '' },
  {
    name: 'Groups 1 (7 consumers, 6 partitions), 1x',
    hash: link({ version: 1, producer: { rate_per_sec: 60 },
      groups: [{ group_id: 'orders-service', members: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((name) => ({ name })) }],
      view: { speed: 1 } }),
  },
  {
    name: 'busy: 48 partitions x RF 3, 3 groups of 8, 2000 rec/s, 1x',
    hash: link({ version: 1, cluster: { brokers: 3 }, topic: { name: 'busy', partitions: 48, replication_factor: 3 },
      producer: { rate_per_sec: 2000, latency_ms: 50, keys: { kind: 'entities', prefix: 'id-', count: 5000 } },
      groups: ['a', 'b', 'c'].map((g) => ({ group_id: g, members: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ name: `${g}${i}` })) })),
      view: { speed: 1 } }),
  },
  {
    name: 'busy: 32 partitions, 2000 rec/s, 1x',
    hash: link({ version: 1, topic: { name: 'busy', partitions: 32 },
      producer: { rate_per_sec: 2000, latency_ms: 50, keys: { kind: 'entities', prefix: 'id-', count: 5000 } },
      view: { speed: 1 } }),
  },
  {
    name: 'max: 256 partitions, 100000 rec/s, 1x',
    hash: link({ version: 1, topic: { name: 'max', partitions: 256 },
      producer: { rate_per_sec: 100000, latency_ms: 50, keys: { kind: 'entities', prefix: 'id-', count: 100000 } },
      view: { speed: 1 } }),
  },
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

const builds = [['new', await serveDist()]];
if (oldDist) builds.push(['old', await serveDist(oldDist)]);
const browser = await launchBrowser();
console.log(`frame intervals from requestAnimationFrame, ${seconds} s per scenario, headless Chromium`);
console.log('scenario | build | frames | p50 ms | p95 ms | max ms | sim s advanced');
async function measure(url) {
  const { page, context } = await openPlayground(browser, url);
  if (css) await page.addStyleTag({ content: css });
  // Links with a playhead open paused; start everything from a running state.
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  await page.waitForTimeout(1000);
  const simStart = await page.evaluate(() => window.kafkaPlayground.nowMs());
  const stamps = await page.evaluate((ms) => new Promise((resolve) => {
    const out = [];
    const start = performance.now();
    const frame = (ts) => {
      out.push(ts);
      if (ts - start < ms) requestAnimationFrame(frame); else resolve(out);
    };
    requestAnimationFrame(frame);
  }), seconds * 1000);
  const simEnd = await page.evaluate(() => window.kafkaPlayground.nowMs());
  const intervals = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  await context.close();
  return { frames: intervals.length, p50: percentile(intervals, 0.5), p95: percentile(intervals, 0.95), max: intervals.at(-1), sim: (simEnd - simStart) / 1000 };
}
if (withLessons) {
  // Each lesson by the link its start-page card opens (the same link in both builds).
  const { page, context } = await openPlayground(browser, builds[0][1].url);
  const lessons = await page.$$eval('#start-here a[data-lesson]', (as) => as.map((a) => [a.dataset.lesson, a.getAttribute('href')]));
  await context.close();
  for (const [id, href] of lessons) SCENARIOS.push({ name: `lesson ${id}`, hash: href.slice(href.indexOf('#')) });
}
for (const { name, hash } of SCENARIOS) {
  if (only && !name.includes(only)) continue;
  const results = {};
  for (const [build, server] of builds) {
    const r = await measure(server.url + hash);
    results[build] = r;
    console.log(`${name} | ${build} | ${r.frames} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} | ${r.sim.toFixed(2)}`);
  }
  if (results.old) {
    console.log(`${name} | new/old | p50 ${(results.new.p50 / results.old.p50).toFixed(2)} | p95 ${(results.new.p95 / results.old.p95).toFixed(2)}`);
  }
}
await browser.close();
for (const [, server] of builds) await server.close();
