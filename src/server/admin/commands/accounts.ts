/**
 * `npm run admin -- accounts list|grant|revoke|disable|enable ...`: the same service as the
 * Beheer screen (../accounts.ts), acting as the `admin` of the given municipality; every change
 * lands in the admin log with actor "cli:<OS user>".
 */
import { Role } from '../../../shared/sync/protocol.js';
import { AdminError, getAccount, grantRole, listAccounts, revokeRole, setDisabled, type Actor } from '../accounts.js';
import { UsageError, type AdminCommand, type AdminContext, type AdminValues } from '../command.js';

const MUNICIPALITY = { municipality: { type: 'string' } } as const;

function municipalityOf(values: AdminValues): string {
  const id = values.municipality;
  if (typeof id !== 'string' || !/^[A-Za-z0-9._:-]{1,64}$/.test(id)) throw new UsageError('--municipality ID is required (letters, digits, . _ : -)');
  return id;
}

async function actorFor(ctx: AdminContext, values: AdminValues): Promise<Actor> {
  const municipalityId = municipalityOf(values);
  const known = await ctx.db.kysely.selectFrom('municipalities').select('id').where('id', '=', municipalityId).executeTakeFirst();
  if (!known) throw new AdminError('not_found', `No municipality "${municipalityId}" ("municipalities list" shows them)`);
  return { name: ctx.actor, municipalityId, roles: ['admin'] };
}

function username(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (!value) throw new UsageError(`${what} is missing`);
  if (!/^[A-Za-z0-9._@+-]{1,200}$/.test(value)) throw new UsageError(`${what} "${value.slice(0, 40)}" is not a valid username`);
  return value.toLowerCase();
}

function role(positionals: string[]): Role {
  const value = positionals[1];
  const parsed = Role.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown role "${String(value ?? '').slice(0, 40)}". Roles: ${Role.options.join(', ')}`);
  return parsed.data;
}

/** Runs `work`; an AdminError (unknown account, other municipality, ...) is a clear error with exit code 1. */
async function guarded(ctx: AdminContext, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AdminError) {
      ctx.err(err.code === 'not_found' || err.code === 'forbidden' ? `${err.message}` : `Refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

const describe = (a: { username: string; roles: readonly string[]; disabled: boolean }) => `${a.username}: ${a.roles.join(', ') || '(no roles)'}${a.disabled ? ' (disabled)' : ''}`;

const list: AdminCommand = {
  words: ['accounts', 'list'],
  usage: 'accounts list --municipality ID [--search TEXT] [--json]',
  options: { ...MUNICIPALITY, search: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx, values) {
    return guarded(ctx, async () => {
      const actor = await actorFor(ctx, values);
      const items = [];
      for (let offset = 0; ; offset += 100) {
        const page = await listAccounts(ctx.db.kysely, actor, { q: typeof values.search === 'string' ? values.search : '', limit: 100, offset });
        items.push(...page.items);
        if (page.items.length < 100) break;
      }
      if (values.json) {
        ctx.out(JSON.stringify(items.map((a) => ({ username: a.username, displayName: a.displayName, roles: a.roles, idpRoles: a.idpRoles, disabled: a.disabled, personId: a.person?.id ?? null, deputyId: a.deputy?.id ?? null }))));
      } else {
        for (const a of items) ctx.out(`${describe(a)}  — ${a.displayName}${a.deputy ? `, deputy ${a.deputy.name}` : ''}`);
        ctx.err(`${items.length} account(s) in ${actor.municipalityId}`);
      }
      return 0;
    });
  },
};

function roleCommand(verb: 'grant' | 'revoke'): AdminCommand {
  return {
    words: ['accounts', verb],
    usage: `accounts ${verb} USERNAME ROLE --municipality ID`,
    options: MUNICIPALITY,
    positionals: true,
    async run(ctx, values, positionals) {
      const name = username(positionals, 0, 'USERNAME');
      const r = role(positionals);
      if (positionals.length > 2) throw new UsageError('Too many arguments');
      return guarded(ctx, async () => {
        const actor = await actorFor(ctx, values);
        const before = await getAccount(ctx.db.kysely, actor, { username: name });
        const after = await (verb === 'grant' ? grantRole : revokeRole)(ctx.db.kysely, actor, { id: before.id }, r, ctx.now());
        const same = before.roles.join() === after.roles.join();
        ctx.out(same ? `${describe(after)} (unchanged)` : describe(after));
        return 0;
      });
    },
  };
}

function disableCommand(verb: 'disable' | 'enable'): AdminCommand {
  return {
    words: ['accounts', verb],
    usage: `accounts ${verb} USERNAME --municipality ID`,
    options: MUNICIPALITY,
    positionals: true,
    async run(ctx, values, positionals) {
      const name = username(positionals, 0, 'USERNAME');
      if (positionals.length > 1) throw new UsageError('Too many arguments');
      return guarded(ctx, async () => {
        const actor = await actorFor(ctx, values);
        const account = await setDisabled(ctx.db.kysely, actor, { username: name }, verb === 'disable', ctx.now());
        ctx.out(`${describe(account)}${verb === 'disable' ? ' — sessions ended' : ''}`);
        return 0;
      });
    },
  };
}

export const accountsCommands: AdminCommand[] = [list, roleCommand('grant'), roleCommand('revoke'), disableCommand('disable'), disableCommand('enable')];
