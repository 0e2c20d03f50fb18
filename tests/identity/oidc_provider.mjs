// A real OpenID Connect provider (the certified `oidc-provider` package) for the identity tests.
// Usage: node oidc_provider.mjs <config.json>. The config names the port, the signing keys (JWKS with private
// parts), the clients, and a users file that is re-read at every sign-in, so a test can change someone's groups.
// Sign-in: GET /interaction/<uid> shows a form; POST login=<user id> signs that user in (no password: test only).
import fs from 'node:fs';
import http from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const users = () => JSON.parse(fs.readFileSync(config.users_file, 'utf8'));

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: config.jwks,
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    groups: ['groups'],
  },
  conformIdTokenClaims: false, // groups in the ID token too, as Entra ID sends them
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => false },
  cookies: { keys: ['test-only-cookie-key'] },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const user = users()[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: user.email,
          email_verified: true,
          name: `${user.given_name} ${user.family_name}`,
          given_name: user.given_name,
          family_name: user.family_name,
          preferred_username: user.email,
          groups: user.groups,
        };
      },
    };
  },
  async loadExistingGrant(ctx) {
    // First-party client: consent is implied, so no consent page.
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
});

for (const event of ['end_session.error', 'server_error', 'grant.error', 'authorization.error']) {
  provider.on(event, (ctx, err) => console.log(event, err?.message, err?.error_description || '', err?.cause?.message || ''));
}

const callback = provider.callback();

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<form method="post"><input name="login"><button>Sign in</button></form><!-- ${details.prompt.name} -->`);
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const login = new URLSearchParams(body).get('login');
  if (!users()[login]) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('unknown user');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
}

http
  .createServer((req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((err) => {
        res.writeHead(500);
        res.end(String(err));
      });
      return;
    }
    callback(req, res);
  })
  .listen(config.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
