// End to end, as a user: the release build in headless Chromium. Produce a keyed record and
// check the partition it lands on, follow a share link, open a broken one, use the keyboard,
// and check that the browser's run hashes the same as the native engine's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, serveDist, launchBrowser, openPlayground, decodeFragment } from './support.mjs';

const OUTPUT = join(ROOT, 'tests/e2e/output');
let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The format's own default scenario (v1's frozen defaults): the page without a link opens on
// its own opening scenario instead (ui/opening.rs).
const V1_DEFAULT = `#v1.${Buffer.from('{"version":1}').toString('base64url')}`;

async function pause(page) {
  if ((await page.getAttribute('#play', 'aria-pressed')) === 'true') await page.click('#play');
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
}

// kafka-semantics.md §1: murmur2 and partition for 6 partitions.
const KEYS = [
  { key: 'vip-customer-42', murmur2: '-217666005', partition: '5' },
  { key: 'order-456', murmur2: '-1615991992', partition: '4' },
  { key: 'US', murmur2: '1897545176', partition: '2' },
];

/** Moves the pointer over each cell slot of a partition's row and returns the row's tooltip at
 * each (the cells are pixels on a canvas; the row's SVG box takes the pointer). */
async function pointAtCells(page, partition) {
  const row = page.locator(`#stage g.partition-row[data-row="${partition}"]`);
  const box = await row.locator('rect.row-bg').boundingBox();
  // Stage units: the row's box starts at x 232 and is 712 wide; cells start at 248, every 53.
  const scale = box.width / 712;
  const titles = [];
  for (let slot = 0; slot < 13; slot++) {
    await page.mouse.move(box.x + (248 + slot * 53 + 25 - 232) * scale, box.y + box.height / 2);
    const title = row.locator(':scope > title');
    if ((await title.count()) > 0) titles.push(await title.textContent());
  }
  await page.mouse.move(0, 0);
  return titles;
}

test('a produced keyed record lands on its murmur2 partition', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await pause(page);
  for (const { key, murmur2, partition } of KEYS) {
    await page.fill('#inspect-key', key);
    assert.equal(await page.textContent('#inspect-murmur2'), murmur2);
    assert.equal(await page.textContent('#inspect-partition'), `partition ${partition}`);
    await page.click('#produce-key');
    // Step until the record has travelled and been appended.
    const appended = new RegExp(`key ${key} was appended to partition ${partition}`);
    for (let i = 0; i < 40 && !appended.test(await page.textContent('#announce')); i++) await page.click('#step');
    assert.match(await page.textContent('#announce'), appended);
    // The cells are painted on a canvas: point at each one of the row's and read the row's
    // tooltip, which names the record under the pointer.
    const titles = await pointAtCells(page, partition);
    assert.ok(titles.some((t) => t.startsWith(`partition ${partition}, offset `) && t.includes(`key ${key},`)),
      `pointing along row ${partition} finds ${key}: ${titles.join(' | ')}`);
  }
  // Let it run a moment so the screenshot shows records in flight, then look at it.
  await page.click('#play');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(OUTPUT, 'playground.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

/** Where the cells' canvas sits against the stage's SVG, whether it has paint where each row's
 * first cell goes (the row's box, if not the cell), and how much just under the last row. */
async function canvasAgainstStage(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('#stage');
    const canvas = document.querySelector('.stage-cells');
    const s = svg.getBoundingClientRect();
    const c = canvas.getBoundingClientRect();
    const ctx = canvas.getContext('2d');
    const alphaAt = (x, y) => ctx.getImageData(Math.round((x - c.left) * canvas.width / c.width),
      Math.round((y - c.top) * canvas.height / c.height), 1, 1).data[3];
    // Stage units: the first cell spans x 248 to 298; the rows' boxes are the SVG's rect.row-bg.
    const unit = s.width / 1200;
    const boxes = [...svg.querySelectorAll('g.partition-row > rect.row-bg')].map((bg) => bg.getBoundingClientRect());
    const rows = boxes.map((b) => alphaAt(s.left + 273 * unit, b.top + b.height / 2));
    const below = alphaAt(s.left + 273 * unit, boxes.at(-1).bottom + 5 * unit);
    return { dx: c.left - s.left, dy: c.top - s.top, dw: c.width - s.width, dh: c.height - s.height, rows, below };
  });
}

