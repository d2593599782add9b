/**
 * Service accounts: another system of one municipality (the HR package, the finance package's
 * invoice workflow, the document system) that may submit approval requests of some types.
 *
 *   createAccount / listAccounts / revokeAccount / rotateSecrets   (IT, through `npm run admin -- service-accounts ...`)
 *
 * Secrets: an API key `popsk.<account id>.<43 random base64url chars>` (256 bits) is shown once and
 * stored as its sha256 only; the webhook secret `whsec_<...>` is shown once and stored as-is, because
 * the server must keep it to sign every webhook (README "Secrets").
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApprovalType } from '../../../shared/domain/approvals.js';
import type { Db } from '../types.js';
import type { ServiceTables } from './tables.js';

const loopbackHosts = ['127.0.0.1', 'localhost', '[::1]'];

/** https, or http only on a loopback address (tests, a receiver on the same machine). */
export const WebhookUrl = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '' && (url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.includes(url.hostname)));
    } catch {
      return false;
    }
  }, 'the webhook URL must be https:// (http only on 127.0.0.1 / localhost), without user name or password');

export const IssuerUrl = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.includes(url.hostname));
    } catch {
      return false;
    }
  }, 'the issuer must be an https:// URL (http only on 127.0.0.1, for tests)');

export const AccountName = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'name: 2-63 lower-case letters, digits, . _ - (e.g. "finance-invoices")');

export const NewServiceAccount = z
  .object({
    municipalityId: z.string().min(1).max(64),
    name: AccountName,
    types: z.array(ApprovalType).min(1, 'give at least one request type the account may submit').max(ApprovalType.options.length),
    auth: z.union([
      z.literal('api_key'),
      z.object({ issuer: IssuerUrl, audience: z.string().min(1).max(500), clientId: z.string().min(1).max(200) }).strict(),
    ]),
    webhookUrl: WebhookUrl.nullable().default(null),
  })
  .strict();
export type NewServiceAccount = z.input<typeof NewServiceAccount>;

export interface ServiceAccountView {
  id: string;
  municipalityId: string;
  name: string;
  types: ApprovalType[];
  auth: 'api_key' | 'oauth';
  oauth: { issuer: string; audience: string; clientId: string } | null;
  webhookUrl: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export class ServiceAccountError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceAccountError';
  }
}

type AccountRow = ServiceTables['service_accounts'];

export const API_KEY_PREFIX = 'popsk';
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');
export const newWebhookSecret = (): string => `whsec_${secret()}`;
const newApiKey = (accountId: string): string => `${API_KEY_PREFIX}.${accountId}.${secret()}`;

