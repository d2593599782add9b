/**
 * Wall-clock times in a named zone (Europe/Brussels) to the ISO UTC instants the agenda stores
 * (`Meeting.plannedStart` is `toISOString()`, like the seed's `brussels()`), summer and winter time
 * included. Pure; uses the runtime's time-zone database (Intl).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export const DEFAULT_ZONE = 'Europe/Brussels';

/** true when the runtime knows this IANA zone name. */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC at the instant `utcMs`, in minutes (Brussels: +60 in winter, +120 in summer). */
function offsetMinutes(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a wall-clock time in `zone`. In the autumn hour that happens twice the first
 * one is taken; a time in the skipped spring hour is moved forward by the gap (as calendars do).
 */
export function zonedToUtc(w: WallClock, zone: string = DEFAULT_ZONE): string {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const first = offsetMinutes(zone, naive - 12 * 3600_000);
  const second = offsetMinutes(zone, naive + 12 * 3600_000);
  // Try both offsets around the date; keep the one that maps back to the same wall clock.
  for (const off of first === second ? [first] : [first, second]) {
    const candidate = naive - off * 60_000;
    if (offsetMinutes(zone, candidate) === off) return new Date(candidate).toISOString();
  }
  return new Date(naive - first * 60_000).toISOString();
}
