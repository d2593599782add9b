/**
 * Helpers shared by the agenda, approvals and orders demo seeds: find the demo accounts' people,
 * department heads, departments by name, and Belgian local times.
 */
import type { SeedContext, SeedPerson } from '../types.js';

/** ISO instant of a wall-clock time in Brussels on a day (handles summer/winter time). */
export function brussels(day: string, time: string): string {
  const guess = new Date(`${day}T${time}:00.000Z`);
  const shown = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hour12: false }).format(guess);
  const [h, m] = shown.split(':').map(Number) as [number, number];
  const [th, tm] = time.split(':').map(Number) as [number, number];
  let offsetMin = h * 60 + m - (th * 60 + tm);
  if (offsetMin < -720) offsetMin += 1440;
  if (offsetMin > 720) offsetMin -= 1440;
  return new Date(guess.getTime() - offsetMin * 60_000).toISOString();
}

/** "2026-11-28" + n days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The next date on or after `day` that falls on weekday (0 = Sunday ... 6 = Saturday). */
export function nextWeekday(day: string, weekday: number): string {
  const d = new Date(`${day}T12:00:00.000Z`);
  return addDays(day, (weekday - d.getUTCDay() + 7) % 7);
}

export class SeedWorld {
  readonly byId = new Map<string, SeedPerson>();
  constructor(readonly ctx: SeedContext) {
    for (const p of ctx.people) this.byId.set(p.id, p);
  }

  /** Municipalities to seed: those with demo accounts (or the first one). */
  municipalities(): SeedContext['municipalities'] {
    const withUsers = this.ctx.municipalities.filter((m) => this.ctx.users.some((u) => u.municipalityId === m.id));
    return withUsers.length ? withUsers : this.ctx.municipalities.slice(0, 1);
  }

  personOf(username: string): SeedPerson | null {
    const u = this.ctx.users.find((x) => x.username === username);
    return u?.personId ? (this.byId.get(u.personId) ?? null) : null;
  }

  /** Person of the first account with a role in a municipality. */
  personWithRole(municipalityId: string, role: string): SeedPerson | null {
    const u = this.ctx.users.find((x) => x.municipalityId === municipalityId && x.personId && x.roles.includes(role as never));
    return u?.personId ? (this.byId.get(u.personId) ?? null) : null;
  }

  /** The algemeen directeur of a municipality (secretary of the bodies), else the secretariat's person. */
  director(municipalityId: string): SeedPerson | null {
    return (
      this.ctx.people.find((p) => p.municipalityId === municipalityId && /^algemeen directeur$/i.test(p.jobTitle)) ??
      this.personWithRole(municipalityId, 'secretariat')
    );
  }

  name(p: SeedPerson | null | undefined): string {
    return p ? `${p.firstName} ${p.lastName}` : '';
  }

  department(municipalityId: string, pattern: RegExp, not?: string | null): SeedContext['departments'][number] | null {
    return this.ctx.departments.find((d) => d.municipalityId === municipalityId && pattern.test(d.name) && d.id !== not) ?? null;
  }

  departmentName(id: string | null): string {
    return this.ctx.departments.find((d) => d.id === id)?.name ?? '';
  }

  /** Head of a department: the demo head when it is theirs, else the person whose manager is outside it. */
  headOf(departmentId: string): SeedPerson | null {
    const demo = this.personOf('demo');
    if (demo && demo.departmentId === departmentId) return demo;
    const members = this.ctx.people.filter((p) => p.departmentId === departmentId);
    return members.find((p) => !p.managerId || this.byId.get(p.managerId)?.departmentId !== departmentId) ?? members[0] ?? null;
  }

  reportsOf(personId: string): SeedPerson[] {
    return this.ctx.people.filter((p) => p.managerId === personId);
  }

  peopleOf(departmentId: string): SeedPerson[] {
    return this.ctx.people.filter((p) => p.departmentId === departmentId);
  }
}