test('the cells are painted under their rows, also after a lesson makes the stage shorter', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await page.waitForTimeout(1500);
  await pause(page);
  const href = await page.getAttribute('a[data-lesson="retries-reorder"]', 'href');
  for (const step of ['opening scenario', 'one-partition lesson']) {
    const at = await canvasAgainstStage(page);
    for (const d of ['dx', 'dy', 'dw', 'dh']) assert.ok(Math.abs(at[d]) < 1, `${step}: canvas ${d} ${at[d]}`);
    assert.ok(at.rows.length >= 1);
    // Each row is painted where its SVG box is, and nothing under the rows.
    for (const [i, alpha] of at.rows.entries()) assert.equal(alpha, 255, `${step}: row ${i} is painted under its box`);
    assert.equal(at.below, 0, `${step}: nothing painted under the last row`);
    if (step === 'opening scenario') {
      await page.goto(new URL(href, server.url).href);
      await page.waitForSelector('#lesson');
      if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
      await page.waitForTimeout(2500);
      await pause(page);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a share link reopens the same run', async () => {
  const { page, context } = await openPlayground(browser, server.url);
  await page.waitForTimeout(800);
  await pause(page);
  await page.fill('#inspect-key', 'order-123');
  await page.click('#produce-key');
  await page.fill('#grow', '8');
  await page.click('#grow-button');
  for (let i = 0; i < 5; i++) await page.click('#step');
  await page.click('#copy-link');
  const shown = await page.inputValue('#share-url');
  const fragment = await page.evaluate(() => window.kafkaPlayground.fragment());
  assert.equal(shown, `${server.url}#${fragment}`, 'the copy button shows the full link too');
  const original = await page.evaluate(() => window.kafkaPlayground.report());
  assert.equal(new URL(page.url()).hash, `#${fragment}`, 'the address bar carries the scenario');
  assert.equal(original.partition_count, 8);

  const reopened = await openPlayground(browser, `${server.url}#${fragment}`);
  const replayed = await reopened.page.evaluate(() => window.kafkaPlayground.report());
  assert.deepEqual(replayed, original);
  assert.equal(await reopened.page.getAttribute('#play', 'aria-pressed'), 'false', 'opens paused at the playhead');
  await reopened.context.close();
  await context.close();
});

test('a broken link opens the default scenario with a notice', async () => {
  for (const bad of ['#v1.not-base64!!', '#v42.abc', '#hello', '#v1z.AAAA']) {
    const { page, context, errors } = await openPlayground(browser, server.url + bad);
    const notice = await page.textContent('#notice');
    assert.match(notice, /could not be opened/);
    assert.match(notice, /default scenario/);
    assert.equal(await page.locator('#stage g.partition-row').count(), 6);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // One bad value: that part is reset, the rest of the link is kept, and the notice says so.
  const partly = { version: 1, seed: 9, producer: { rate_per_sec: 7 }, topic: { partitions: 0 } };
  const { page, context } = await openPlayground(browser, `${server.url}#v1.${Buffer.from(JSON.stringify(partly)).toString('base64url')}`);
  assert.match(await page.textContent('#notice'), /opened in part: topic.partitions: a topic needs at least 1 partition, so used the default main topic/);
  assert.equal((await page.evaluate(() => window.kafkaPlayground.report())).seed, 9);
  await context.close();
});

test('bad setup values are refused with a reason and the run goes on', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  for (const [value, reason] of [['0', /at least 1 partition/], ['100000', /limit of 256/], ['-2', /negative/], ['', /empty/], ['99999999999999999999', /far too large/]]) {
    await page.fill('#setup-partitions', value);
    await page.click('#apply-setup');
    assert.match(await page.textContent('#setup-error'), reason);
    assert.match(await page.textContent('#setup-error'), /Nothing was changed/);
    assert.equal(await page.locator('#stage g.partition-row').count(), 6);
  }
  await page.fill('#setup-partitions', '3');
  await page.click('#apply-setup');
  assert.equal(await page.locator('#stage g.partition-row').count(), 3);
  assert.equal(await page.locator('#setup-error').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson opens from its link and its claims are checked live', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await page.click('#lessons summary');
  await page.click('a[data-lesson="key-country"]');
  await page.waitForSelector('#lesson');
  assert.match(await page.textContent('#lesson-title'), /country code makes a hot partition/);
  assert.equal(await page.inputValue('#setup-keys'), 'weighted', 'the forms show the lesson scenario');
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  await page.waitForFunction(() => document.querySelectorAll('#lesson .claims li.holds').length === 3, null, { timeout: 60_000 });
  assert.equal(await page.locator('#lesson .claims li.fails').count(), 0);
  // The lesson is in the link too.
  const fragment = await page.evaluate(() => window.kafkaPlayground.fragment());
  const json = decodeFragment(fragment);
  assert.equal(json.lesson, 'key-country');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the sizing calculator applies its answer in one click', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await page.click('#sizing summary');
  await page.fill('#size-target', '250');
  await page.fill('#size-consumers', '3');
  await page.fill('#size-per', '20');
  assert.equal(await page.textContent('#size-result'), '→ at least 25 partitions');
  await page.fill('#size-per', 'fast');
  assert.match(await page.textContent('#sizing .field-error'), /not a number of MB\/s/);
  await page.fill('#size-per', '20');
  await page.click('#size-apply');
  assert.equal((await page.evaluate(() => window.kafkaPlayground.report())).partition_count, 25);
  // Past 16 partitions the stage folds to its 12 busiest rows and sums up the rest.
  assert.equal(await page.locator('#stage g.partition-row').count(), 12);
  assert.match(await page.textContent('#stage .fold-note'), /^\+13 partitions folded away/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the consumer group preview shows the seven-consumers-six-partitions idle member', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await page.click('#assign-preview summary');
  await page.fill('#preview-consumers', '7');
  for (const strategy of ['range', 'roundrobin', 'sticky', 'cooperative-sticky']) {
    assert.equal(await page.locator(`[data-strategy="${strategy}"] li.idle`).count(), 1, strategy);
  }
  await page.fill('#preview-group', 'polygenelubricants');
  assert.match(await page.textContent('#offsets-partition'), /partition 0 /, "hashCode is MIN_VALUE: Kafka's abs gives 0");
  // Range puts the idle member last in Java string order.
  assert.match(await page.textContent('[data-strategy="range"] li.idle'), /consumer-7/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a consumer group: add it, crash a member, and the link replays the same ledger', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url + V1_DEFAULT);
  await pause(page);
  await page.click('#add-group');
  await page.waitForSelector('.group-card[data-group="orders-service"]');
  assert.equal(await page.locator('.group-card tr.member').count(), 3);
  // Run past the initial rebalance delays (twice 3 s) at 25x.
  await page.selectOption('#speed', '25');
  await page.click('#play');
  await page.waitForFunction(() => window.kafkaPlayground.nowMs() > 8000);
  await pause(page);
  const card = page.locator('.group-card[data-group="orders-service"]');
  assert.match(await card.locator('h3').textContent(), /Stable · generation 1 · range \(EAGER\)/);
  assert.equal(await card.locator('tr.phase-consuming').count(), 3, 'three members consume after the first rebalance');
  await card.locator('button[aria-label="Crash c1"]').click();
  assert.match(await card.locator('tr[data-member="c1"] td.phase').textContent(), /crashed/);
  assert.equal(await page.locator('.ledger-chip[data-group="orders-service"]').count(), 1, 'the ledger stays in the toolbar');
  const report = await page.evaluate(() => window.kafkaPlayground.report());
  assert.equal(report.groups[0].group_id, 'orders-service');
  assert.equal(report.groups[0].members, 2);
  const fragment = await page.evaluate(() => window.kafkaPlayground.fragment());
  const reopened = await openPlayground(browser, `${server.url}#${fragment}`);
  assert.deepEqual(await reopened.page.evaluate(() => window.kafkaPlayground.report()), report, 'the crash replays from the link');
  assert.deepEqual(errors, []);
  await reopened.context.close();
  await context.close();
});

test('several topics: the stage switches topic with its tabs', async () => {
  const json = { version: 1, more_topics: [{ name: 'clicks', partitions: 3 }],
    more_producers: [{ topic: 'clicks', rate_per_sec: 50, keys: { kind: 'none' } }], view: { playhead_ms: 3000 } };
  const link = `${server.url}#v1.${Buffer.from(JSON.stringify(json)).toString('base64url')}`;
  const { page, context, errors } = await openPlayground(browser, link);
  assert.equal(await page.locator('.topic-tab').count(), 2);
  assert.equal(await page.locator('#stage [data-row]').count(), 6);
  await page.click('.topic-tab[data-topic="clicks"]');
  assert.equal(await page.locator('#stage [data-row]').count(), 3);
  assert.match(await page.textContent('#partitions-title'), /clicks/);
  assert.match(new URL(page.url()).hash, /^#v1z?\./, 'the topic on stage is part of the link');
  const report = await page.evaluate(() => window.kafkaPlayground.report());
  assert.equal(report.more_topics[0].topic, 'clicks');
  assert.ok(report.more_topics[0].records_appended > 100);
  assert.deepEqual(errors, []);
  await context.close();
});

test('time travel: scrub back, step back, fork; compare side by side; save and open a file', async () => {
  const json = { version: 1, producer: { rate_per_sec: 50 },
    groups: [{ group_id: 'g', processing_ms_per_record: 5, members: [{ name: 'c1' }, { name: 'c2' }] }],
    actions: [{ at_ms: 9000, type: 'set_rate', rate_per_sec: 10 }], view: { playhead_ms: 12000 } };
  const link = `${server.url}#v1.${Buffer.from(JSON.stringify(json)).toString('base64url')}`;
  const { page, context, errors } = await openPlayground(browser, link);
  const now = () => page.evaluate(() => window.kafkaPlayground.nowMs());
  assert.equal(await now(), 12000);
  await page.$eval('#scrubber', (el) => { el.value = '4000'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  assert.equal(await now(), 4000, 'the scrubber rewinds');
  assert.equal(await page.getAttribute('#scrubber', 'max'), '12000', 'the horizon stays');
  await page.click('#step-back');
  assert.ok((await now()) < 4000, 'step back goes to an earlier instant');
  await page.keyboard.press('ArrowLeft');
  // Acting in the past forks: the 9 s rate change is discarded.
  await page.fill('#rate', '30');
  await page.click('#producer-title ~ form button[type=submit]');
  assert.match(await page.textContent('.notice'), /1 later action were discarded|later action/);
  // Side by side.
  await page.click('#compare summary');
  await page.selectOption('#compare-pick', 'commit');
  await page.click('#compare-start');
  await page.waitForSelector('#compare-table');
  assert.match(await page.textContent('#compare-table thead'), /auto-commit every 5000 ms[\s\S]*commitSync after each poll/);
  assert.match(new URL(page.url()).hash, /^#v1/, 'the comparison is in the link');
  // Save as a file, then open it: the same run.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  const file = join(OUTPUT, 'saved-scenario.json');
  await download.saveAs(file);
  const saved = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(saved.view.compare, 'commit');
  const before = await page.evaluate(() => window.kafkaPlayground.report());
  const other = await openPlayground(browser, server.url);
  await other.page.setInputFiles('#import-json', file);
  await other.page.waitForFunction((t) => window.kafkaPlayground.nowMs() === t, before.until_ms);
  assert.deepEqual(await other.page.evaluate(() => window.kafkaPlayground.report()), before);
  assert.deepEqual(errors, []);
  await other.context.close();
  await context.close();
});

// Waits (up to 2 s) for the play button to say `value`: a key press is handled at once, but
// the button is redrawn on the next render, which a loaded machine may delay.
async function playPressed(page, value) {
  await page.waitForFunction(
    (v) => document.querySelector('#play').getAttribute('aria-pressed') === v,
    value,
    { timeout: 2000 },
  );
}

test('keyboard: space plays and pauses, "." steps, and controls are labelled', async () => {
  const { page, context } = await openPlayground(browser, server.url);
  await pause(page);
  await page.locator('body').click({ position: { x: 5, y: 890 } });
  await page.keyboard.press('Space');
  await playPressed(page, 'true');
  await page.keyboard.press('Space');
  await playPressed(page, 'false');
  const before = await page.evaluate(() => window.kafkaPlayground.nowMs());
  await page.keyboard.press('.');
  assert.ok((await page.evaluate(() => window.kafkaPlayground.nowMs())) > before);
  // A hidden tab pauses the run.
  await page.keyboard.press('Space');
  await playPressed(page, 'true');
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false');
  // Every form control has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
      .map((el) => el.outerHTML));
  assert.deepEqual(unnamed, []);
  await context.close();
});

test('reduced motion: nothing travels, arrivals are counted instead', async () => {
  const { page, context } = await openPlayground(browser, server.url, { reducedMotion: 'reduce' });
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false', 'does not autoplay');
  await page.click('#step');
  assert.equal(await page.locator('#stage g.dot').count(), 0);
  assert.match(await page.textContent('.stage figcaption'), /Reduced motion/);
  await context.close();
});

test('the browser run hashes the same as the native engine', async () => {
  const golden = await readFile(join(ROOT, 'tests/it/common/golden.rs'), 'utf8');
  const until = golden.match(/GOLDEN_UNTIL_MS: u64 = ([\d_]+)/)[1].replaceAll('_', '');
  const hash = golden.match(/GOLDEN_TRACE_HASH: &str = "([0-9a-f]+)"/)[1];
  // The default scenario with its playhead at the golden time.
  const { page, context } = await openPlayground(browser, server.url + V1_DEFAULT);
  const fragment = await page.evaluate(() => window.kafkaPlayground.fragment());
  const json = decodeFragment(fragment);
  json.actions = [];
  json.view = { ...(json.view ?? {}), playhead_ms: Number(until) };
  const link = `${server.url}#v1.${Buffer.from(JSON.stringify(json)).toString('base64url')}`;
  const other = await openPlayground(browser, link);
  const report = await other.page.evaluate(() => window.kafkaPlayground.report());
  assert.equal(report.until_ms, Number(until));
  assert.equal(report.trace_hash, hash);
  await other.context.close();
  await context.close();
});

test('export: the panel shows what recreates the lesson on a real cluster, and copies a block', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url, {
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await page.click('#lessons summary');
  await page.click('a[data-lesson="min-insync-replicas"]');
  await page.waitForSelector('#lesson');
  await page.click('#export summary');
  const topics = page.locator('#export figure', { hasText: 'Create the topics' });
  await topics.waitFor();
  const text = await topics.locator('pre').textContent();
  assert.match(text, /kafka-topics\.sh --bootstrap-server localhost:9092 --create --topic payments/);
  assert.match(text, /--config min\.insync\.replicas=2/);
  assert.match(await page.textContent('#export'), /crash broker 1/);
  await topics.locator('button').click();
  assert.equal(await topics.locator('button').textContent(), 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.deepEqual(errors, []);
  await context.close();
});

test('import: a pasted topic describe opens as a run, and a cut-off one names its line', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  await page.click('#import summary');
  const describe = [
    'Topic: payments\tTopicId: 6Uj1Zq7nTqOh9pQdXlc4Hw\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2',
    '\tTopic: payments\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: ',
    '\tTopic: payments\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: ',
  ].join('\n');
  await page.fill('#import-text', describe);
  await page.click('#import-open');
  assert.match(await page.textContent('#import-error'), /line 1: topic payments: PartitionCount: 3 but 2 partition lines follow/);
  const fragmentBefore = await page.evaluate(() => window.kafkaPlayground.fragment());
  await page.fill('#import-text', describe + '\n\tTopic: payments\tPartition: 2\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: ');
  await page.click('#import-open');
  await page.waitForFunction((before) => window.kafkaPlayground.fragment() !== before, fragmentBefore);
  const json = decodeFragment(await page.evaluate(() => window.kafkaPlayground.fragment()));
  assert.equal(json.topic.name, 'payments');
  assert.equal(json.topic.partitions, 3);
  assert.equal(json.topic.min_insync_replicas, 2);
  assert.equal(await page.locator('#import-error').count(), 0);

  // The topic describe and a group's offsets view in one paste: the group starts from its
  // committed offsets, the logs end at LOG-END-OFFSET; a bad offset names its line.
  const group = [
    '',
    'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID',
    'billing         payments        0          1500            1520            20              -               -               -',
    'billing         payments        2          -               95              -               -               -               -',
  ].join('\n');
  const whole = describe + '\n\tTopic: payments\tPartition: 2\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: \n' + group;
  if (!(await page.locator('#import[open]').count())) await page.click('#import summary');
  await page.fill('#import-text', whole.replace('1500 ', '15x0 '));
  await page.click('#import-open');
  assert.match(await page.textContent('#import-error'), /line 7: CURRENT-OFFSET is "15x0", expected an offset/);
  const fragmentOne = await page.evaluate(() => window.kafkaPlayground.fragment());
  await page.fill('#import-text', whole);
  await page.click('#import-open');
  await page.waitForFunction((before) => window.kafkaPlayground.fragment() !== before, fragmentOne);
  const both = decodeFragment(await page.evaluate(() => window.kafkaPlayground.fragment()));
  assert.deepEqual(both.groups[0].committed_offsets, { 'payments-0': 1500 });
  assert.deepEqual(both.topic.starting_log_end_offsets, [1520, 0, 95]);
  assert.deepEqual(errors, []);
  await context.close();
});
