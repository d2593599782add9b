/**
 * Read a publication (URL or file), parse it, merge it: what the admin command (and a scheduler or
 * a service, later) calls. Errors: SourceReadError (cannot be had), MeetingFormatError (cannot be
 * mapped), ImportError (unknown municipality): nothing is stored in any of these cases.
 */
import type { BodyKind } from '../../../shared/domain/agenda.js';
import type { Db } from '../../features/types.js';
import type { ImportSummary } from '../types.js';
import { isUrl, readSource, safeUrl, type ReadOptions } from './fetch.js';
import { applyMeetingImport } from './merge.js';
import { parseIcs } from './parse-ics.js';
import { parseLblod } from './parse-lblod.js';
import type { MeetingBatch } from './types.js';

export { applyMeetingImport, importedItemId, importedMeetingId } from './merge.js';
export { parseIcs } from './parse-ics.js';
export { parseLblod } from './parse-lblod.js';
export { SourceReadError } from './fetch.js';
export { MeetingFormatError } from './types.js';

export interface MeetingImportRequest extends ReadOptions {
  format: 'lblod' | 'ics';
  /** http(s) URL or a local file. */
  location: string;
  municipalityId: string;
  body?: BodyKind;
  source?: string;
  dryRun?: boolean;
  now?: Date | (() => Date);
}

export async function readMeetings(request: Pick<MeetingImportRequest, 'format' | 'location' | 'body' | 'timeoutMs' | 'maxBytes'>): Promise<MeetingBatch> {
  const bytes = await readSource(request.location, request);
  if (request.format === 'ics') return parseIcs(bytes, { body: request.body });
  return parseLblod(bytes, { baseIri: isUrl(request.location) ? safeUrl(request.location) : undefined });
}

export async function importMeetings(db: Db, request: MeetingImportRequest): Promise<ImportSummary> {
  const batch = await readMeetings(request);
  return applyMeetingImport(db, { municipalityId: request.municipalityId, source: request.source, batch, dryRun: request.dryRun, now: request.now });
}
