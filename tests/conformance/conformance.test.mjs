// The GP client against an independent server: `phr import gp` signs in to oidc-provider
// through headless Chromium as the system browser (xdg-open hands it to $BROWSER, our
// browser.mjs), and imports the record from the FHIR facade in pages (server.mjs).
//
// Reads PHR_BIN (the `phr` to test; default target/debug/phr).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PERSON, startPractice } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PHR = resolve(process.env.PHR_BIN ?? join(here, '../../target/debug/phr'));
const PASSPHRASE = 'orbit lantern meadow copper quietly fox';

let work;
let env;
let personId;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'phr-conformance-'));
  // Only what the sign-in needs: a desktop session would send xdg-open to its own browser.
  env = {
    PATH: process.env.PATH,
    HOME: work,
    PHR_VAULT_DIR: join(work, 'vault'),
    PHR_PASSPHRASE: PASSPHRASE,
    PHR_KDF_PROFILE: 'floor',
    BROWSER: `node ${join(here, 'browser.mjs')}`,
    PHR_CONFORMANCE_BROWSER_LOG: join(work, 'browser.log'),
  };
  phr(['init']);
  phr(['person', 'add', '--name', PERSON.name, '--dob', PERSON.dob, '--me']);
  const people = JSON.parse(phr(['person', 'list', '--json']).stdout);
  personId = (people.people ?? people)[0].id;
});

after(async () => {
  // The last browser may still be closing, and writing under this home, as phr finishes.
  if (work) await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
});

function phr(args, { allowFail = false } = {}) {
  const r = spawnSync(PHR, args, { env, encoding: 'utf8', timeout: 120_000 });
  if (!allowFail && r.status !== 0) assert.fail(`phr ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r;
}

/** `phr import gp` in the background (it waits for the browser's redirect), with its output;
 * `browser` sets the browser's PHR_CONFORMANCE_ variables. */
function importGp(url, browser = {}) {
  return new Promise((resolve) => {
    const child = spawn(PHR, ['import', 'gp', '--url', url, '--person', personId], { env: { ...env, ...browser } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, out }); });
  });
}

async function browserLog() {
  return readFile(env.PHR_CONFORMANCE_BROWSER_LOG, 'utf8').catch(() => '(no browser log)');
}

test('a public client with PKCE S256 signs in through real pages and imports every page', async () => {
  const practice = await startPractice();
  try {
    const { status, out } = await importGp(practice.url);
    assert.equal(status, 0, `phr import gp succeeded:\n${out}\n${await browserLog()}`);

    const [authorize] = practice.calls.authorize;
    assert.ok(authorize, 'the browser reached the authorization endpoint');
    assert.equal(authorize.response_type, 'code');
    assert.equal(authorize.code_challenge_method, 'S256');
    assert.match(authorize.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(authorize.aud, practice.url, 'aud names the FHIR service');
    assert.equal(authorize.resource, practice.url, 'resource (RFC 8707) names the FHIR service');
    assert.match(authorize.redirect_uri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/, 'a loopback redirect on a port of its own');
    assert.match(authorize.scope, /patient\/\*\.rs/, 'SMART v2 scopes, as the server offers them');
    assert.ok(authorize.state && authorize.state.length >= 16, 'a state');

    const everything = practice.calls.fhir.filter((p) => p.includes('$everything'));
    assert.equal(everything.length, practice.pages, 'every page of $everything was fetched');
  } finally {
    await practice.stop();
  }
});

/** A sign-in that fails: phr exits non-zero, quickly (not after its 5-minute wait), with `words`. */
async function refused(practice, browser, words) {
  const started = Date.now();
  const { status, out } = await importGp(practice.url, browser);
  assert.notEqual(status, 0, `phr import gp failed:\n${out}`);
  assert.ok(Date.now() - started < 60_000, `it said so at once, not after a timeout:\n${out}`);
  assert.match(out, words, `${out}\n${await browserLog()}`);
  assert.match(out, /nothing was imported|Nothing was imported|not imported/i, out);
  return out;
}

test('a person who says no at the consent screen is told that access was not given', async () => {
  const practice = await startPractice();
  try {
    await refused(practice, { PHR_CONFORMANCE_CONSENT: 'deny' }, /Access to your GP record was not given/);
    assert.equal(practice.calls.token.length, 0, 'no code was exchanged');
  } finally {
    await practice.stop();
  }
});

test('a server that only serves confidential clients is refused before anyone signs in', async () => {
  const practice = await startPractice({ scenario: { confidentialOnly: true } });
  try {
    await refused(practice, {}, /cannot sign in to it safely/);
    assert.equal(practice.calls.authorize.length, 0, 'no browser reached the sign-in page');
  } finally {
    await practice.stop();
  }
});

test('a server without S256 is refused before anyone signs in', async () => {
  const practice = await startPractice({ scenario: { noS256: true } });
  try {
    await refused(practice, {}, /cannot sign in to it safely/);
    assert.equal(practice.calls.authorize.length, 0, 'no browser reached the sign-in page');
  } finally {
    await practice.stop();
  }
});

test('a redirect whose state does not match is refused and its code never exchanged', async () => {
  const practice = await startPractice({ scenario: { tamper: 'state' } });
  try {
    await refused(practice, {}, /did not match the request this app made/);
    assert.equal(practice.calls.token.length, 0, 'no code was exchanged');
  } finally {
    await practice.stop();
  }
});

test('a redirect naming another issuer (RFC 9207) is refused and its code never exchanged', async () => {
  const practice = await startPractice({ scenario: { tamper: 'iss' } });
  try {
    await refused(practice, {}, /did not come from the practice's sign-in service/);
    assert.equal(practice.calls.token.length, 0, 'no code was exchanged');
  } finally {
    await practice.stop();
  }
});

test('a code the server no longer honours (invalid_grant) is reported', async () => {
  const practice = await startPractice({ scenario: { tamper: 'code' } });
  try {
    await refused(practice, {}, /invalid_grant.*had run out or had been used already/);
    assert.equal(practice.calls.token.length, 1, 'the code was offered once');
  } finally {
    await practice.stop();
  }
});

test('a token response that names no patient says the practice did not say whose record it is', async () => {
  const practice = await startPractice({ scenario: { missingPatient: true } });
  try {
    await refused(practice, {}, /whose GP record/i);
    assert.equal(practice.calls.fhir.filter((p) => p.includes('$everything')).length, 0, 'no record was fetched');
  } finally {
    await practice.stop();
  }
});
