/**
 * Agenda commands (secretariat only):
 *   agenda.addItem   put an item on a meeting's agenda (numbered per body and year)
 *   agenda.advance   move a meeting to its next publication status (status.ts)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Attachment, ItemKind, ItemVisibility, MeetingStatus } from '../../../shared/domain/agenda.js';
import { Id } from '../../../shared/domain/directory.js';
import { applied, defineCommand, reject } from '../define.js';
import type { CommandHandler } from '../types.js';
import { advanceMeeting } from './status.js';
import { getBody, getMeeting, nextItemNumber, putItem, putMeeting } from './repository.js';
import type { AgendaTables } from './tables.js';

const AddItem = z
  .object({
    meetingId: Id,
    title: z.string().trim().min(1).max(500),
    description: z.string().max(5000).default(''),
    visibility: ItemVisibility,
    kind: ItemKind.default('planned'),
    departmentId: Id.nullable().default(null),
    draftDecision: z.string().max(10000).nullable().default(null),
    attachments: z.array(Attachment).max(50).default([]),
  })
  .strict();

const Advance = z.object({ meetingId: Id, to: MeetingStatus }).strict();

/** Opaque item ids: they say nothing about the item (a closed item's id must not hint at it). */
export function itemId(meetingId: string, number: string): string {
  return 'agi-' + createHash('sha256').update(`${meetingId}/${number}`).digest('hex').slice(0, 20);
}

export const agendaCommands: Record<string, CommandHandler> = {
  'agenda.addItem': defineCommand({
    payload: AddItem,
    roles: ['secretariat'],
    async handle({ trx, user, payload, now }) {
      const meeting = await getMeeting(trx, payload.meetingId);
      if (!meeting || meeting.municipalityId !== user.municipalityId) return reject('not_found', 'Deze zitting bestaat niet (meer).');
      if (meeting.status !== 'ontwerp' && meeting.status !== 'agenda_gepubliceerd') {
        return reject('meeting_closed', 'Aan een zitting die al gehouden is, kunnen geen punten meer toegevoegd worden.');
      }
      const body = await getBody(trx, meeting.bodyId);
      if (!body) return reject('not_found', 'Het bestuursorgaan van deze zitting bestaat niet (meer).');
      const last = await trx
        .withTables<AgendaTables>()
        .selectFrom('agenda_items')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('meeting_id', '=', meeting.id)
        .executeTakeFirst();
      const number = await nextItemNumber(trx, body, now.getUTCFullYear());
      const id = itemId(meeting.id, number);
      const position = Number(last?.max ?? 0) + 1;
      await putItem(
        trx,
        {
          id,
          meetingId: meeting.id,
          number,
          position,
          title: payload.title,
          description: payload.description,
          visibility: payload.visibility,
          kind: payload.kind,
          departmentId: payload.departmentId,
          draftDecision: payload.draftDecision,
          outcome: null,
          votes: null,
          attachments: payload.attachments,
        },
        meeting,
      );
      return applied({ itemId: id, number, position });
    },
  }),
  'agenda.advance': defineCommand({
    payload: Advance,
    roles: ['secretariat'],
    async handle({ trx, user, payload, now }) {
      const meeting = await getMeeting(trx, payload.meetingId);
      if (!meeting || meeting.municipalityId !== user.municipalityId) return reject('not_found', 'Deze zitting bestaat niet (meer).');
      const body = await getBody(trx, meeting.bodyId);
      if (!body) return reject('not_found', 'Het bestuursorgaan van deze zitting bestaat niet (meer).');
      const outcome = advanceMeeting({ ...meeting, bodyKind: body.kind }, payload.to, { isSecretariat: true }, now);
      if (!outcome.ok) return reject(outcome.reason, outcome.message);
      const iso = now.toISOString();
      await putMeeting(trx, {
        ...meeting,
        status: outcome.to,
        startedAt: outcome.to === 'gehouden' ? (meeting.startedAt ?? meeting.plannedStart) : meeting.startedAt,
        endedAt: outcome.to === 'gehouden' ? (meeting.endedAt ?? iso) : meeting.endedAt,
      });
      return applied({ meetingId: meeting.id, status: outcome.to });
    },
  }),
};
