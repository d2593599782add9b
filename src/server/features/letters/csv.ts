/**
 * CSV for exports opened in Excel (nl-BE): ";" separated, UTF-8 with BOM, CRLF. Cells that a
 * spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe. Times are written in
 * Belgian local time as "30/11/2026 09:15" (Excel with a Belgian locale reads that as a date and
 * time; ISO UTC was an hour off and stayed text), headers and values in the user's language.
 */
const BRUSSELS = 'Europe/Brussels';
const dateTimeFormat = new Intl.DateTimeFormat('nl-BE', {
  timeZone: BRUSSELS,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-30T08:15:00.000Z" -> "30/11/2026 09:15" (Brussels); null/empty stays empty. */
export function excelDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** The UTC instant at which a Brussels calendar day ("2026-03-29") starts (DST-aware). */
export function brusselsDayStart(day: string): string {
  // Brussels' offset around that midnight (DST switches happen at 01:00 UTC, after it)
  const reference = new Date(`${day}T00:00:00Z`);
  const local = new Date(reference.toLocaleString('en-US', { timeZone: BRUSSELS }));
  const utc = new Date(reference.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(reference.getTime() - (local.getTime() - utc.getTime())).toISOString();
}
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[;"\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
