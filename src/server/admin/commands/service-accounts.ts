/**
 * `npm run admin -- service-accounts add|list|revoke|rotate-secret ...`: the other systems that may
 * submit approval requests through the service API (src/server/features/service-api). The API key
 * and the webhook secret are printed once, here, and never again.
 */
import { z } from 'zod';
import { ApprovalType } from '../../../shared/domain/approvals.js';
import { createAccount, listAccounts, revokeAccount, rotateSecrets, ServiceAccountError, type CreatedAccount, type ServiceAccountView } from '../../features/service-api/accounts.js';
import { UsageError, type AdminCommand, type AdminContext, type AdminValues } from '../command.js';

const MUNICIPALITY = { municipality: { type: 'string' } } as const;

function municipalityOf(values: AdminValues): string {
  const id = values.municipality;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) throw new UsageError('--municipality ID is required (letters, digits, . _ : -)');
  return id;
}

function nameOf(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'NAME is missing' : 'Too many arguments');
  return positionals[0]!;
}

async function guarded(ctx: AdminContext, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ServiceAccountError) {
      ctx.err(err.code === 'not_found' ? err.message : `Refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

const describe = (a: ServiceAccountView): string =>
  `${a.name} (${a.id}): ${a.types.join(', ')}; ${a.auth === 'oauth' ? `OAuth client ${a.oauth!.clientId} of ${a.oauth!.issuer}, audience ${a.oauth!.audience}` : 'API key'}; webhook ${a.webhookUrl ?? '(none)'}${a.revokedAt ? `; revoked ${a.revokedAt}` : ''}`;

function printSecrets(ctx: AdminContext, created: CreatedAccount, json: boolean): void {
  if (json) {
    ctx.out(JSON.stringify({ account: created.account, apiKey: created.apiKey, webhookSecret: created.webhookSecret }));
  } else {
    ctx.out(describe(created.account));
    if (created.apiKey) ctx.out(`API key:        ${created.apiKey}`);
    ctx.out(`Webhook secret: ${created.webhookSecret}`);
  }
  ctx.err('Shown once: hand them to the other system over a safe channel now; Pop Index cannot show them again.');
}

const add: AdminCommand = {
  words: ['service-accounts', 'add'],
  usage:
    'service-accounts add NAME --municipality ID --types invoice[,document,...] (--api-key | --issuer URL --audience AUD --client-id ID) [--webhook-url https://...] [--json]',
  options: {
    ...MUNICIPALITY,
    types: { type: 'string' },
    'api-key': { type: 'boolean' },
    issuer: { type: 'string' },
    audience: { type: 'string' },
    'client-id': { type: 'string' },
    'webhook-url': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run(ctx, values, positionals) {
    const name = nameOf(positionals);
    const municipalityId = municipalityOf(values);
    const typesText = typeof values.types === 'string' ? values.types : '';
    const types = typesText.split(',').map((t) => t.trim()).filter(Boolean);
    const badType = types.find((t) => !ApprovalType.safeParse(t).success);
    if (types.length === 0 || badType) throw new UsageError(`--types needs request types from: ${ApprovalType.options.join(', ')}${badType ? ` (not "${badType.slice(0, 40)}")` : ''}`);
    const oauth = [values.issuer, values.audience, values['client-id']];
    if (values['api-key'] === oauth.some((v) => typeof v === 'string') || (!values['api-key'] && !oauth.every((v) => typeof v === 'string'))) {
      throw new UsageError('Give either --api-key, or --issuer, --audience and --client-id (OAuth client credentials)');
    }
    return guarded(ctx, async () => {
      const created = await createAccount(
        ctx.db.kysely,
        {
          municipalityId,
          name,
          types: z.array(ApprovalType).parse(types),
          auth: values['api-key'] ? 'api_key' : { issuer: String(values.issuer), audience: String(values.audience), clientId: String(values['client-id']) },
          webhookUrl: typeof values['webhook-url'] === 'string' ? values['webhook-url'] : null,
        },
        ctx.now(),
      );
      printSecrets(ctx, created, !!values.json);
      return 0;
    });
  },
};

const list: AdminCommand = {
  words: ['service-accounts', 'list'],
  usage: 'service-accounts list --municipality ID [--json]',
  options: { ...MUNICIPALITY, json: { type: 'boolean' } },
  async run(ctx, values) {
    const municipalityId = municipalityOf(values);
    const accounts = await listAccounts(ctx.db.kysely, municipalityId);
    if (values.json) ctx.out(JSON.stringify(accounts));
    else {
      for (const a of accounts) ctx.out(describe(a));
      ctx.err(`${accounts.length} service account(s) in ${municipalityId}`);
    }
    return 0;
  },
};

const revoke: AdminCommand = {
  words: ['service-accounts', 'revoke'],
  usage: 'service-accounts revoke NAME --municipality ID',
  options: MUNICIPALITY,
  positionals: true,
  async run(ctx, values, positionals) {
    const name = nameOf(positionals);
    return guarded(ctx, async () => {
      const account = await revokeAccount(ctx.db.kysely, municipalityOf(values), name, ctx.now());
      ctx.out(`${describe(account)} — its key and tokens are refused from now on; webhooks still waiting are dropped`);
      return 0;
    });
  },
};

const rotate: AdminCommand = {
  words: ['service-accounts', 'rotate-secret'],
  usage: 'service-accounts rotate-secret NAME --municipality ID [--api-key] [--json]   (a new webhook secret; --api-key: a new API key too)',
  options: { ...MUNICIPALITY, 'api-key': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: true,
  async run(ctx, values, positionals) {
    const name = nameOf(positionals);
    return guarded(ctx, async () => {
      const rotated = await rotateSecrets(ctx.db.kysely, municipalityOf(values), name, { apiKey: !!values['api-key'] });
      printSecrets(ctx, rotated, !!values.json);
      return 0;
    });
  },
};

export const serviceAccountsCommands: AdminCommand[] = [add, list, revoke, rotate];
