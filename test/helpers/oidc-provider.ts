// A real OpenID Provider (oidc-provider, a certified implementation) on a free loopback port, with its
// development login and consent forms: any login name signs in as that account.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { readForms, type CookieClient } from './cookie-client';

export interface TestAccount {
  name?: string;
  email?: string;
  groups?: string[];
  /** Extra claims, e.g. a tenant claim. */
  [claim: string]: unknown;
}

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: Record<string, TestAccount>;
  /** Put scope claims in the id_token too (default: only in userinfo, the provider's default). */
  claimsInIdToken?: boolean;
  /** Extra claim names served with the "groups" scope (e.g. a tenant claim). */
  extraClaims?: string[];
}

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export async function startOidcProvider(options: TestProviderOptions): Promise<TestProvider> {
  // The issuer names the port, so the server listens before the provider exists.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount: (_ctx, id) => {
      const account = options.accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups', ...(options.extraClaims ?? [])] },
    scopes: ['openid', 'profile', 'email', 'groups'],
    conformIdTokenClaims: !options.claimsInIdToken,
    cookies: { keys: ['weft-test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  };
  const provider = new Provider(issuer, configuration);
  handler = provider.callback();
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signs in at the provider the way a person does: from the authorization URL, fills the login form (any
 * password), approves the consent form, and returns the redirect back to the client (the first location for
 * which `isClientUrl` is true).
 */
export async function signInAtProvider(client: CookieClient, authorizeUrl: string, login: string, isClientUrl: (url: string) => boolean): Promise<string> {
  let { response, stoppedAt } = await client.follow(authorizeUrl, isClientUrl);
  for (let step = 0; step < 4 && stoppedAt === null; step++) {
    const form = readForms(response.text, response.url).find((candidate) => candidate.fields.has('prompt'));
    if (!form) throw new Error(`the provider answered HTTP ${response.status} without a sign-in form at ${response.url}: ${response.text.slice(0, 300)}`);
    if (form.fields.get('prompt') === 'login') {
      form.fields.set('login', login);
      form.fields.set('password', 'any password');
    }
    ({ response, stoppedAt } = await client.follow(form.action, isClientUrl, { form: form.fields }));
  }
  if (stoppedAt === null) throw new Error('the provider never redirected back to the client');
  return stoppedAt;
}
