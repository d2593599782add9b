/**
 * Demo letters: per municipality a register for the demo year with sent, reserved and a few
 * cancelled numbers, requested by the demo accounts (deterministic: only ctx.rng).
 */
import type { DispatchMethod } from '../../../shared/domain/letters.js';
import type { SeedContext, SessionUser } from '../types.js';
import { reserveLetter, updateLetter } from './repository.js';

const SUBJECTS = [
  'Antwoord op uw aanvraag omgevingsvergunning',
  'Uitnodiging infovergadering heraanleg Grote Markt',
  'Bevestiging inschrijving speelpleinwerking',
  'Beslissing college: subsidie jeugdvereniging',
  'Aanmaning openstaande factuur',
  'Uittreksel uit de notulen van de gemeenteraad',
  'Toelating inname openbaar domein',
  'Antwoord op uw klacht over de straatverlichting',
];
const RECIPIENTS = ['Familie Vandenbroucke', 'VZW Hoppeland', 'Bouwbedrijf Decock NV', 'Dhr. en Mevr. Lefever-Deprez', 'Agentschap Wegen en Verkeer', 'Provincie West-Vlaanderen'];
const METHODS: DispatchMethod[] = ['post', 'post', 'registered', 'email'];

export async function seedLetters(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('letters');
  const year = Number(ctx.today.slice(0, 4));
  for (const municipality of ctx.municipalities) {
    const requesters = ctx.users.filter((u) => u.municipalityId === municipality.id);
    const departments = ctx.departments.filter((d) => d.municipalityId === municipality.id);
    if (requesters.length === 0 || departments.length === 0) continue;
    const count = municipality.id === ctx.municipalities[0]!.id ? 24 : 6;
    for (let i = 0; i < count; i++) {
      const account = rng.pick(requesters);
      const person = ctx.people.find((p) => p.id === account.personId);
      const user: SessionUser = {
        id: account.id,
        username: account.username,
        displayName: person ? `${person.firstName} ${person.lastName}` : account.username,
        municipalityId: municipality.id,
        personId: account.personId,
        roles: account.roles,
      };
      const when = new Date(Date.UTC(year, 0, 2 + Math.floor((i * 300) / count), 9 + rng.int(0, 7), rng.int(0, 59)));
      const id = `00000000-0000-4000-8000-${String(hash(municipality.id) * 1000 + i).padStart(12, '0').slice(-12)}`;
      const row = await reserveLetter(
        ctx.trx,
        user,
        id,
        {
          subject: rng.pick(SUBJECTS),
          recipient: rng.pick(RECIPIENTS),
          departmentId: (departments.find((d) => d.id === person?.departmentId) ?? rng.pick(departments)).id,
          handlingOfficer: user.displayName,
          dispatchMethod: rng.pick(METHODS),
          yourReference: rng.chance(0.3) ? `UK-${rng.int(100, 999)}` : null,
          dossier: rng.chance(0.4) ? `${year}-DOS-${rng.int(1000, 9999)}` : null,
        },
        new Date(Math.min(when.getTime(), Date.parse(`${ctx.today}T08:00:00Z`))),
      );
      const roll = rng.next();
      if (roll < 0.1) await updateLetter(ctx.trx, row, { status: 'cancelled', cancelled_at: row.reserved_at, cancel_reason: 'Brief niet verstuurd: dubbel aangevraagd', cancelled_by: user.id });
      else if (roll < 0.75 && i < count - 3) await updateLetter(ctx.trx, row, { status: 'sent', sent_at: row.reserved_at });
    }
  }
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 1_000_000;
  return h;
}
