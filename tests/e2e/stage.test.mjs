// End to end, the stage as a newcomer sees it at 1400×900: in the idle-consumer lesson the idle
// consumer, and in the min.insync.replicas lesson the stopped brokers, are labelled in words and
// inside the viewport without scrolling; and the owner links' labels follow a rebalance.
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
