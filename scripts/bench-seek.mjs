// Seeking in a 10-minute run, in the release wasm build inside headless Chromium: a run with
// a producer and a consumer group is played to 10 minutes of sim time (leaving checkpoints),
// then the playhead jumps to 30 spread-out times. The target is under 100 ms per seek.
// Needs `trunk build --release --offline` first.
import { serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const horizon = 600_000;
const scenario = {
  version: 1,
  producer: { rate_per_sec: 200, keys: { kind: 'entities', prefix: 'user-', count: 1000 } },
  groups: [{ group_id: 'g', auto_offset_reset: 'earliest', members: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }] }],
  actions: [{ at_ms: 120000, type: 'add_partitions', total: 12 }, { at_ms: 300000, type: 'group', do: 'crash_member', name: 'c2' }],
};
const server = await serveDist();
const browser = await launchBrowser();
const { page } = await openPlayground(browser, server.url);
await page.click('#play');
const times = await page.evaluate(([json, h]) => Array.from(window.kafkaPlayground.seekBench(json, h, 30)), [JSON.stringify(scenario), horizon]);
const [first, ...seeks] = times;
seeks.sort((a, b) => a - b);
const pct = (p) => seeks[Math.min(seeks.length - 1, Math.floor(p * seeks.length))];
console.log(`seek benchmark, wasm in headless Chromium: a ${horizon / 60000}-minute run (200 records/s, a group of 3)`);
console.log(`playing to 10 min from 0: ${first.toFixed(0)} ms`);
console.log(`${seeks.length} seeks: p50 ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms, max ${seeks[seeks.length - 1].toFixed(1)} ms`);
await browser.close();
await server.close();
