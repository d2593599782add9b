/**
 * The municipality's published decisions in the Flemish linked-data model (OSLO "besluit", LBLOD):
 * a Gelinkt Notuleren publication is an HTML page with RDFa. rdfa-streaming-parser turns it into
 * triples; we read every besluit:Zitting with its besluit:Agendapunt items. Which field comes from
 * which property: docs/meetings-import.md.
 *
 * A publication is taken whole or not at all: any zitting or agendapunt that cannot be mapped makes
 * `parseLblod` throw MeetingFormatError listing every problem (nothing is stored).
 */
import { RdfaParser } from 'rdfa-streaming-parser';
import type { BodyKind, ItemKind, ItemVisibility } from '../../../shared/domain/agenda.js';
import { ALWAYS_CLOSED, CLASSIFICATION_KINDS, kindFromName } from './bodies.js';
import { decodeUtf8 } from './fetch.js';
import { clip, DESCRIPTION_MAX, kindFromLabel, LOCATION_MAX, oneLine, splitNumber, TITLE_MAX } from './text.js';
import { DEFAULT_ZONE, zonedToUtc } from './time.js';
import { MeetingFormatError, type MeetingBatch, type MeetingProblem, type SourceItem, type SourceMeeting } from './types.js';

const BESLUIT = 'http://data.vlaanderen.be/ns/besluit#';
const MANDAAT = 'http://data.vlaanderen.be/ns/mandaat#';
const PROV = 'http://www.w3.org/ns/prov#';
const DCT = 'http://purl.org/dc/terms/';
const DC11 = 'http://purl.org/dc/elements/1.1/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SCHEMA = ['http://schema.org/', 'https://schema.org/'];
const LOCN = 'http://www.w3.org/ns/locn#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

interface Term {
  termType: string;
  value: string;
}
type Graph = Map<string, Map<string, Term[]>>;

/** Parses an HTML+RDFa publication. `baseIri`: where it was read from (relative IRIs resolve against it). */
export async function parseLblod(bytes: Uint8Array, options: { baseIri?: string } = {}): Promise<MeetingBatch> {
  const text = decodeUtf8(bytes);
  if (text === null) throw new MeetingFormatError('The publication is not UTF-8 text.');
  if (!/<[a-z!]/i.test(text)) throw new MeetingFormatError('The publication is not an HTML page (no tags found).');
  const graph = await triples(text, options.baseIri ?? 'http://localhost/publicatie');
  const zittingen = subjectsOfType(graph, `${BESLUIT}Zitting`);
  if (zittingen.length === 0) throw new MeetingFormatError('No besluit:Zitting found in the publication (is it a Gelinkt Notuleren agenda, besluitenlijst or notulen page?).');
  const problems: MeetingProblem[] = [];
  const warnings: MeetingProblem[] = [];
  const meetings: SourceMeeting[] = [];
  for (const uri of zittingen) {
    const m = readZitting(graph, uri, problems, warnings);
    if (m) meetings.push(m);
  }
  if (problems.length) throw new MeetingFormatError(`The publication cannot be imported: ${problems.length} problem(s), e.g. ${problems[0]!.place}: ${problems[0]!.reason}.`, problems);
  return { kind: 'meetings:lblod', meetings, warnings };
}

async function triples(html: string, baseIRI: string): Promise<Graph> {
  const graph: Graph = new Map();
  await new Promise<void>((resolve, reject) => {
    // Its typings extend readable-stream's Transform, whose types are not installed: it is a Node stream.
    const parser = new RdfaParser({ baseIRI, contentType: 'text/html' }) as unknown as NodeJS.ReadWriteStream;
    parser.on('data', (q: { subject: Term; predicate: Term; object: Term }) => {
      let s = graph.get(q.subject.value);
      if (!s) graph.set(q.subject.value, (s = new Map()));
      const list = s.get(q.predicate.value) ?? [];
      list.push({ termType: q.object.termType, value: q.object.value });
      s.set(q.predicate.value, list);
    });
    parser.on('error', (err: Error) => reject(new MeetingFormatError(`The RDFa cannot be read: ${err.message}`)));
    parser.on('end', () => resolve());
    parser.write(html);
    parser.end();
  });
  return graph;
}

