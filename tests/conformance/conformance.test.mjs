// The GP client against an independent server: `phr import gp` signs in to oidc-provider
// through headless Chromium as the system browser (xdg-open hands it to $BROWSER, our
// browser.mjs), and imports the record from the FHIR facade in pages (server.mjs).
//
// Reads PHR_BIN (the `phr` to test; default target/debug/phr).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
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
function importGp(url, browser = {}, extra = []) {
  return new Promise((resolve) => {
    const child = spawn(PHR, ['import', 'gp', '--url', url, '--person', personId, ...extra], { env: { ...env, ...browser } });
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

/** Every file under `dir`, read whole. */
async function everyFile(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push([join(e.parentPath ?? e.path, e.name), await readFile(join(e.parentPath ?? e.path, e.name))]);
  }
  return out;
}

/** `phr` in the background, for a command that talks to the practice: this process serves
 * the practice, so a synchronous spawn would block it from answering. */
function phrAsync(args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(PHR, args, { env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

/** A blood pressure the practice recorded after the person connected. */
const NEW_READING = {
  resourceType: 'Observation',
  id: 'conformance-new-bp',
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }], text: 'Systolic blood pressure' },
  effectiveDateTime: '2026-12-04T09:30:00Z',
  valueQuantity: { value: 128, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
};

test('staying connected: updates need no browser and ask for what changed, rotation is honoured, disconnecting revokes', async () => {
  const practice = await startPractice();
  try {
    const { status, out } = await importGp(practice.url, {}, ['--stay-connected']);
    assert.equal(status, 0, `phr import gp --stay-connected succeeded:\n${out}\n${await browserLog()}`);
    assert.match(out, /The app stays connected to/, out);
    const [authorize] = practice.calls.authorize;
    assert.match(authorize.scope, /(^| )offline_access( |$)/, 'lasting access is asked for');
    assert.equal(authorize.prompt, 'consent', 'OpenID Connect grants offline_access only with prompt=consent');
    assert.equal(practice.calls.refreshTokens.length, 1, 'the provider gave a refresh token');
    assert.match(phr(['gp', 'status', '--person', personId]).stdout, /^Connected to /);

    // An update with a browser that cannot start: none is needed.
    practice.addResource(NEW_READING);
    const noBrowser = { BROWSER: '/bin/false' };
    const update = await phrAsync(['gp', 'update', '--person', personId, '--json'], noBrowser);
    assert.equal(update.status, 0, `phr gp update succeeded:\n${update.stdout}${update.stderr}`);
    const report = JSON.parse(update.stdout);
    assert.equal(report.added, 1, 'the one resource changed since the import arrived');
    assert.equal(practice.calls.authorize.length, 1, 'no new sign-in');
    assert.equal(practice.calls.since.length, 1, 'only what changed was asked for (_since)');
    const refresh = practice.calls.token.filter((t) => t.grant_type === 'refresh_token');
    assert.equal(refresh.length, 1);
    assert.equal(refresh[0].resource, practice.url, 'the refresh names the resource too (RFC 8707)');
    // oidc-provider rotates a public client's refresh token: the second update works only
    // if the app kept the new one.
    assert.equal(practice.calls.refreshTokens.length, 2);
    assert.notEqual(practice.calls.refreshTokens[0], practice.calls.refreshTokens[1], 'rotated');
    const again = await phrAsync(['gp', 'update', '--person', personId, '--json'], noBrowser);
    assert.equal(again.status, 0, `the rotated token was kept and works:\n${again.stdout}${again.stderr}`);
    assert.equal(JSON.parse(again.stdout).added, 0);

    // No refresh token is in what phr printed, nor anywhere in the vault's files in plain.
    for (const said of [out, update.stdout + update.stderr, again.stdout + again.stderr]) {
      for (const token of practice.calls.refreshTokens) assert.ok(!said.includes(token), 'phr printed a refresh token');
    }
    for (const [path, bytes] of await everyFile(env.PHR_VAULT_DIR)) {
      for (const token of practice.calls.refreshTokens) {
        assert.ok(!bytes.includes(Buffer.from(token)), `${path} holds a refresh token`);
      }
    }

    const disconnect = await phrAsync(['gp', 'disconnect', '--person', personId, '--json']);
    assert.equal(disconnect.status, 0, disconnect.stdout + disconnect.stderr);
    assert.equal(JSON.parse(disconnect.stdout).revoked, true, disconnect.stdout);
    assert.equal(practice.calls.revocation.length, 1, 'the revocation endpoint (RFC 7009) was called');
    assert.equal(practice.calls.revocation[0].status, 200);
    assert.equal(practice.calls.revocation[0].token_type_hint, 'refresh_token');
    const after = phr(['gp', 'update', '--person', personId], { allowFail: true });
    assert.notEqual(after.status, 0);
    assert.match(after.stdout + after.stderr, /not connected to a GP practice/, after.stdout + after.stderr);
  } finally {
    await practice.stop();
  }
});

test('a connection the practice has ended is said plainly and forgotten', async () => {
  const practice = await startPractice();
  try {
    const { status, out } = await importGp(practice.url, {}, ['--stay-connected']);
    assert.equal(status, 0, out);
    await practice.revoke(practice.calls.refreshTokens.at(-1));
    const update = await phrAsync(['gp', 'update', '--person', personId]);
    assert.notEqual(update.status, 0);
    assert.match(update.stdout + update.stderr, /no longer accepts this app's connection/, update.stdout + update.stderr);
    assert.match(phr(['gp', 'status', '--person', personId]).stdout, /^Not connected/);
  } finally {
    await practice.stop();
  }
});

test('a practice that knows no client ahead is registered with (RFC 7591) and signed in to with the id it gives', async () => {
  const practice = await startPractice({ scenario: { registration: true } });
  try {
    const { status, out } = await importGp(practice.url);
    assert.equal(status, 0, `phr import gp succeeded:\n${out}\n${await browserLog()}`);
    const [registration] = practice.calls.registration;
    assert.ok(registration, 'the app registered itself');
    assert.equal(registration.status, 201);
    assert.equal(registration.request.application_type, 'native');
    assert.equal(registration.request.token_endpoint_auth_method, 'none', 'a public client');
    assert.deepEqual(registration.request.redirect_uris, ['http://127.0.0.1/callback'], 'a loopback redirect, any port (RFC 8252)');
    assert.ok(registration.clientId && registration.clientId !== 'phr-desktop');
    assert.equal(practice.calls.authorize[0].client_id, registration.clientId);
    assert.equal(practice.calls.token[0].client_id, registration.clientId);
  } finally {
    await practice.stop();
  }
});
