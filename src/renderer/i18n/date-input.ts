/**
 * Typed dates and times in the Belgian way, whatever the browser's or the OS's locale: the date as
 * dd/mm/jjjj ("5/3/2026", "05-03-2026", "05.03.2026" and "05032026" are understood too), the time
 * as 24-hour uu:mm ("8:30", "8u30", "8h30", "0830", "8"). Values travel as ISO: "2026-03-05", "08:30".
 * Used by components/DateTimeField.vue instead of <input type=date|time> (those follow the browser).
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-03-05" -> "05/03/2026"; anything else -> "". */
export function isoDateToText(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** A typed date as ISO, or null when it is not a real day (31/02, 13th month) or not complete. */
export function parseDateText(text: string): string | null {
  const trimmed = text.trim();
  const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  const parts = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/.exec(trimmed);
  const m = digits ?? parts;
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1800 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** A typed time as "HH:MM" (24-hour), or null. */
export function parseTimeText(text: string): string | null {
  const trimmed = text.trim().toLowerCase();
  const m = /^(\d{1,2})(?:\s*[:.uh]\s*(\d{2})?)?$/.exec(trimmed) ?? /^(\d{2})(\d{2})$/.exec(trimmed);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

/** "08:30" -> "08:30"; anything else -> "". */
export function isoTimeToText(iso: string): string {
  return /^\d{2}:\d{2}$/.test(iso) ? iso : '';
}

/**
 * The mask while typing: digits get their separators as they come ("0503" -> "05/03",
 * "05032026" -> "05/03/2026", "05/032" -> "05/03/2"). Text typed with its own shorter parts
 * ("5/3/2026", "5-3") is left alone: parseDateText understands it.
 */
export function maskDateText(text: string): string {
  if (!/^\d*$|^\d{2}\/\d*$|^\d{2}\/\d{2}\/\d*$/.test(text)) return text;
  const d = text.replace(/\//g, '').slice(0, 8);
  if (d.length <= 2) return d;
  if (d.length <= 4) return `${d.slice(0, 2)}/${d.slice(2)}`;
  return `${d.slice(0, 2)}/${d.slice(2, 4)}/${d.slice(4)}`;
}


/** Today in the local time zone as ISO (toISOString() is UTC: after midnight it is still yesterday). */
export function localIsoDate(date = new Date()): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
