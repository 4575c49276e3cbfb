// NHS login through the broker, end to end: the real `phr-broker` signs the client assertion,
// oidc-provider configured as NHS login (nhs-login-server.mjs) accepts it as `private_key_jwt`
// for a code the person got by signing in through real pages in headless Chromium, with the PKCE
// verifier sent only by the app (this test, playing the app), and the app's own Rust ID token
// checks (phr_gp::validate_id_token, through the `nhs_login_check_id_token` example) accept the
// ID token the provider issued, and refuse it for the wrong nonce or a P5 identity.
//
// Then the app itself: `phr gp nhs-login` signs in through headless Chromium as the system
// browser (xdg-open hands the address to $BROWSER, browser.mjs), asks the broker, checks the ID
// token and matches the NHS number with the person's, refusing another person's or a P5 sign-in.
//
// Reads PHR_BIN (default target/debug/phr), PHR_BROKER_BIN (default target/debug/phr-broker)
// and PHR_ID_TOKEN_CHECK_BIN (default target/debug/examples/nhs_login_check_id_token). Build them with
// `cargo build -p phr-broker -p phr-gp --example nhs_login_check_id_token`.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { CLIENT_ID, PEOPLE, startNhsLogin } from './nhs-login-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BROKER = resolve(process.env.PHR_BROKER_BIN ?? join(here, '../../target/debug/phr-broker'));
const CHECK = resolve(process.env.PHR_ID_TOKEN_CHECK_BIN ?? join(here, '../../target/debug/examples/nhs_login_check_id_token'));
const KEY = join(here, '../../crates/phr-broker/tests/fixtures/test-signing-key.pk8.der');
const KID = 'broker-test-key';
const VTR = '["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]';

let nhsLogin;
let broker;

const b64url = (buf) => Buffer.from(buf).toString('base64url');

before(async () => {
  for (const [bin, what] of [[BROKER, 'PHR_BROKER_BIN'], [CHECK, 'PHR_ID_TOKEN_CHECK_BIN']]) {
    assert.ok(existsSync(bin), `${bin} is missing (${what}): cargo build -p phr-broker -p phr-gp --example nhs_login_check_id_token`);
  }
  // The broker's JWKS is what the deploying organisation registers with NHS login.
  const jwks = spawnSync(BROKER, ['jwks', '--key', KEY, '--kid', KID], { encoding: 'utf8' });
  assert.equal(jwks.status, 0, jwks.stderr);
  nhsLogin = await startNhsLogin({ clientJwks: JSON.parse(jwks.stdout) });
  broker = await startBroker(nhsLogin.tokenEndpoint);
});

after(async () => {
  broker?.child.kill('SIGTERM');
  await nhsLogin?.stop();
});

/** The broker binary on a free loopback port; resolves once it says where it listens. */
function startBroker(tokenEndpoint) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BROKER, [
      'serve', '--key', KEY, '--kid', KID, '--client-id', CLIENT_ID,
      '--token-endpoint', tokenEndpoint, '--listen', '127.0.0.1:0', '--rate', '30',
    ]);
    const started = { child, url: null, log: '' };
    child.stderr.on('data', (d) => { started.log += d; });
    child.stdout.on('data', (d) => {
      const m = /listening on (http:\/\/\S+)/.exec(String(d));
      if (m && !started.url) {
        started.url = m[1];
        resolvePromise(started);
      }
    });
    child.on('exit', (status) => { if (!started.url) reject(new Error(`phr-broker exited ${status}: ${started.log}`)); });
  });
}

async function askBroker(tokenEndpoint) {
  const res = await fetch(`${broker.url}/assertion`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token_endpoint: tokenEndpoint }),
  });
  return { status: res.status, body: await res.json() };
}

/** The person signs in through NHS login's pages; resolves with the loopback redirect's query
 * and what the app kept (the PKCE verifier, nonce, state). */
async function signIn(login) {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));

  // The app's loopback listener (RFC 8252), on a port of its own.
  let gotRedirect;
  const redirected = new Promise((r) => { gotRedirect = r; });
  const loopback = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/callback') gotRedirect(Object.fromEntries(url.searchParams));
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('You can close this window.');
  });
  await new Promise((r) => loopback.listen(0, '127.0.0.1', r));
  const redirectUri = `http://127.0.0.1:${loopback.address().port}/callback`;

  const authorize = new URL(nhsLogin.authorizationEndpoint);
  for (const [k, v] of Object.entries({
    client_id: CLIENT_ID, response_type: 'code', scope: 'openid nhs_number', redirect_uri: redirectUri,
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256', vtr: VTR, prompt: 'consent',
  })) authorize.searchParams.set(k, v);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(authorize.toString());
    for (let step = 0; step < 6; step += 1) {
      if (page.url().startsWith(redirectUri)) break;
      if (await page.locator('input[name="login"]').count()) {
        await page.fill('input[name="login"]', login);
        await page.fill('input[name="password"]', 'any');
        await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
      } else if (await page.locator('form button[type="submit"]').count()) {
        await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
      } else {
        await page.waitForTimeout(300);
      }
    }
    const query = await Promise.race([redirected, new Promise((_, rej) => setTimeout(() => rej(new Error(`no redirect; at ${page.url()}`)), 30_000))]);
    return { query, verifier, state, nonce, redirectUri };
  } finally {
    await browser.close();
    loopback.close();
  }
}

