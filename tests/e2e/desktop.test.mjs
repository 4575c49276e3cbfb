// The desktop story, end to end through the real binary: first run, recovery key, lock,
// Ctrl + and Ctrl 0 on the unlock screen (the header drawn 1.5 times as high), a wrong
// passphrase, unlock, add a person, see them listed; then the webview's fences: no plugin or
// unknown command, and no navigation away from the app.
//
// Run by `cargo xtask e2e` (or `cargo xtask test`), which builds the app, finds tauri-driver
// and wraps this in xvfb-run. By hand, after a build, from the workspace root:
//   xvfb-run -a node --test tests/e2e/desktop.test.mjs
// Environment: PHR_DESKTOP_BIN (default target/debug/phr-desktop), TAURI_DRIVER (default
// tauri-driver on PATH), PHR_E2E_ARTIFACTS (default target/e2e-artifacts: a screenshot and
// the page source of the failing step, and of the final screen when not CI).

import { inflateSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { artifactsRoot, launchApp, verbose } from './webdriver.mjs';

const PASSPHRASE = 'otter lantern gravel harbour';
const PERSON = { name: 'Margaret Ellis', day: '5', month: '7', year: '1948', nhs: '943 476 5919' };

let app;
let session;
let step;

before(async () => {
  await rm(artifactsRoot, { recursive: true, force: true });
  app = await launchApp({ suite: 'desktop' });
  ({ session, step } = app);
});

after(async () => {
  await app?.stop();
});

test('first run: set up, recover key, lock, unlock, add a person', async () => {
  let recoveryKey;

  await step('first run asks for a new passphrase', async () => {
    // The first window can take a while on a cold, virtual display.
    await session.waitFor('passphrase', { timeout: 60_000 });
    await session.type('passphrase', PASSPHRASE);
    await session.type('passphrase-confirm', PASSPHRASE);
    await session.click('create-vault');
  });

  await step('the recovery key is shown once and confirmed', async () => {
    recoveryKey = (await session.waitForText('recovery-key', /\w{4}/, { timeout: 30_000 })).trim();
    const groups = recoveryKey.split(/[\s-]+/).filter(Boolean);
    assert.ok(groups.length >= 4, `a recovery key in groups, got ${JSON.stringify(recoveryKey)}`);
    await session.type('recovery-confirm-input', groups.at(-1));
    await session.click('recovery-continue');
  });

  await step('the vault locks', async () => {
    await session.click('lock-button');
    await session.waitFor('unlock-passphrase');
  });

  await step('Ctrl + enlarges the text and Ctrl 0 puts it back', async () => {
    const state = () =>
      session.executeAsync(
        `const [done] = arguments;
         done({ zoom: document.documentElement.style.zoom,
                value: document.querySelector('[data-testid=unlock-passphrase]').value,
                focus: document.activeElement && document.activeElement.getAttribute('data-testid') });`,
      );
    const before = await state();
    assert.equal(before.focus, 'unlock-passphrase', 'Unlock opens with the passphrase box focused');
    // WebKitGTK reports element sizes inside a zoom unzoomed, so the size is measured on the
    // screen: the height of the blue header band in a screenshot.
    const bandBefore = headerBand(await session.cmd('GET', '/screenshot'));
    assert.ok(bandBefore > 20, `a blue header ${bandBefore}px high at the normal size`);
    if (verbose) console.log(`header band at normal size: ${bandBefore}px`);
    // Ctrl held (U+E009) while = is pressed twice, then every key released (U+E000).
    const field = await session.waitFor('unlock-passphrase');
    await session.cmd('POST', `/element/${field}/value`, { text: '\uE009==\uE000' });
    await session.waitUntil('the text at 150 %', async () => (await state()).zoom === '150%');
    const bandAfter = await session.waitUntil('the header to be drawn larger', async () => {
      const band = headerBand(await session.cmd('GET', '/screenshot'));
      return band > bandBefore * 1.3 ? band : false;
    });
    assert.ok(bandAfter > bandBefore * 1.3, `the header grew from ${bandBefore}px to ${bandAfter}px`);
    if (verbose) console.log(`header band at 150 %: ${bandAfter}px`);
    await session.cmd('POST', `/element/${field}/value`, { text: '\uE0090\uE000' });
    await session.waitUntil('the text back to normal', async () => (await state()).zoom === '');
    assert.equal((await state()).value, '', 'the zoom keys typed nothing into the passphrase box');
  });

  await step('a wrong passphrase is refused with a message', async () => {
    await session.type('unlock-passphrase', 'not the passphrase at all');
    await session.click('unlock-submit');
    const message = await session.waitForText('unlock-error', /\S/, { timeout: 30_000 });
    assert.match(message, /password/i);
    // Still locked.
    assert.equal(await session.find('people-list'), null);
  });

  await step('the right passphrase unlocks', async () => {
    await session.type('unlock-passphrase', PASSPHRASE);
    await session.click('unlock-submit');
    await session.waitFor('add-person', { timeout: 30_000 });
  });

  await step('a person is added', async () => {
    await session.click('add-person');
    await session.type('person-name', PERSON.name);
    await session.type('dob-day', PERSON.day);
    await session.type('dob-month', PERSON.month);
    await session.type('dob-year', PERSON.year);
    await session.type('nhs-number', PERSON.nhs);
    await session.click('save-person');
  });

  await step('the person is listed', async () => {
    await session.waitFor('people-list');
    const row = await session.waitUntil(`a person-row naming ${PERSON.name}`, async () => {
      for (const row of await session.findAll('person-row')) {
        const text = await session.text(row);
        if (text.includes(PERSON.name)) return text;
      }
      return false;
    });
    assert.match(row.replace(/\s/g, ''), /9434765919/, `the NHS number in ${JSON.stringify(row)}`);
    assert.equal(await session.find('error-summary'), null, 'no error summary after saving');
  });

  if (verbose) await session.saveArtifacts(app.artifacts, 'passed-final');
});

// The capability file is the webview's fence: only the app's own commands. Asked from inside
// the real webview, a plugin command (registered in Rust, but not granted) and a command
// nobody registered must both be refused.
test('the webview cannot reach plugin or unknown commands', async () => {
  const outcome = (cmd, args) => session.executeAsync(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then(
       (value) => done({ ok: true, value: JSON.stringify(value) }),
       (error) => done({ ok: false, error: String(error?.message ?? JSON.stringify(error)) }));`,
    [cmd, args],
  );
  await step('a granted command answers', async () => {
    const status = await outcome('vault_status', {});
    assert.equal(status.ok, true, JSON.stringify(status));
  });
  await step('the dialog plugin is refused', async () => {
    const r = await outcome('plugin:dialog|open', { options: {} });
    assert.equal(r.ok, false, `plugin:dialog|open answered: ${JSON.stringify(r)}`);
    assert.match(r.error, /not allowed|denied|permission/i);
  });
  await step('an unregistered plugin is refused', async () => {
    const r = await outcome('plugin:fs|read_text_file', { path: '/etc/passwd' });
    assert.equal(r.ok, false, `plugin:fs answered: ${JSON.stringify(r)}`);
  });
});

// The navigation guard (src-tauri/src/navigation.rs): a compromised page that sets
// location.href to send out what it read is refused, and the app stays shown. Without the
// guard the page unloads, the callback never arrives and the step fails.
test('the webview cannot navigate away from the app', async () => {
  const page = () => session.executeAsync('const [done] = arguments; done(location.origin);');
  const own = await page();
  assert.match(own, /^(tauri:\/\/localhost|https?:\/\/tauri\.localhost)$/, `the app's own origin, got ${own}`);
  for (const address of ['https://example.invalid/?d=9434765919', 'http://127.0.0.1:9/', 'file:///etc/passwd', 'about:blank']) {
    await step(`going to ${address} is refused`, async () => {
      await session.executeAsync(
        `const [to, done] = arguments;
         location.href = to;
         setTimeout(() => done(true), 1500);`,
        [address],
      );
      assert.equal(await page(), own, `still on the app's page after trying ${address}`);
      await session.waitFor('people-list');
    });
  }
});

/**
 * How many rows from the top of a screenshot (base64 PNG, 8-bit RGB or RGBA) are the header's
 * NHS blue (#005eb8), down the column 4 pixels from the left edge.
 */
function headerBand(base64) {
  const png = Buffer.from(base64, 'base64');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const bpp = png[25] === 6 ? 4 : 3;
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * bpp;
  let prev = Buffer.alloc(stride);
  let rows = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter] ?? 0;
      line[i] = (line[i] + predictor) & 0xff;
    }
    const x = 4 * bpp;
    const blue = Math.abs(line[x] - 0x00) < 16 && Math.abs(line[x + 1] - 0x5e) < 16 && Math.abs(line[x + 2] - 0xb8) < 16;
    if (!blue && y > 0) break;
    if (blue) rows++;
    prev = line;
  }
  return rows;
}
