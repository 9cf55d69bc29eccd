// End to end, the stage as a newcomer sees it at 1400×900: in the idle-consumer lesson the idle
// consumer, and in the min.insync.replicas lesson the stopped brokers, are labelled in words and
// inside the viewport without scrolling; and the owner links' labels follow a rebalance.
// Also what moves: the commit running ahead of processing, the loss it causes, a truncated
// tail, and the links an eager or a cooperative rebalance drops.
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

const link = (scenario) => `#v1.${Buffer.from(JSON.stringify(scenario)).toString('base64url')}`;

async function openLesson(page, id) {
  const href = await page.getAttribute(`a[data-lesson="${id}"]`, 'href');
  await page.goto(server.url + href);
  await page.waitForSelector('#lesson');
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
}

/** Asserts the element is wholly inside the 1400×900 viewport and the page is not scrolled. */
async function assertAboveTheFold(page, locator, what) {
  const box = await locator.boundingBox();
  assert.ok(box, `${what} is drawn`);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page is not scrolled');
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 1400 && box.y + box.height <= 900,
    `${what} is inside the viewport: ${JSON.stringify(box)}`);
}

test('Groups 1: the idle consumer is labelled and on screen without scrolling', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await openLesson(page, 'idle-consumer');
  const idle = page.locator('#stage g.consumer[aria-label$="(group orders-service): idle, no partition"]');
  await idle.first().waitFor({ timeout: 30_000 });
  assert.equal(await idle.count(), 1, 'one member is idle');
  await assertAboveTheFold(page, idle, 'the idle consumer');
  // The six busy ones are drawn too, each linked from the partition it reads.
  assert.equal(await page.locator('#stage g.consumer').count(), 7);
  assert.equal(await page.locator('#stage g.owner-link').count(), 6);
  await assertAboveTheFold(page, page.locator('#stage'), 'the whole stage');
  await assertAboveTheFold(page, page.locator('#lesson .claims'), "the lesson's checks");
  assert.deepEqual(errors, []);
  await context.close();
});