async function tokenRequest(form) {
  const res = await fetch(nhsLogin.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.json() };
}

/** The app's Rust checks on an ID token; `{ ok, ... }`. */
function checkIdToken(idToken, overrides = {}) {
  const input = {
    id_token: idToken, jwks: nhsLogin.jwks, issuer: nhsLogin.issuer, client_id: CLIENT_ID,
    minimum_level: 'P9', now: Math.floor(Date.now() / 1000), clock_skew_secs: 60, ...overrides,
  };
  const r = spawnSync(CHECK, [], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.ok(r.stdout, `the checker printed nothing: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

test('a P9 person signs in; the broker-signed assertion is accepted; the ID token passes the app\'s checks', async () => {
  const { query, verifier, state, nonce, redirectUri } = await signIn('p9.person');
  assert.equal(query.state, state, 'state comes back');
  assert.ok(query.code, `a code: ${JSON.stringify(query)}`);
  if (query.iss) assert.equal(query.iss, nhsLogin.issuer, 'RFC 9207 iss');
  const [authorize] = nhsLogin.calls.authorize.slice(-1);
  assert.equal(authorize.vtr, VTR);
  assert.equal(authorize.code_challenge_method, 'S256');

  const { status, body } = await askBroker(nhsLogin.tokenEndpoint);
  assert.equal(status, 200, JSON.stringify(body));
  const form = {
    grant_type: 'authorization_code', code: query.code, redirect_uri: redirectUri, code_verifier: verifier,
    client_assertion_type: body.client_assertion_type, client_assertion: body.client_assertion,
  };

  // Without client authentication the provider refuses (and the code is not spent).
  const { client_assertion: _a, client_assertion_type: _t, ...unsigned } = form;
  const unauthenticated = await tokenRequest({ ...unsigned, client_id: CLIENT_ID });
  assert.equal(unauthenticated.status, 401, JSON.stringify(unauthenticated.body));
  assert.equal(unauthenticated.body.error, 'invalid_client');

  const tokens = await tokenRequest(form);
  assert.equal(tokens.status, 200, `the token request with the broker's assertion: ${JSON.stringify(tokens.body)}`);
  assert.ok(tokens.body.access_token && tokens.body.id_token);

  // The same request again (its code spent, its assertion's jti already seen) is refused.
  const replay = await tokenRequest(form);
  assert.notEqual(replay.status, 200);

  const header = JSON.parse(Buffer.from(tokens.body.id_token.split('.')[0], 'base64url').toString('utf8'));
  assert.equal(header.alg, 'RS512');
  const claims = claimsOf(tokens.body.id_token);
  assert.equal(claims.vot, 'P9.Cp.Cd');
  assert.equal(claims.nhs_number, PEOPLE['p9.person'].nhs_number);

  const checked = checkIdToken(tokens.body.id_token, { nonce });
  assert.equal(checked.ok, true, JSON.stringify(checked));
  assert.equal(checked.nhs_number, PEOPLE['p9.person'].nhs_number);
  assert.equal(checked.sub, 'p9.person');
  assert.equal(checked.level, 'P9');

  // The same real token with a nonce this app did not send, or read long after it expired.
  const wrongNonce = checkIdToken(tokens.body.id_token, { nonce: 'another-sign-in' });
  assert.equal(wrongNonce.ok, false);
  assert.match(wrongNonce.message, /does not belong to the sign-in this app started/);
  const late = checkIdToken(tokens.body.id_token, { nonce, now: claims.exp + 3600 });
  assert.match(late.message, /expired/);
  const otherClient = checkIdToken(tokens.body.id_token, { nonce, client_id: 'someone-else' });
  assert.match(otherClient.message, /issued for another service/);

  // The broker never saw the code, the verifier, a token or the NHS number; its log says so.
  for (const secret of [query.code, verifier, tokens.body.access_token, tokens.body.id_token, body.client_assertion, PEOPLE['p9.person'].nhs_number]) {
    assert.ok(!broker.log.includes(secret), `the broker's log holds a secret:\n${broker.log}`);
  }
  assert.match(broker.log, /POST \/assertion 200/);
});

test('a person proved only to P5 gets tokens but the app refuses them in plain words', async () => {
  const { query, verifier, nonce, redirectUri } = await signIn('p5.person');
  const { body } = await askBroker(nhsLogin.tokenEndpoint);
  const tokens = await tokenRequest({
    grant_type: 'authorization_code', code: query.code, redirect_uri: redirectUri, code_verifier: verifier,
    client_assertion_type: body.client_assertion_type, client_assertion: body.client_assertion,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  assert.equal(claimsOf(tokens.body.id_token).vot, 'P5.Cp.Cd');
  const checked = checkIdToken(tokens.body.id_token, { nonce });
  assert.equal(checked.ok, false, JSON.stringify(checked));
  assert.equal(checked.code, 'GpAuthFailed');
  assert.match(checked.message, /You need to prove who you are in the NHS App or NHS login/);
});

test('a wrong PKCE verifier is refused even with a good assertion', async () => {
  const { query, redirectUri } = await signIn('p9.person');
  const { body } = await askBroker(nhsLogin.tokenEndpoint);
  const tokens = await tokenRequest({
    grant_type: 'authorization_code', code: query.code, redirect_uri: redirectUri, code_verifier: b64url(randomBytes(32)),
    client_assertion_type: body.client_assertion_type, client_assertion: body.client_assertion,
  });
  assert.equal(tokens.status, 400, JSON.stringify(tokens.body));
  assert.equal(tokens.body.error, 'invalid_grant');
});

test('the broker signs for no other token endpoint', async () => {
  const { status, body } = await askBroker(`${nhsLogin.issuer}/elsewhere/token`);
  assert.equal(status, 400);
  assert.equal(body.error, 'invalid_request');
  const health = await fetch(`${broker.url}/health`);
  assert.equal(await health.text(), 'ok');
});

const PHR = resolve(process.env.PHR_BIN ?? join(here, '../../target/debug/phr'));

/** `phr` in a vault of its own, in the background (this process serves NHS login and a
 * synchronous spawn would stop it answering). */
function phrIn(work, args, extraEnv = {}) {
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    PHR_VAULT_DIR: join(work, 'vault'),
    PHR_PASSPHRASE: 'orbit lantern meadow copper quietly fox',
    PHR_KDF_PROFILE: 'floor',
    BROWSER: `node ${join(here, 'browser.mjs')}`,
    PHR_CONFORMANCE_BROWSER_LOG: join(work, 'browser.log'),
    ...extraEnv,
  };
  return new Promise((done) => {
    const child = spawn(PHR, args, { env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (status) => { clearTimeout(timer); done({ status, out }); });
  });
}

test('the app signs in with NHS login through the broker and matches the person by NHS number', async () => {
  const work = await mkdtemp(join(tmpdir(), 'phr-nhs-login-'));
  try {
    assert.equal((await phrIn(work, ['init'])).status, 0);
    const add = (name, nhs) => phrIn(work, ['person', 'add', '--name', name, '--dob', '1980-01-01', '--nhs-number', nhs]);
    assert.equal((await add('Pat Nine', PEOPLE['p9.person'].nhs_number)).status, 0);
    assert.equal((await add('Sam Other', '9000000009')).status, 0);
    const people = JSON.parse((await phrIn(work, ['person', 'list', '--json'])).out);
    const id = (name) => (people.people ?? people).find((p) => p.name === name).id;
    const login = (person, as) => phrIn(work, [
      'gp', 'nhs-login', '--issuer', nhsLogin.issuer, '--client-id', CLIENT_ID, '--broker', broker.url, '--person', id(person),
    ], { PHR_CONFORMANCE_LOGIN: as });

    const ok = await login('Pat Nine', 'p9.person');
    assert.equal(ok.status, 0, ok.out);
    assert.match(ok.out, /Signed in with NHS login as Pat Nine: NHS number 943 476 5919, identity proved to the highest level \(P9\)/);
    const asked = nhsLogin.calls.authorize.at(-1);
    assert.equal(asked.vtr, VTR, 'P9 asked for');
    assert.ok(asked.nonce && asked.code_challenge_method === 'S256');
    const token = nhsLogin.calls.token.at(-1);
    assert.equal(token.status, 200);
    assert.equal(token.params.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');

    const someoneElse = await login('Sam Other', 'p9.person');
    assert.notEqual(someoneElse.status, 0);
    assert.match(someoneElse.out, /for a different NHS number from the one in Sam Other's details/, someoneElse.out);

    const p5 = await login('Pat Nine', 'p5.person');
    assert.notEqual(p5.status, 0);
    assert.match(p5.out, /prove who you are/, p5.out);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });
  }
});
