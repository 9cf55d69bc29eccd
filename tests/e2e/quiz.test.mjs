// End to end, predictions and Quiz me: a lesson opened in quiz mode pauses and asks, a click on
// the stage's partition answers it right, a wrong choice is graded wrong with the engine's
// answer highlighted, the scores survive a reload and can be cleared, and a Quiz me link opens
// its question (a key's partition, a write, and a Kafka 4 consumer-protocol rebalance).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPlayground } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Kafka's murmur2 (Utils.murmur2), written again here so the test does not trust the page. */
function murmur2(text) {
  const bytes = Buffer.from(text, 'utf8');
  const m = 0x5bd1e995;
  const length = bytes.length;
  let h = (0x9747b28c ^ length) | 0;
  for (let i = 0; i + 4 <= length; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  switch (length % 4) {
    case 3: h ^= bytes[tail + 2] << 16; // falls through
    case 2: h ^= bytes[tail + 1] << 8; // falls through
    case 1: h ^= bytes[tail]; h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}
const partitionOf = (key, n) => (murmur2(key) & 0x7fffffff) % n;

/** Opens lesson `id` in quiz mode through its link in the lesson list. */
async function openQuizLesson(page, id) {
  if ((await page.locator(`a[data-lesson="${id}"]`).count()) === 0) {
    await page.goto(server.url);
    await page.waitForSelector('#stage');
  }
  const href = await page.getAttribute(`a[data-lesson="${id}"]`, 'href');
  await page.goto(`${server.url}?quiz${href}`);
  await page.waitForSelector('#lesson');
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
}

test('a lesson prediction answered right on the stage, then one answered wrong; the scores persist across a reload and clear', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await openQuizLesson(page, 'order-state-machine-fixed');
  await page.waitForSelector('#prediction-question', { timeout: 30_000 });
  assert.match(await page.textContent('#prediction-question'), /order-77/);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false', 'the run pauses to ask');
  const right = partitionOf('order-77', 6);
  await page.click(`#stage g.partition-row[data-row="${right}"]`);
  await page.waitForSelector('#prediction-verdict');
  assert.match(await page.textContent('#prediction-verdict'), /^Right: .*orders-\d+|^Right:/);
  assert.match(await page.textContent('#prediction-verdict .right-answer'), new RegExp(`-${right}$`));
  assert.match(await page.textContent('#prediction-why'), /murmur2\("order-77"\)/);
  assert.match(await page.textContent('#prediction-score'), /1 of 1 right/);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'true', 'the run goes on');
  assert.match(page.url(), /\?quiz#/, 'the address keeps quiz mode');

  await openQuizLesson(page, 'unclean-election');
  await page.waitForSelector('#prediction-question', { timeout: 30_000 });
  await page.click('#prediction .choice[data-choice="none"]');
  await page.waitForSelector('#prediction-verdict.wrong', { timeout: 30_000 });
  assert.match(await page.textContent('#prediction-verdict'), /Not quite: you said none; the engine's answer is (a few|many)/);
  assert.match(await page.textContent('#prediction-score'), /0 of 1 right/);

  await page.reload();
  await page.waitForSelector('#prediction');
  assert.match(await page.textContent('#prediction-score'), /0 of 1 right/, 'the wrong answer is remembered');
  await page.click('#quiz-progress summary');
  const row = (id) => page.textContent(`#quiz-progress tr[data-progress="${id}"] .progress-score`);
  assert.equal(await row('order-state-machine-fixed'), '1 of 1 right');
  assert.equal(await row('unclean-election'), '0 of 1 right');
  assert.equal(await row('min-insync-replicas'), 'not tried');
  await page.click('#quiz-clear');
  assert.equal(await row('order-state-machine-fixed'), 'not tried');
  await page.reload();
  await page.waitForSelector('#prediction');
  assert.match(await page.textContent('#prediction-score'), /0 of 1 right \(1 not answered yet\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('outside quiz mode a lesson plays on and offers to ask', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  const href = await page.getAttribute('a[data-lesson="unclean-election"]', 'href');
  await page.goto(server.url + href);
  await page.waitForSelector('#prediction-start');
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  await page.waitForFunction(() => window.kafkaPlayground?.nowMs() > 1500, null, { timeout: 15_000 });
  assert.equal(await page.locator('#prediction-question').count(), 0, 'nothing is asked');
  await page.click('#prediction-start');
  await page.waitForSelector('#prediction-question', { timeout: 30_000 });
  assert.match(page.url(), /\?quiz#/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a Quiz me link opens its question, a right answer is graded right, and Next draws another', async () => {
  const { page, context, errors } = await openPlayground(browser, `${server.url}?quizme=key.42`);
  await page.waitForSelector('#quiz-me[open]');
  const words = await page.textContent('#quiz-question');
  const [, key, n] = words.match(/key (\S+) to a topic with (\d+) partitions/);
  const right = partitionOf(key, Number(n));
  await page.click(`#quiz-me .choice[data-choice="${right}"]`);
  await page.click('#quiz-check');
  assert.equal(await page.textContent('#quiz-verdict'), 'Right.');
  assert.match(await page.textContent('#quiz-why'), new RegExp(`% ${n} = ${right}`));
  assert.match(await page.textContent('#quiz-score'), /1 of 1 right/);
  await page.click('#quiz-next');
  assert.notEqual(await page.textContent('#quiz-question'), words);
  assert.match(page.url(), /\?quizme=key\.\d+#/);

  // Another kind, answered wrong on purpose: the engine's choices are highlighted.
  await page.selectOption('#quiz-kind', 'write');
  const question = await page.textContent('#quiz-question');
  assert.match(question, /Will the producer's writes of the next 10 s be acknowledged\?/);
  await page.click('#quiz-check');
  assert.match(await page.textContent('#quiz-verdict'), /Not quite/);
  assert.equal(await page.locator('#quiz-me .choice.right').count(), 1);
  await page.reload();
  await page.waitForSelector('#quiz-me[open]');
  assert.equal(await page.textContent('#quiz-question'), question, 'the link names the question');

  // Kafka 4: a consumer-protocol rebalance, answered wrong on purpose (every partition picked:
  // with two members or more left, each owns some), then its link reopens it.
  await page.selectOption('#quiz-kind', 'assign4');
  let kip848 = await page.textContent('#quiz-question');
  // Two members, one leaving, leaves one owner of everything: draw another until two remain.
  while (/^Static members c1, c2 \(.*stops/.test(kip848)) {
    await page.click('#quiz-check');
    await page.click('#quiz-next');
    kip848 = await page.textContent('#quiz-question');
  }
  assert.match(kip848, /group\.protocol=consumer/);
  assert.match(kip848, /group\.remote\.assignor=(uniform|range)/);
  assert.match(page.url(), /\?quizme=assign4\.\d+#/);
  for (const choice of await page.locator('#quiz-me .choice').all()) await choice.click();
  await page.click('#quiz-check');
  assert.match(await page.textContent('#quiz-verdict'), /Not quite/);
  assert.match(await page.textContent('#quiz-why'), /owns .* after\./);
  await page.reload();
  await page.waitForSelector('#quiz-me[open]');
  assert.equal(await page.textContent('#quiz-question'), kip848);
  assert.deepEqual(errors, []);
  await context.close();
});
