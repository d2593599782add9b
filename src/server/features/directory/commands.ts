/**
 * Directory commands (from the desktop outbox):
 *   directory.setPrivacy  the signed-in user's own opt-ins (birthday, regional directory)
 *   directory.setPhones   mobile number / extension of the own person (or anyone's, for admin),
 *                         with the values the client saw: changed meanwhile -> rejected "conflict"
 */
import { z } from 'zod';
import { E164, Id } from '../../../shared/domain/directory.js';
import { recordChange } from '../../sync/changes.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler } from '../types.js';

const SetPrivacy = z
  .object({ birthdayVisible: z.boolean().optional(), regionalVisible: z.boolean().optional(), birthdayRegional: z.boolean().optional() })
  .strict();

const Phones = z.object({ mobilePhone: E164.nullable(), extension: z.string().regex(/^\d{2,6}$/).nullable() });
const SetPhones = z.object({ personId: Id, phones: Phones, expected: Phones }).strict();

const flag = (v: boolean | undefined, current: number): number => (v === undefined ? current : v ? 1 : 0);

export const directoryCommands: Record<string, CommandHandler> = {
  'directory.setPrivacy': defineCommand({
    payload: SetPrivacy,
    async handle({ trx, user, payload, now }) {
      if (!user.personId) return reject('no_person', 'Uw account is niet aan een medewerker gekoppeld.');
      const p = await trx.selectFrom('people').selectAll().where('id', '=', user.personId).executeTakeFirst();
      if (!p) return reject('not_found', 'Uw fiche in de personeelsgids bestaat niet meer.');
      const next = {
        birthday_visible: flag(payload.birthdayVisible, p.birthday_visible),
        regional_visible: flag(payload.regionalVisible, p.regional_visible),
        birthday_regional: flag(payload.birthdayRegional, p.birthday_regional),
      };
      await trx.updateTable('people').set({ ...next, updated_at: now.toISOString() }).where('id', '=', p.id).execute();
      await recordChange(trx, { collection: 'people', id: p.id, tenant: p.municipality_id });
      if (next.regional_visible !== p.regional_visible) {
        // Who may see the person changed: their photo reaches (or leaves) the other municipalities too.
        const photo = await trx.selectFrom('person_photos').select('person_id').where('person_id', '=', p.id).executeTakeFirst();
        if (photo) await recordChange(trx, { collection: 'personPhotos', id: p.id, tenant: p.municipality_id });
      }
      return applied({ birthdayVisible: next.birthday_visible === 1, regionalVisible: next.regional_visible === 1, birthdayRegional: next.birthday_regional === 1 });
    },
  }),
  'directory.setPhones': defineCommand({
    payload: SetPhones,
    async handle({ trx, user, payload, now }) {
      const isAdmin = user.roles.includes('admin');
      if (!isAdmin && payload.personId !== user.personId) {
        return reject('forbidden', 'U kunt alleen uw eigen telefoonnummers aanpassen.');
      }
      const p = await trx
        .selectFrom('people')
        .select(['id', 'municipality_id', 'mobile_phone', 'extension'])
        .where('id', '=', payload.personId)
        .where('municipality_id', '=', user.municipalityId)
        .executeTakeFirst();
      if (!p) return reject('not_found', 'Deze medewerker bestaat niet (meer) in uw gemeente.');
      if (p.mobile_phone !== payload.expected.mobilePhone || p.extension !== payload.expected.extension) {
        return reject('conflict', 'De telefoonnummers werden intussen door iemand anders gewijzigd. Bekijk de nieuwe gegevens en probeer opnieuw.');
      }
      await trx
        .updateTable('people')
        .set({ mobile_phone: payload.phones.mobilePhone, extension: payload.phones.extension, updated_at: now.toISOString() })
        .where('id', '=', p.id)
        .execute();
      await recordChange(trx, { collection: 'people', id: p.id, tenant: p.municipality_id });
      return applied({ personId: p.id });
    },
  }),
};
