#!/usr/bin/env node
// The "system browser" of the conformance tests and the desktop end-to-end suites: xdg-open
// hands it the sign-in address (it is $BROWSER), and it signs in through the practice's real
// pages in headless Chromium (Debian's, driven by playwright-core; nothing is downloaded):
// oidc-provider's login form, then its consent screen, or the demo practice's (phr-gp-sandbox)
// approval page, where it approves the patient whose row holds PHR_SANDBOX_APPROVE (a name;
// the first patient without it), until the practice redirects to the app's loopback listener
// and its page has loaded. It logs in as PHR_CONFORMANCE_LOGIN (default `sam.okafor`). What
// to do at consent comes from PHR_CONFORMANCE_CONSENT (`allow`,
// the default, or `deny`); what it saw goes to PHR_CONFORMANCE_BROWSER_LOG when set.

import { appendFileSync } from 'node:fs';

import { chromium } from 'playwright-core';

const url = process.argv[2];
const consent = process.env.PHR_CONFORMANCE_CONSENT ?? 'allow';
const logFile = process.env.PHR_CONFORMANCE_BROWSER_LOG;
const log = (line) => { if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`); };

log(`started for ${url}`);
const options = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
// A launch can fail on a busy machine (Chromium's first start); once more before giving up,
// and what went wrong is logged either way.
let browser;
for (let attempt = 1; !browser; attempt += 1) {
  try {
    browser = await chromium.launch(options);
  } catch (e) {
    log(`launch ${attempt} failed: ${e.message}`);
    if (attempt >= 2) process.exit(1);
  }
}
try {
  const page = await browser.newPage();
  log(`open ${url}`);
  await page.goto(url);
  // Until the loopback listener's page: log in, consent, each as the page asks.
  for (let step = 0; step < 6; step += 1) {
    const here = page.url();
    log(`at ${here}`);
    if (/^http:\/\/127\.0\.0\.1:\d+\/callback/.test(here)) break;
    const approve = page.locator('[data-testid^="approve-"]');
    if (await approve.count()) {
      // The demo practice's page: a table of its made-up patients, an Approve button each.
      const who = process.env.PHR_SANDBOX_APPROVE;
      const button = who ? page.locator('tr', { hasText: who }).locator('[data-testid^="approve-"]') : approve;
      log(`approve ${who ?? 'the first patient'}`);
      await Promise.all([page.waitForNavigation(), button.first().click()]);
    } else if (await page.locator('input[name="login"]').count()) {
      await page.fill('input[name="login"]', process.env.PHR_CONFORMANCE_LOGIN ?? 'sam.okafor');
      await page.fill('input[name="password"]', 'any');
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    } else if (await page.locator('form button[type="submit"]').count()) {
      if (consent === 'deny') {
        // oidc-provider's consent page has no "deny" button: going to its abort address is
        // what a person cancelling does.
        const abort = page.url().replace(/\/?(\?.*)?$/, '/abort');
        log(`deny: ${abort}`);
        await page.goto(abort);
      } else {
        await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
      }
    } else {
      await page.waitForTimeout(500);
    }
  }
  log(`done at ${page.url()}: ${(await page.textContent('body'))?.slice(0, 300)}`);
} catch (e) {
  log(`failed: ${e.message}`);
} finally {
  await browser.close();
}
