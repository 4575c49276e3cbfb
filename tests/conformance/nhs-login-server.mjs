// An independent stand-in for NHS login: oidc-provider (OpenID Certified, pinned in
// package.json) configured as NHS login configures its clients. The client authenticates at the
// token endpoint with `private_key_jwt` signed RS512 (its keys are the broker's JWKS), PKCE is
// required, `nhs_number` is a scope and a claim, the ID token is signed RS512 and carries `vot`
// (the vector of trust) chosen from the `vtr` the app asked for and the person's identity level.
//
// startNhsLogin({ clientJwks }) -> { issuer, authorizationEndpoint, tokenEndpoint, jwks, calls,
// stop }. `jwks` is the provider's public signing keys (what the app validates the ID token
// with); `calls` records the authorization and token requests' parameters.
//
// People (any password): `p9.person` has proved who they are to P9, `p5.person` only to P5.

import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

export const CLIENT_ID = 'phr-desktop';
export const PEOPLE = {
  'p9.person': { level: 'P9', nhs_number: '9434765919' },
  'p5.person': { level: 'P5', nhs_number: '9434765870' },
};

// oidc-provider warns, for every instance, that its quick-start parts (in-memory store,
// development log-in pages) are not for production: true, and chosen here on purpose.
const warn = console.warn;
console.warn = (...args) => {
  if (typeof args[0] === 'string' && /oidc-provider WARNING: (a )?quick start development-only/.test(args[0])) return;
  warn(...args);
};

/** The first vector the app asked for that the person's level meets; else the person's own
 * level (as NHS login reports the level the person has when the app also accepts lower ones). */
function vectorOfTrust(vtr, level) {
  const rank = { P0: 0, P5: 5, P9: 9 };
  let asked = [];
  try {
    asked = JSON.parse(vtr ?? '[]');
  } catch {
    asked = [];
  }
  const met = asked.find((v) => typeof v === 'string' && rank[v.split('.')[0]] <= rank[level]);
  return met ?? `${level}.Cp.Cd`;
}

export async function startNhsLogin({ clientJwks }) {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const calls = { authorize: [], token: [] };
  /** The vtr each authorization request asked for, by its nonce (the code carries the nonce). */
  const vtrByNonce = new Map();

  // NHS login signs ID tokens RS512 with a key of its own.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'nhs-login-test', use: 'sig', alg: 'RS512' };
  const publicJwks = {
    keys: [{ kty: 'RSA', n: signingKey.n, e: signingKey.e, kid: signingKey.kid, use: 'sig', alg: 'RS512' }],
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS512',
        jwks: clientJwks,
        id_token_signed_response_alg: 'RS512',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'RS512', 'PS256'],
      idTokenSigningAlgValues: ['RS256', 'RS512'],
    },
    extraParams: ['vtr'],
    scopes: ['openid', 'nhs_number', 'profile'],
    claims: { openid: ['sub', 'vot'], nhs_number: ['nhs_number'] },
    // NHS login puts the scope's claims in the ID token itself.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub, token) => ({
      accountId: sub,
      claims: async () => {
        const person = PEOPLE[sub] ?? { level: 'P0' };
        const vtr = token?.nonce ? vtrByNonce.get(token.nonce) : undefined;
        return {
          sub,
          vot: vectorOfTrust(vtr, person.level),
          ...(person.nhs_number ? { nhs_number: person.nhs_number } : {}),
        };
      },
    }),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, IdToken: 3600, Interaction: 600, Session: 3600 },
  });
  provider.proxy = false;

  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') {
      const params = Object.fromEntries(new URLSearchParams(ctx.querystring));
      calls.authorize.push(params);
      if (params.nonce) vtrByNonce.set(params.nonce, params.vtr);
    }
    await next();
    if (ctx.path === '/token' && ctx.method === 'POST') {
      calls.token.push({ params: { ...(ctx.oidc?.params ?? {}) }, status: ctx.status, error: ctx.body?.error, description: ctx.body?.error_description });
    }
  });

  const oidc = provider.callback();
  server.on('request', (req, res) => oidc(req, res));

  return {
    issuer,
    authorizationEndpoint: `${issuer}/auth`,
    tokenEndpoint: `${issuer}/token`,
    jwks: publicJwks,
    calls,
    stop: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