function subjectsOfType(graph: Graph, type: string): string[] {
  const out: string[] = [];
  for (const [s, props] of graph) if (props.get(RDF_TYPE)?.some((t) => t.value === type)) out.push(s);
  return out;
}

const objects = (g: Graph, s: string, ...preds: string[]): Term[] => preds.flatMap((p) => g.get(s)?.get(p) ?? []);
const literal = (g: Graph, s: string, ...preds: string[]): string | null => {
  const t = objects(g, s, ...preds).find((o) => o.termType === 'Literal' && oneLine(o.value) !== '');
  return t ? oneLine(t.value) : null;
};
const label = (g: Graph, s: string): string | null => literal(g, s, `${SKOS}prefLabel`, `${RDFS}label`, `${DCT}title`, `${LOCN}fullAddress`, `${SCHEMA[0]}name`);

/** xsd:dateTime -> ISO UTC; without an offset the time is a Brussels wall-clock time. */
export function lblodDateTime(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if (m[7]) {
    const d = new Date(value.trim());
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  return zonedToUtc({ year, month, day, hour, minute, second }, DEFAULT_ZONE);
}

function bodyOf(g: Graph, organ: string | null, zittingTitle: string | null): { kind: BodyKind | null; name: string | null } {
  const organs = organ ? [organ, ...objects(g, organ, `${MANDAAT}isTijdsspecialisatieVan`).map((t) => t.value)] : [];
  for (const o of organs) {
    for (const c of objects(g, o, `${BESLUIT}classificatie`)) {
      const kind = CLASSIFICATION_KINDS[c.value];
      if (kind) return { kind, name: organs.map((x) => label(g, x)).find(Boolean) ?? null };
    }
  }
  for (const o of organs) {
    const name = label(g, o);
    const kind = name ? kindFromName(name) : null;
    if (kind) return { kind, name };
  }
  return { kind: zittingTitle ? kindFromName(zittingTitle) : null, name: null };
}

function readZitting(g: Graph, uri: string, problems: MeetingProblem[], warnings: MeetingProblem[]): SourceMeeting | null {
  const place = `zitting ${uri}`;
  const before = problems.length;
  const plannedRaw = literal(g, uri, `${BESLUIT}geplandeStart`);
  const plannedStart = plannedRaw ? lblodDateTime(plannedRaw) : null;
  if (!plannedRaw) problems.push({ place, reason: 'besluit:geplandeStart is missing' });
  else if (!plannedStart) problems.push({ place, reason: 'besluit:geplandeStart is not an xsd:dateTime' });
  const time = (pred: string, name: string): string | null => {
    const raw = literal(g, uri, pred);
    if (!raw) return null;
    const v = lblodDateTime(raw);
    if (!v) problems.push({ place, reason: `${name} is not an xsd:dateTime` });
    return v;
  };
  const startedAt = time(`${PROV}startedAtTime`, 'prov:startedAtTime');
  const endedAt = time(`${PROV}endedAtTime`, 'prov:endedAtTime');
  const organ = objects(g, uri, `${BESLUIT}isGehoudenDoor`).find((t) => t.termType === 'NamedNode')?.value ?? null;
  const body = bodyOf(g, organ, literal(g, uri, `${DCT}title`, `${DC11}title`));
  if (!body.kind) problems.push({ place, reason: organ ? `the bestuursorgaan ${organ} is not a known body (no besluit:classificatie or name we recognise)` : 'besluit:isGehoudenDoor is missing' });
  let location: string | null = null;
  for (const t of objects(g, uri, `${PROV}atLocation`)) {
    location = t.termType === 'Literal' ? oneLine(t.value) : label(g, t.value);
    if (location) break;
  }
  if (location && location.length > LOCATION_MAX) {
    warnings.push({ place, reason: `prov:atLocation shortened to ${LOCATION_MAX} characters` });
    location = clip(location, LOCATION_MAX);
  }
  const items = readItems(g, uri, body.kind, problems, warnings);
  if (problems.length > before || !plannedStart || !body.kind) return null;
  return { externalId: uri, origin: place, bodyKind: body.kind, bodyName: body.name, plannedStart, startedAt, endedAt, location, items };
}

function readItems(g: Graph, zitting: string, bodyKind: BodyKind | null, problems: MeetingProblem[], warnings: MeetingProblem[]): SourceItem[] {
  const uris = [...new Set(objects(g, zitting, `${BESLUIT}behandelt`).filter((t) => t.termType === 'NamedNode').map((t) => t.value))];
  const read = uris.map((uri, documentOrder) => {
    const place = `agendapunt ${uri}`;
    const rawTitle = literal(g, uri, `${DCT}title`, `${DC11}title`);
    if (!rawTitle) problems.push({ place, reason: 'dct:title is missing' });
    const { number, title } = splitNumber(rawTitle ?? '');
    if (title.length > TITLE_MAX) problems.push({ place, reason: `dct:title is longer than ${TITLE_MAX} characters` });
    let description = literal(g, uri, `${DCT}description`, `${DC11}description`) ?? '';
    if (description.length > DESCRIPTION_MAX) {
      warnings.push({ place, reason: `dct:description shortened to ${DESCRIPTION_MAX} characters` });
      description = clip(description, DESCRIPTION_MAX);
    }
    const openbaar = literal(g, uri, `${BESLUIT}geplandOpenbaar`);
    let visibility: ItemVisibility = 'public';
    if (openbaar !== null) {
      if (/^(true|1)$/i.test(openbaar)) visibility = 'public';
      else if (/^(false|0)$/i.test(openbaar)) visibility = 'closed';
      else problems.push({ place, reason: 'besluit:geplandOpenbaar is not an xsd:boolean' });
    }
    if (bodyKind && ALWAYS_CLOSED.has(bodyKind)) visibility = 'closed';
    let kind: ItemKind = 'planned';
    for (const t of objects(g, uri, `${BESLUIT}Agendapunt.type`)) {
      const k = kindFromLabel(t.termType === 'Literal' ? t.value : (label(g, t.value) ?? t.value.split(/[/#]/).pop() ?? null));
      if (k) kind = k;
    }
    const posRaw = literal(g, uri, ...SCHEMA.map((s) => `${s}position`));
    const position = posRaw !== null && /^\d{1,3}$/.test(posRaw) ? Number(posRaw) : null;
    const after = objects(g, uri, `${BESLUIT}aangebrachtNa`).find((t) => t.termType === 'NamedNode')?.value ?? null;
    return { uri, documentOrder, number, title, description, visibility, kind, position, after };
  });
  return order(read).map((r, i) => ({
    externalId: r.uri,
    number: r.number,
    position: i + 1,
    title: r.title,
    description: r.description,
    visibility: r.visibility,
    kind: r.kind,
  }));
}

/** schema:position when every item has one; else the besluit:aangebrachtNa chain; else document order. */
function order<T extends { uri: string; documentOrder: number; position: number | null; after: string | null }>(items: T[]): T[] {
  if (items.length && items.every((i) => i.position !== null)) return [...items].sort((a, b) => a.position! - b.position! || a.documentOrder - b.documentOrder);
  const known = new Set(items.map((i) => i.uri));
  if (items.some((i) => i.after && known.has(i.after))) {
    const next = new Map<string | null, T[]>();
    for (const i of items) {
      const key = i.after && known.has(i.after) ? i.after : null;
      next.set(key, [...(next.get(key) ?? []), i]);
    }
    const out: T[] = [];
    const seen = new Set<string>();
    const walk = (key: string | null) => {
      for (const i of (next.get(key) ?? []).sort((a, b) => a.documentOrder - b.documentOrder)) {
        if (seen.has(i.uri)) continue;
        seen.add(i.uri);
        out.push(i);
        walk(i.uri);
      }
    };
    walk(null);
    // A cycle leaves items unreached: they follow in document order.
    for (const i of items) if (!seen.has(i.uri)) out.push(i);
    return out;
  }
  return [...items].sort((a, b) => a.documentOrder - b.documentOrder);
}