test('Replication 4: the stopped brokers are labelled and on screen without scrolling', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await openLesson(page, 'min-insync-replicas');
  await page.selectOption('#speed', '5');
  for (const broker of [1, 3]) {
    // Crashed at 5 s and 16 s, each is fenced (and leaves the ISR) 8 to 9 s later.
    const head = page.locator(`#stage g.broker-head[aria-label^="broker ${broker}: stopped, fenced"]`);
    await head.waitFor({ timeout: 30_000 });
    await assertAboveTheFold(page, head, `broker ${broker}`);
    const replica = page.locator(`#stage g.replica-chip[aria-label^="payments-0 on broker ${broker}: follower, out of sync, broker stopped"]`);
    assert.equal(await replica.count(), 1, `broker ${broker}'s replica says it is down`);
  }
  assert.match(await page.getAttribute('#stage g.broker-head[data-broker="2"]', 'aria-label'), /^broker 2: running, leads 1 partition$/);
  await assertAboveTheFold(page, page.locator('#stage'), 'the whole stage');
  assert.match(await page.textContent('#stage-news'), /broker \d/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the owner links' labels follow a rebalance", async () => {
  // Three consumers share six partitions; a fourth joins at 40 s and the range assignor gives
  // it orders-5, which c3 read before.
  const scenario = {
    version: 1, producer: { rate_per_sec: 30 },
    groups: [{ group_id: 'orders-service', members: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }] }],
    actions: [{ at_ms: 40000, type: 'group', group: 0, do: 'add_member', name: 'c4' }],
    view: { speed: 1 },
  };
  const { page, context, errors } = await openPlayground(browser, server.url + link(scenario));
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  const owners = () => page.$$eval('#stage g.owner-link', (ls) => Object.fromEntries(ls.map((l) => [l.dataset.partition, l.getAttribute('aria-label')])));
  await page.waitForFunction(() => document.querySelectorAll('#stage g.owner-link').length === 6, null, { timeout: 30_000 });
  assert.ok(await page.evaluate(() => window.kafkaPlayground.nowMs()) < 40_000, 'read before c4 joins');
  const before = await owners();
  assert.equal(before['5'], 'orders-5: read by c3 (group orders-service)');
  await page.selectOption('#speed', '5');
  await page.waitForFunction(() => document.querySelector('#stage g.owner-link[data-partition="5"]')
    ?.getAttribute('aria-label').includes('read by c4'), null, { timeout: 60_000 });
  const after = await owners();
  assert.equal(after['5'], 'orders-5: read by c4 (group orders-service)');
  assert.match(await page.getAttribute('#stage g.consumer[data-member="c4"]', 'aria-label'),
    /^consumer c4 \(group orders-service\): (fetching|processing); orders-5 at position/);
  assert.match(await page.textContent('#stage-news'), /rebalance of orders-service: generation \d+/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** Polls the page on every animation frame until `probe` (run in the page) returns truthy. */
const seen = (page, probe, arg, timeout = 60_000) => page.waitForFunction(probe, arg, { timeout, polling: 'raf' });

test('Groups 6: auto-commit with workers commits ahead of processing, and the stage marks the gap and then the loss', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await openLesson(page, 'auto-commit-loss');
  await page.selectOption('#speed', '2');
  // Before the crash at 15 s: the red gap on a row of auto-workers, with its count and words.
  const gap = page.locator('#stage g.progress[data-group="auto-workers"] g.commit-gap');
  await gap.first().waitFor({ timeout: 30_000 });
  assert.ok(Number(await gap.first().getAttribute('data-records')) > 0);
  assert.match(await gap.first().getAttribute('aria-label'),
    /^orders-\d, group auto-workers: committed \d+ but c\d has processed only to \d+; a crash now loses \d+ records?$/);
  assert.equal(await page.locator('#stage g.progress[data-group="commit-after"] g.commit-gap').count(), 0,
    'commit after processing never commits ahead');
  // Each member shows the record it is processing.
  assert.ok(await page.locator('#stage g.consumer[data-group="auto-workers"] g.working').count() >= 1);
  // After the crash: the loss is counted on a row, with its time, and on the group's name line.
  await seen(page, () => [...document.querySelectorAll('#stage .row-flags')].some((t) => / lost 15\.0s$/.test(t.textContent)));
  assert.match(await page.getAttribute('#stage .group-flags', 'aria-label'), /^ledger of group auto-workers: \d+ records lost/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Replication 5: the replica truncated after the unclean election shows its tail with count and range', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await openLesson(page, 'unclean-election');
  await page.selectOption('#speed', '5');
  const tail = page.locator('#stage g.truncated-tail[data-broker="2"]');
  await tail.waitFor({ timeout: 60_000 });
  const records = Number(await tail.getAttribute('data-records'));
  const [from, to] = [Number(await tail.getAttribute('data-from')), Number(await tail.getAttribute('data-to'))];
  assert.ok(records > 0);
  assert.equal(to - from + 1, records);
  assert.match(await tail.getAttribute('aria-label'),
    new RegExp(`^payments-0 on broker 2: ${records} records truncated at \\d+\\.\\d{3} s, offsets ${from} to ${to}, (at least )?\\d+ of them lost acknowledged writes$`));
  assert.equal(await tail.locator('.tail-count').textContent(), `✂ ${records} cut`);
  await assertAboveTheFold(page, tail, 'the truncated tail');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [protocol, assignors] of [['eager', ['range']], ['cooperative', ['cooperative-sticky']]]) {
  test(`a${protocol === 'eager' ? 'n' : ''} ${protocol} rebalance drops ${protocol === 'eager' ? 'every link' : 'only the moved partitions\' links'}`, async () => {
    // Three consumers share six partitions; a fourth joins at 8 s. They heartbeat every
    // 500 ms, so they learn of the rebalance soon and the slow-motion part stays short.
    const scenario = {
      version: 1, producer: { rate_per_sec: 30 },
      groups: [{ group_id: 'g', assignors, heartbeat_interval_ms: 500, members: [{ name: 'c1' }, { name: 'c2' }, { name: 'c3' }] }],
      actions: [{ at_ms: 8000, type: 'group', group: 0, do: 'add_member', name: 'c4' }],
      view: { speed: 1 },
    };
    const { page, context, errors } = await openPlayground(browser, server.url + link(scenario));
    if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
    await seen(page, () => document.querySelectorAll('#stage g.owner-link').length === 6);
    // Every frame from here on: how many links and stubs each frame drew while a partition waited.
    await page.evaluate(() => {
      window.__frames = [];
      const tick = () => {
        const links = document.querySelectorAll('#stage g.owner-link').length;
        const stubs = document.querySelectorAll('#stage g.unowned').length;
        if (stubs > 0) window.__frames.push([links, stubs, document.querySelector('#stage g.unowned')?.getAttribute('aria-label')]);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    // At 0.1× from just before c4 joins at 8 s, so each frame of the rebalance is seen.
    await seen(page, () => window.kafkaPlayground.nowMs() >= 7_850);
    await page.selectOption('#speed', '0.1');
    await seen(page, () => document.querySelector('#stage g.consumer[data-member="c4"]')?.getAttribute('aria-label').includes('at position'), null, 90_000);
    const frames = await page.evaluate(() => window.__frames);
    assert.ok(frames.length > 0, 'some frame drew a partition waiting for an owner');
    for (const [links, stubs] of frames) assert.equal(links + stubs, 6, 'each row is linked or waits');
    assert.match(frames[0][2], /^orders-\d: no owner in group g, waiting for the rebalance$/);
    if (protocol === 'eager') {
      assert.ok(frames.some(([links]) => links === 0), 'eager: every link drops at once');
    } else {
      assert.ok(frames.every(([links]) => links > 0), 'cooperative: the partitions that stay keep their links');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
