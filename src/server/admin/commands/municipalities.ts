/** `municipalities add ID --name NAME [--postcode P] [--email-domain D] [--regional]` and `municipalities list`. */
import { addMunicipality, listMunicipalities, MunicipalityError } from '../../import/municipalities.js';
import { UsageError, type AdminCommand } from '../command.js';

export const municipalitiesAdd: AdminCommand = {
  words: ['municipalities', 'add'],
  usage: 'municipalities add ID --name NAME [--postcode P] [--email-domain D] [--regional]',
  options: { name: { type: 'string' }, postcode: { type: 'string' }, 'email-domain': { type: 'string' }, regional: { type: 'boolean' } },
  positionals: true,
  async run(ctx, values, positionals) {
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError('Give exactly one municipality id, e.g. "poperinge".');
    if (typeof values.name !== 'string') throw new UsageError('--name is required.');
    try {
      const m = await addMunicipality(ctx.db.kysely, {
        id,
        name: values.name,
        postcode: typeof values.postcode === 'string' ? values.postcode : undefined,
        emailDomain: typeof values['email-domain'] === 'string' ? values['email-domain'] : undefined,
        regional: values.regional === true,
      });
      ctx.out(`Added municipality ${m.id} (${m.name}, ${m.postcode}, @${m.emailDomain}${m.regional ? ', regional' : ''}).`);
      return 0;
    } catch (err) {
      if (err instanceof MunicipalityError) {
        ctx.err(err.message);
        return 1;
      }
      throw err;
    }
  },
};

export const municipalitiesList: AdminCommand = {
  words: ['municipalities', 'list'],
  usage: 'municipalities list [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const list = await listMunicipalities(ctx.db.kysely);
    if (values.json) {
      ctx.out(JSON.stringify(list));
      return 0;
    }
    if (list.length === 0) ctx.out('No municipalities yet ("municipalities add ID --name NAME").');
    for (const m of list) ctx.out(`${m.id}\t${m.name}\t${m.postcode}\t@${m.emailDomain}\t${m.regional ? 'regional' : 'not regional'}\t${m.people} people`);
    return 0;
  },
};
