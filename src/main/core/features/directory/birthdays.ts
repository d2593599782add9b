/**
 * Birthdays of today and the coming days (only people who opted in; the year is never known).
 * Walks the calendar day by day from today, so a year wrap (31/12 -> 1/1) just works. A 29 February
 * birthday is celebrated on 28 February in years without a 29th.
 */
import { stmt } from '../../cache/statements.js';
import type { BirthdayEntry } from '../../../../shared/contract/directory.js';
import type { CacheDb } from '../types.js';
import { SUMMARY_COLUMNS, summaries, type SummaryValues } from './summary.js';

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The (month, day) keys celebrated on a calendar date. */
export function celebratedOn(date: Date): { month: number; day: number }[] {
  const month = date.getMonth() + 1;
  const day = date.getDate();
  const keys = [{ month, day }];
  if (month === 2 && day === 28 && !isLeap(date.getFullYear())) keys.push({ month: 2, day: 29 });
  return keys;
}

export function upcomingBirthdays(db: CacheDb, today: Date, days: number): BirthdayEntry[] {
  const statement = stmt(db, `SELECT ${SUMMARY_COLUMNS} FROM dir_people p WHERE p.birthday_month = ? AND p.birthday_day = ? ORDER BY p.last_first`).raw();
  const out: BirthdayEntry[] = [];
  for (let offset = 0; offset <= days; offset++) {
    const date = new Date(today.getFullYear(), today.getMonth(), today.getDate() + offset);
    for (const key of celebratedOn(date)) {
      for (const person of summaries(db, statement.all(key.month, key.day) as SummaryValues[])) {
        out.push({ person, month: key.month, day: key.day, daysUntil: offset });
      }
    }
  }
  return out;
}