export function accountView(row: AccountRow): ServiceAccountView {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    name: row.name,
    types: z.array(ApprovalType).parse(JSON.parse(row.allowed_types)),
    auth: row.auth_kind === 'oauth' ? 'oauth' : 'api_key',
    oauth: row.auth_kind === 'oauth' ? { issuer: row.oauth_issuer ?? '', audience: row.oauth_audience ?? '', clientId: row.oauth_client_id ?? '' } : null,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export interface CreatedAccount {
  account: ServiceAccountView;
  /** Shown once (api_key accounts only). */
  apiKey: string | null;
  /** Shown once. */
  webhookSecret: string;
}

export async function createAccount(db: Db, input: NewServiceAccount, now: Date): Promise<CreatedAccount> {
  const parsed = NewServiceAccount.safeParse(input);
  if (!parsed.success) throw new ServiceAccountError('invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  const a = parsed.data;
  return db.transaction().execute(async (trx) => {
    const t = trx.withTables<ServiceTables>();
    const municipality = await trx.selectFrom('municipalities').select('id').where('id', '=', a.municipalityId).executeTakeFirst();
    if (!municipality) throw new ServiceAccountError('not_found', `No municipality "${a.municipalityId}" ("municipalities list" shows them)`);
    const taken = await t.selectFrom('service_accounts').select('id').where('municipality_id', '=', a.municipalityId).where('name', '=', a.name).executeTakeFirst();
    if (taken) throw new ServiceAccountError('conflict', `A service account "${a.name}" exists already in ${a.municipalityId} (names stay taken after a revoke)`);
    if (a.auth !== 'api_key') {
      const auth = a.auth;
      const same = await t
        .selectFrom('service_accounts')
        .select('id')
        .where('oauth_issuer', '=', auth.issuer)
        .where('oauth_client_id', '=', auth.clientId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (same) throw new ServiceAccountError('conflict', `Client id "${auth.clientId}" of that issuer already belongs to another service account`);
    }
    const id = `sa-${randomBytes(6).toString('hex')}`;
    const apiKey = a.auth === 'api_key' ? newApiKey(id) : null;
    const webhookSecret = newWebhookSecret();
    const row: AccountRow = {
      id,
      municipality_id: a.municipalityId,
      name: a.name,
      allowed_types: JSON.stringify([...new Set(a.types)]),
      auth_kind: a.auth === 'api_key' ? 'api_key' : 'oauth',
      api_key_hash: apiKey ? sha256Hex(apiKey) : null,
      oauth_issuer: a.auth === 'api_key' ? null : a.auth.issuer,
      oauth_audience: a.auth === 'api_key' ? null : a.auth.audience,
      oauth_client_id: a.auth === 'api_key' ? null : a.auth.clientId,
      webhook_url: a.webhookUrl,
      webhook_secret: webhookSecret,
      created_at: now.toISOString(),
      revoked_at: null,
    };
    await t.insertInto('service_accounts').values(row).execute();
    return { account: accountView(row), apiKey, webhookSecret };
  });
}

export async function listAccounts(db: Db, municipalityId: string): Promise<ServiceAccountView[]> {
  const rows = await db.withTables<ServiceTables>().selectFrom('service_accounts').selectAll().where('municipality_id', '=', municipalityId).orderBy('name').execute();
  return rows.map(accountView);
}

async function findByName(db: Db, municipalityId: string, name: string): Promise<AccountRow> {
  const row = await db.withTables<ServiceTables>().selectFrom('service_accounts').selectAll().where('municipality_id', '=', municipalityId).where('name', '=', name).executeTakeFirst();
  if (!row) throw new ServiceAccountError('not_found', `No service account "${name}" in ${municipalityId} ("service-accounts list" shows them)`);
  return row;
}

/** Revoked: its key or tokens are refused at once; its webhooks still waiting are dropped (marked failed). */
export async function revokeAccount(db: Db, municipalityId: string, name: string, now: Date): Promise<ServiceAccountView> {
  const row = await findByName(db, municipalityId, name);
  if (row.revoked_at) return accountView(row);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const t = trx.withTables<ServiceTables>();
    await t.updateTable('service_accounts').set({ revoked_at: at, api_key_hash: null }).where('id', '=', row.id).execute();
    await t
      .updateTable('webhook_deliveries')
      .set({ failed_at: at, last_error: 'account revoked' })
      .where('account_id', '=', row.id)
      .where('delivered_at', 'is', null)
      .where('failed_at', 'is', null)
      .execute();
  });
  return accountView({ ...row, revoked_at: at, api_key_hash: null });
}

/**
 * A new webhook secret (deliveries from now on, retries included, are signed with it) and, with
 * `apiKey`, a new API key (the old one stops working at once). Each shown once.
 */
export async function rotateSecrets(db: Db, municipalityId: string, name: string, options: { apiKey: boolean }): Promise<CreatedAccount> {
  const row = await findByName(db, municipalityId, name);
  if (row.revoked_at) throw new ServiceAccountError('conflict', `Service account "${name}" is revoked`);
  if (options.apiKey && row.auth_kind !== 'api_key') throw new ServiceAccountError('invalid', `Service account "${name}" signs in with OAuth client credentials, not an API key`);
  const webhookSecret = newWebhookSecret();
  const apiKey = options.apiKey ? newApiKey(row.id) : null;
  const next = { ...row, webhook_secret: webhookSecret, ...(apiKey ? { api_key_hash: sha256Hex(apiKey) } : {}) };
  await db.withTables<ServiceTables>().updateTable('service_accounts').set({ webhook_secret: next.webhook_secret, api_key_hash: next.api_key_hash }).where('id', '=', row.id).execute();
  return { account: accountView(next), apiKey, webhookSecret };
}
