// End to end, what a new user runs into first: every lesson fits above the fold at 1400×900
// with its panel open, lessons start, step and point at the stage, Space neither scrolls nor
// warns, the skip link reaches the content first, the embed's table keeps its columns, a busy
// run says how fast it really goes, and "Copy link" does not move the page.
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

/** The element's box in viewport coordinates, rounded. */
async function box(page, selector) {
  return page.evaluate((s) => {
    const e = document.querySelector(s);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return { top: Math.floor(r.top), bottom: Math.ceil(r.bottom), left: Math.floor(r.left), right: Math.ceil(r.right) };
  }, selector);
}

function inside(b, width, height, what) {
  assert.ok(b, `${what} is on the page`);
  assert.ok(b.top >= 0 && b.left >= 0 && b.bottom <= height && b.right <= width,
    `${what} is inside the ${width}×${height} viewport: ${JSON.stringify(b)}`);
}

async function lessonLinks(page) {
  return page.$$eval('#start-here a[data-lesson]', (as) => as.map((a) => [a.dataset.lesson, a.getAttribute('href')]));
}

test('every lesson fits above the fold at 1400×900: controls, lesson panel and the whole stage', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  inside(await box(page, '.controls'), 1400, 900, 'the default scenario\'s controls');
  inside(await box(page, '#start-here'), 1400, 900, 'the start card');
  inside(await box(page, '#stage'), 1400, 900, 'the default scenario\'s stage');
  const lessons = await lessonLinks(page);
  assert.ok(lessons.length >= 30, `${lessons.length} lessons listed`);
  for (const [id, href] of lessons) {
    await page.goto(server.url + href);
    await page.waitForSelector('#lesson');
    assert.equal(await page.evaluate(() => window.scrollY), 0, `${id}: not scrolled`);
    inside(await box(page, '.controls'), 1400, 900, `${id}: the controls`);
    inside(await box(page, '#lesson'), 1400, 900, `${id}: the lesson panel`);
    inside(await box(page, '#stage'), 1400, 900, `${id}: the stage`);
    // Each lesson says where to look, and its outline names stage parts.
    assert.ok((await page.textContent('#look-at')).startsWith('Look at '), `${id}: a look-at line`);
    assert.equal(await page.locator('style[data-look-at]').count(), 1, `${id}: the outline style`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson starts with a button, steps to the next and previous, and lists every lesson', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  const [[firstId, firstHref], [secondId]] = await lessonLinks(page);
  await page.goto(server.url + firstHref);
  await page.waitForSelector('#lesson');
  // Opened paused at 0 s, with a cue; the watching checks say when they decide.
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  assert.match(await page.textContent('#lesson .claims'), /decides by about \d+ s/);
  await page.click('#lesson-start');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  assert.equal(await page.locator('#lesson-start').count(), 0, 'the start button goes once running');
  // The first lesson has no previous one; its next one is the second in the list.
  assert.equal(await page.locator('#lesson a[data-neighbour="prev"]').count(), 0);
  await page.click('#lesson a[data-neighbour="next"]');
  await page.waitForSelector(`#lesson .lesson-picker a[data-lesson="${secondId}"][aria-current]`, { state: 'attached' });
  await page.click('#lesson a[data-neighbour="prev"]');
  await page.waitForSelector(`#lesson .lesson-picker a[data-lesson="${firstId}"][aria-current]`, { state: 'attached' });
  // The whole list opens over the stage without moving it.
  const stageBefore = await box(page, '#stage');
  await page.click('#lesson .lesson-picker summary');
  assert.ok((await page.locator('#lesson .lesson-picker a[data-lesson]').count()) >= 30);
  assert.deepEqual(await box(page, '#stage'), stageBefore);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lesson outlines the part of the stage it points at', async () => {
  const { page, context } = await openPlayground(browser, server.url);
  const lessons = Object.fromEntries(await lessonLinks(page));
  await page.goto(server.url + lessons['isr-shrink-expand']);
  await page.waitForSelector('#lesson');
  const stroke = await page.evaluate(() => {
    const rect = document.querySelector('#stage .broker-head[data-broker="2"] > rect');
    const other = document.querySelector('#stage .broker-head[data-broker="1"] > rect');
    return [getComputedStyle(rect).strokeWidth, getComputedStyle(other).strokeWidth];
  });
  assert.equal(stroke[0], '3px', 'broker 2 is outlined');
  assert.notEqual(stroke[1], '3px', 'broker 1 is not');
  await context.close();
});

test('Space plays and pauses without scrolling or a passive-listener warning, also after the shortcuts dialog', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url);
  const warnings = [];
  page.on('console', (m) => { if (/preventDefault/.test(m.text())) warnings.push(m.text()); });
  const pressed = () => page.getAttribute('#play', 'aria-pressed');
  if ((await pressed()) === 'true') await page.click('#play');
  await page.evaluate(() => document.activeElement?.blur());
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight), 'the page can scroll');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space did not scroll');
  // Open the shortcuts with the mouse, close them with the mouse: the next Space still plays.
  await page.click('.help-button');
  await page.click('#shortcuts-close');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'true');
  // And with the keyboard.
  await page.keyboard.press('?');
  await page.waitForSelector('.shortcuts');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').getAttribute('aria-pressed') === 'false');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.deepEqual(warnings, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a skip link comes first, and the content comes before the sidebar in tab order', async () => {
  const { page, context } = await openPlayground(browser, server.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  inside(await box(page, '.skip-link'), 1400, 900, 'the focused skip link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('#start-here') !== null), 'the start card is next');
  // Tab stops before the stage: the masthead and the toolbar, the start card, nothing of the sidebar.
  const before = await page.evaluate(() => {
    const stage = document.querySelector('.stage-scroll');
    const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .filter((e) => e.tabIndex >= 0 && !e.disabled && e.checkVisibility());
    return focusable.filter((e) => stage.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING).length;
  });
  assert.ok(before <= 25, `${before} tab stops before the stage`);
  const sidebarFirst = await page.evaluate(() =>
    document.querySelector('.main').compareDocumentPosition(document.querySelector('.sidebar')) & Node.DOCUMENT_POSITION_FOLLOWING);
  assert.ok(sidebarFirst, 'the sidebar follows the content in the DOM');
  const [main, side] = [await box(page, '.main'), await box(page, '.sidebar')];
  assert.ok(side.right <= main.left, 'the sidebar is still drawn on the left');
  await context.close();
});

test('embed: the partition table keeps its columns, and the animation is above the fold at 800×500', async () => {
  const { page, context, errors } = await openPlayground(browser, `${server.url}?embed`, { viewport: { width: 800, height: 500 } });
  const columns = await page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0;
    const heads = [...document.querySelectorAll('table.partitions thead th')].filter(visible);
    const cells = [...document.querySelector('table.partitions tbody tr').children].filter(visible);
    return heads.map((h, i) => [h.textContent, Math.round(h.getBoundingClientRect().left), Math.round(cells[i]?.getBoundingClientRect().left ?? -1)]);
  });
  assert.equal(columns.length, 6, JSON.stringify(columns));
  for (const [name, head, cell] of columns) assert.equal(head, cell, `the ${name} column lines up`);
  const stage = await box(page, '#stage');
  assert.ok(stage.top < 500 && stage.bottom <= 500, `the stage is above the fold: ${JSON.stringify(stage)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a busy run at 100× says how fast it really runs', async () => {
  const busy = link({ version: 1, topic: { name: 'busy', partitions: 48 },
    producer: { rate_per_sec: 20000, latency_ms: 50, keys: { kind: 'entities', prefix: 'id-', count: 5000 } },
    view: { speed: 100 } });
  const { page, context } = await openPlayground(browser, server.url + busy);
  if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
  await page.waitForFunction(() => /running at [\d.]+× of 100×/.test(document.querySelector('.controls .behind')?.textContent ?? ''),
    null, { timeout: 30_000 });
  await context.close();
});

test('"Copy link" does not move the page', async () => {
  const { page, context } = await openPlayground(browser, server.url);
  const before = await box(page, '.controls');
  await page.click('#copy-link');
  await page.waitForSelector('.copied');
  assert.deepEqual(await box(page, '.controls'), before);
  await context.close();
});
