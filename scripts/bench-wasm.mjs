// Engine throughput in the browser: the scenarios of benches/scenarios.json run headless in
// the release wasm build inside headless Chromium, timed with performance.now(), as records/s
// and sim time per wall time (× real time). Compare with
// `cargo bench --bench engine_throughput` (native) in the same session: the target is wasm
// within 2x of native. Needs `trunk build --release --offline` first. Arguments filter the
// scenarios by name, as the native bench's do.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const simMsDefault = 20_000;
const runsDefault = 5;
const filter = process.argv.slice(2);
const scenarios = JSON.parse(await readFile(join(ROOT, 'benches/scenarios.json'), 'utf8'));
const server = await serveDist();
const browser = await launchBrowser();
const { page } = await openPlayground(browser, server.url);
await page.click('#play'); // pause the page's own animation so it does not compete
console.log(`engine throughput, wasm in headless Chromium, best of ${runsDefault} runs of ${simMsDefault} ms of sim time unless stated`);
console.log('scenario | sim ms | runs | records | best ms | records/s | × real time');
for (const [name, scenario, options = {}] of scenarios) {
  if (filter.length > 0 && !filter.some((f) => name.includes(f))) continue;
  const simMs = options.sim_ms ?? simMsDefault;
  const runs = options.runs ?? runsDefault;
  const result = await page.evaluate(([json, until, runs]) => {
    let best = Infinity;
    let records = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      records = window.kafkaPlayground.runScenario(json, until);
      best = Math.min(best, performance.now() - start);
    }
    return { records, best };
  }, [JSON.stringify(scenario), simMs, runs]);
  if (typeof result.records !== 'number') throw new Error(`${name}: ${result.records}`);
  const perSec = Math.round(result.records / result.best * 1000);
  console.log(`${name} | ${simMs} | ${runs} | ${result.records} | ${result.best.toFixed(1)} | ${perSec} | ${(simMs / result.best).toFixed(2)}`);
}
console.log('');
console.log('sticky assignor scale test in wasm (500 topics x 2000 partitions, 2000 consumers)');
for (const strategy of ['sticky', 'cooperative-sticky']) {
  const [initial, rebalance] = await page.evaluate((s) => window.kafkaPlayground.assignScale(s, 500, 2000, 2000), strategy);
  console.log(`${strategy}: initial ${initial.toFixed(0)} ms, after one consumer leaves ${rebalance.toFixed(0)} ms`);
}
await browser.close();
await server.close();
