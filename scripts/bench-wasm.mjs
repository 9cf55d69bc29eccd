// Engine throughput in the browser: the scenarios of benches/scenarios.json run headless in
// the release wasm build inside headless Chromium, timed with performance.now(). Compare with
// `cargo bench --bench engine_throughput` (native) in the same session: the target is wasm
// within 2x of native. Needs `trunk build --release --offline` first.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, serveDist, launchBrowser, openPlayground } from '../tests/e2e/support.mjs';

const simMs = 20_000;
const scenarios = JSON.parse(await readFile(join(ROOT, 'benches/scenarios.json'), 'utf8'));
const server = await serveDist();
const browser = await launchBrowser();
const { page } = await openPlayground(browser, server.url);
await page.click('#play'); // pause the page's own animation so it does not compete
console.log(`engine throughput, wasm in headless Chromium, ${simMs} ms of sim time per run, best of 5`);
console.log('scenario | records | best ms | records/s');
for (const [name, scenario] of scenarios) {
  const result = await page.evaluate(([json, until]) => {
    let best = Infinity;
    let records = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      records = window.kafkaPlayground.runScenario(json, until);
      best = Math.min(best, performance.now() - start);
    }
    return { records, best };
  }, [JSON.stringify(scenario), simMs]);
  if (typeof result.records !== 'number') throw new Error(`${name}: ${result.records}`);
  console.log(`${name} | ${result.records} | ${result.best.toFixed(1)} | ${Math.round(result.records / result.best * 1000)}`);
}
console.log('');
console.log('sticky assignor scale test in wasm (500 topics x 2000 partitions, 2000 consumers)');
for (const strategy of ['sticky', 'cooperative-sticky']) {
  const [initial, rebalance] = await page.evaluate((s) => window.kafkaPlayground.assignScale(s, 500, 2000, 2000), strategy);
  console.log(`${strategy}: initial ${initial.toFixed(0)} ms, after one consumer leaves ${rebalance.toFixed(0)} ms`);
}
await browser.close();
await server.close();
