// End to end, the stage on a 390×844 phone: the controls, the start card and an open lesson
// shrink so the stage starts within the first screen, no control is cut off (nothing but the
// stage's own frame scrolls sideways), and the stage scrolls sideways inside its frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchBrowser, openPlayground } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist(process.env.DIST || undefined);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Every control of the toolbar and the lesson panel is wholly inside the 390 px width. */
async function assertNoControlCutOff(page, what) {
  const cut = await page.evaluate(() => [...document.querySelectorAll('.controls button, .controls select, .controls input, #lesson button, #lesson a, #lesson summary')]
    .filter((e) => e.offsetParent !== null)
    .map((e) => [e.id || e.textContent.trim().slice(0, 20), e.getBoundingClientRect()])
    .filter(([, r]) => r.left < 0 || r.right > 390)
    .map(([n, r]) => `${n} ${Math.round(r.left)}..${Math.round(r.right)}`));
  assert.deepEqual(cut, [], `${what}: no control is cut off`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390),
    `${what}: the page itself does not scroll sideways`);
}

test('on a 390×844 phone the stage starts within the first screen and scrolls inside its frame', async () => {
  const { page, context, errors } = await openPlayground(browser, server.url, PHONE);
  const top = async () => Math.round((await page.locator('#stage').boundingBox()).y);
  const first = await top();
  assert.ok(first <= 450, `the default scenario's stage starts at ${first} px, within the first half screen`);
  await assertNoControlCutOff(page, 'the default scenario');
  const frame = await page.evaluate(() => {
    const f = document.querySelector('.stage-scroll');
    return { scroll: f.scrollWidth, client: f.clientWidth, overflow: getComputedStyle(f).overflowX };
  });
  assert.equal(frame.overflow, 'auto');
  assert.ok(frame.scroll > frame.client, `the stage scrolls sideways in its frame: ${JSON.stringify(frame)}`);
  // With a lesson open, its steps and checks scroll in their own boxes, and the stage still
  // starts within the first screen with room to see it.
  const href = await page.getAttribute('a[data-lesson="idle-consumer"]', 'href');
  await page.goto(server.url + href);
  await page.waitForSelector('#lesson');
  const inLesson = await top();
  assert.ok(inLesson + 250 <= 844, `in a lesson the stage starts at ${inLesson} px, 250 px of it on the first screen`);
  await assertNoControlCutOff(page, 'a lesson');
  assert.deepEqual(errors, []);
  await context.close();
});
