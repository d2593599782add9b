/**
 * A second reference: MiniSearch (in-memory inverted index, JS) over the same fields as the FTS5
 * baseline, prefix search with every term required, its own relevance ranking.
 */
import MiniSearch from 'minisearch';
import { normalize } from '../src/main/core/features/directory/normalize.js';
import type { BaselineSearch } from './fts5-baseline.js';
import type { Dataset } from './dataset.js';

export function miniSearchBaseline(data: Dataset): { search: BaselineSearch } {
  const departments = new Map(data.departments.map((d) => [d.id, d.name]));
  const towns = new Map(data.municipalities.map((m) => [m.id, m.name]));
  const national = (e164: string | null) => (e164 ? '0' + e164.slice(3) : '');
  const index = new MiniSearch({
    fields: ['first', 'last', 'title', 'dept', 'town', 'email', 'phones'],
    storeFields: ['departmentId', 'municipalityId'],
    processTerm: (term) => normalize(term) || null,
  });
  index.addAll(
    data.people.map((p) => ({
      id: p.id,
      first: p.firstName,
      last: p.lastName,
      title: p.jobTitle,
      dept: departments.get(p.departmentId) ?? '',
      town: towns.get(p.municipalityId) ?? '',
      email: p.email,
      phones: `${national(p.deskPhone)} ${national(p.mobilePhone)} ${p.extension ?? ''}`,
      departmentId: p.departmentId,
      municipalityId: p.municipalityId,
    })),
  );
  return {
    search(query, filters, limit) {
      const digits = /^[+\d][\d\s./-]*$/.test(query.trim()) ? query.replace(/\D/g, '') : null;
      const q = digits ?? normalize(query);
      if (!q) return [];
      const filter = filters.departmentId || filters.municipalityId
        ? (r: { departmentId?: string; municipalityId?: string }) =>
            (!filters.departmentId || r.departmentId === filters.departmentId) && (!filters.municipalityId || r.municipalityId === filters.municipalityId)
        : undefined;
      return index.search(q, { prefix: true, combineWith: 'AND', ...(filter ? { filter: filter as never } : {}) }).slice(0, limit);
    },
  };
}
