// An independent GP practice for the conformance tests: oidc-provider (an OpenID Certified
// authorization server, pinned in package.json) as the sign-in service, and a small FHIR R4
// facade of our own on the same loopback port that serves a SMART configuration, a
// CapabilityStatement and a patient's record from $everything in pages, to access tokens the
// provider issued for it (RFC 8707 resource indicators: a token without the FHIR base as its
// audience opens nothing).
//
// startPractice({ scenario }) -> { url (the FHIR base), issuer, calls, addResource, revoke,
// stop }. `calls` records what the client sent (the authorization, token and revocation
// requests' parameters, each $everything's `_since`) and the refresh tokens the provider
// issued, so a test can check the request as well as the outcome. `addResource` adds a
// resource changed now (what an update should bring); `revoke` ends a refresh token at the
// provider, as a person removing the app at their practice would. Refresh tokens rotate:
// oidc-provider replaces a public client's on each use. A scenario changes one thing: `confidentialOnly`,
// `noS256` (the SMART configuration), `missingPatient` (the token response), `registration`
// (no client known ahead: the app must register itself, RFC 7591), or `tamper`
// (`state`, `iss` or `code`: that parameter of the redirect to the app is changed on its way
// out, as a forged or replayed redirect would arrive).

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));
// The app's client id: fixed in the app today (phr-gp's Options::client_id).
export const CLIENT_ID = 'phr-desktop';
const PAGE_SIZE = 40;

/** The record $everything serves: a Synthea patient from the repository's own fixtures. */
const resources = JSON.parse(
  readFileSync(join(here, '../fixtures/synthea-r4-smart/Louis_Erdman_55bbe118-e08d-4408-86e5-6084457500d4.json'), 'utf8'),
).entry.map((e) => e.resource).filter(Boolean);
const patient = resources.find((r) => r.resourceType === 'Patient');
/** Whose record it is: the person a test adds to the vault before importing. */
export const PERSON = {
  id: patient.id,
  name: `${patient.name[0].given.join(' ')} ${patient.name[0].family}`,
  dob: patient.birthDate,
};
const PATIENT_ID = patient.id;

// oidc-provider says, for every instance, that its quick-start parts (the in-memory store, its
// own signing keys, the development log-in pages) are not for production: true, and chosen
// here on purpose, so those lines are kept out of the test log.
const warn = console.warn;
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: a quick start development-only')) return;
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: quick start development-only')) return;
  warn(...args);
};

export async function startPractice({ scenario = {} } = {}) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const fhirBase = `${issuer}/fhir`;
  const calls = { authorize: [], token: [], revocation: [], registration: [], fhir: [], since: [], refreshTokens: [] };
  // This practice's copy of the record: `addResource` changes it.
  const record = [...resources];

  const provider = new Provider(issuer, {
    // With `registration` the provider knows no client ahead: the app must register itself
    // (RFC 7591) to be let in at all.
    clients: scenario.registration ? [] : [
      {
        client_id: CLIENT_ID,
        // A native app (RFC 8252): a public client whose loopback redirect may use any port.
        application_type: 'native',
        token_endpoint_auth_method: scenario.confidentialOnly ? 'client_secret_basic' : 'none',
        ...(scenario.confidentialOnly ? { client_secret: 'not-for-a-desktop-app' } : {}),
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    scopes: ['openid', 'offline_access', 'fhirUser', 'launch/patient'],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, fhirUser: `${fhirBase}/Patient/${PATIENT_ID}` }),
    }),
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: !!scenario.registration },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // No default: a client that names no resource is given a token for nothing here.
        defaultResource: async () => undefined,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== fhirBase) throw new Provider.errors.InvalidTarget();
          return { scope: 'patient/*.rs patient/*.read', audience: fhirBase, accessTokenFormat: 'opaque' };
        },
      },
    },
    pkce: { required: () => true },
    // Lifetimes in seconds: a code for a minute, as RFC 6749 recommends at most ten.
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600, RefreshToken: 86400 },
  });
  provider.proxy = false;

  // What the client sent, and SMART's patient context in the token response.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') calls.authorize.push(Object.fromEntries(new URLSearchParams(ctx.querystring)));
    await next();
    const location = ctx.response.get('location');
    if (scenario.tamper && /^http:\/\/127\.0\.0\.1:\d+\/callback/.test(location)) {
      const changed = new URL(location);
      changed.searchParams.set(scenario.tamper, `tampered-${scenario.tamper}`);
      ctx.redirect(changed.toString());
    }
    if (ctx.path === '/token' && ctx.method === 'POST') {
      const { code, code_verifier, refresh_token, ...params } = ctx.oidc?.params ?? {};
      calls.token.push(params);
      if (ctx.body?.refresh_token) calls.refreshTokens.push(ctx.body.refresh_token);
      if (ctx.status === 200 && ctx.body?.access_token && !scenario.missingPatient) {
        ctx.body = { ...ctx.body, patient: PATIENT_ID };
      }
    }
    if (ctx.path === '/reg' && ctx.method === 'POST') {
      calls.registration.push({ status: ctx.status, request: ctx.oidc?.body ?? {}, clientId: ctx.body?.client_id });
    }
    if (ctx.path === '/token/revocation') {
      const { token, ...params } = ctx.oidc?.params ?? {};
      calls.revocation.push({ status: ctx.status, ...params });
    }
  });

  function smartConfiguration() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      revocation_endpoint: `${issuer}/token/revocation`,
      ...(scenario.registration ? { registration_endpoint: `${issuer}/reg` } : {}),
      jwks_uri: `${issuer}/jwks`,
      grant_types_supported: ['authorization_code', 'refresh_token'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: scenario.noS256 ? ['plain'] : ['S256'],
      token_endpoint_auth_methods_supported: scenario.confidentialOnly ? ['client_secret_basic'] : ['none'],
      authorization_response_iss_parameter_supported: true,
      scopes_supported: ['openid', 'fhirUser', 'launch/patient', 'offline_access', 'patient/*.rs', 'patient/*.read'],
      capabilities: ['launch-standalone', 'client-public', 'context-standalone-patient', 'permission-patient', 'permission-v2', 'permission-offline'],
    };
  }

  function capabilityStatement() {
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-12-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      software: { name: 'Conformance practice (oidc-provider)' },
      rest: [
        {
          mode: 'server',
          security: {
            extension: [
              {
                url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                extension: [
                  { url: 'authorize', valueUri: `${issuer}/auth` },
                  { url: 'token', valueUri: `${issuer}/token` },
                ],
              },
            ],
          },
          resource: [{ type: 'Patient', operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }] }],
        },
      ],
    };
  }

  /** The access token's grant, if the provider issued it for this FHIR service. */
  async function authorised(req) {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return null;
    const token = await provider.AccessToken.find(m[1]);
    if (!token || token.isExpired) return null;
    if (token.aud !== fhirBase) return null;
    return token;
  }

  function send(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  async function fhir(req, res) {
    const url = new URL(req.url, issuer);
    const path = url.pathname.slice('/fhir'.length);
    calls.fhir.push(path + url.search);
    if (path === '/metadata') return send(res, 200, capabilityStatement());
    if (path === '/.well-known/smart-configuration') return send(res, 200, smartConfiguration());
    const token = await authorised(req);
    if (!token) {
      return send(res, 401, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'login', diagnostics: 'No access token for this service' }],
      });
    }
    if (path === `/Patient/${PATIENT_ID}/$everything`) {
      const offset = Number(url.searchParams.get('_offset') ?? 0);
      // `_since`: only what changed after that instant (Synthea's resources carry no
      // lastUpdated, so they count as older than any since).
      const since = url.searchParams.get('_since');
      if (since && offset === 0) calls.since.push(since);
      const selected = since
        ? record.filter((r) => r.meta?.lastUpdated && Date.parse(r.meta.lastUpdated) > Date.parse(since))
        : record;
      const carry = since ? `&_since=${encodeURIComponent(since)}` : '';
      const page = selected.slice(offset, offset + PAGE_SIZE);
      const link = [{ relation: 'self', url: `${fhirBase}${path}?_offset=${offset}${carry}` }];
      if (offset + PAGE_SIZE < selected.length) {
        link.push({ relation: 'next', url: `${fhirBase}${path}?_offset=${offset + PAGE_SIZE}${carry}` });
      }
      return send(res, 200, {
        resourceType: 'Bundle',
        type: 'searchset',
        total: selected.length,
        link,
        entry: page.map((resource) => ({ fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`, resource })),
      });
    }
    return send(res, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  }

  const oidc = provider.callback();
  server.on('request', (req, res) => {
    if (req.url.startsWith('/fhir/') || req.url === '/fhir') {
      fhir(req, res).catch((e) => send(res, 500, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: String(e) }] }));
    } else {
      oidc(req, res);
    }
  });

  return {
    url: fhirBase,
    issuer,
    calls,
    pages: Math.ceil(resources.length / PAGE_SIZE),
    addResource: (resource) => record.push({ ...resource, meta: { ...resource.meta, lastUpdated: new Date().toISOString() } }),
    revoke: async (token) => {
      const r = await fetch(`${issuer}/token/revocation`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, client_id: CLIENT_ID }),
      });
      if (!r.ok) throw new Error(`revocation answered ${r.status}`);
    },
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
