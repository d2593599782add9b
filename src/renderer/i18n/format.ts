/**
 * Dates, times, numbers and money in the user's language. Plain functions (tested on their own) plus
 * `useFormat()`, which follows the active vue-i18n locale.
 *   date        5/03/2026
 *   dateTimeLong donderdag 5 maart 2026 om 15:30
 *   time        15:30 (24-hour everywhere)
 *   euro        € 1.234,50 (from integer cents, shared/format/money.ts)
 */
import { formatMoney } from '../../shared/format/money.js';
import { useI18n } from 'vue-i18n';
import { INTL_LOCALE, isLocale, DEFAULT_LOCALE, type Locale } from './locales.js';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dtf(locale: Locale, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `d:${locale}:${key}`;
  let f = cache.get(id) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[locale], options);
    cache.set(id, f);
  }
  return f;
}

function nf(locale: Locale, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `n:${locale}:${key}`;
  let f = cache.get(id) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(INTL_LOCALE[locale], options);
    cache.set(id, f);
  }
  return f;
}

type DateInput = Date | string | number;
const toDate = (value: DateInput): Date => (value instanceof Date ? value : new Date(value));

export function formatDate(value: DateInput, locale: Locale): string {
  return dtf(locale, 'date', { day: 'numeric', month: '2-digit', year: 'numeric' }).format(toDate(value));
}

export function formatDateTimeLong(value: DateInput, locale: Locale): string {
  return dtf(locale, 'long', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(toDate(value));
}

export function formatDateLong(value: DateInput, locale: Locale): string {
  return dtf(locale, 'dateLong', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(value));
}

export function formatTime(value: DateInput, locale: Locale): string {
  return dtf(locale, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value));
}

/** Day and month only (birthdays: the year is never shown): "5 maart". */
export function formatDayMonth(month: number, day: number, locale: Locale): string {
  // A leap year, so 29 February formats too; UTC so the time zone cannot shift the day.
  return dtf(locale, 'dayMonth', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, month - 1, day)));
}

/** Weekday, day and month: "donderdag 5 maart". */
export function formatWeekdayDayMonth(value: DateInput, locale: Locale): string {
  return dtf(locale, 'weekdayDayMonth', { weekday: 'long', day: 'numeric', month: 'long' }).format(toDate(value));
}

/**
 * Weekdays and months are written in lower case ("maandag 5 maart"); only at the start of a heading
 * or sentence the first letter is a capital: "Maandag 5 maart". Used for every heading that starts
 * with a date, so all screens agree.
 */
export function sentenceStart(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(INTL_LOCALE[locale]) + text.slice(1);
}

export function formatNumber(value: number, locale: Locale): string {
  return nf(locale, 'number', {}).format(value);
}


/** The formatters bound to the active locale (reactive: re-evaluated in templates when it changes). */
export function useFormat() {
  const { locale } = useI18n();
  const current = (): Locale => (isLocale(locale.value) ? locale.value : DEFAULT_LOCALE);
  return {
    date: (v: DateInput) => formatDate(v, current()),
    dateLong: (v: DateInput) => formatDateLong(v, current()),
    dateTimeLong: (v: DateInput) => formatDateTimeLong(v, current()),
    time: (v: DateInput) => formatTime(v, current()),
    dayMonth: (month: number, day: number) => formatDayMonth(month, day, current()),
    weekdayDayMonth: (v: DateInput) => formatWeekdayDayMonth(v, current()),
    number: (v: number) => formatNumber(v, current()),
    sentenceStart: (text: string) => sentenceStart(text, current()),
    /** Integer euro cents (as stored and synced) shown as "€ 1.234,50" / "1 234,50 €" / "€1,234.50". */
    euro: (cents: number) => formatMoney(cents, INTL_LOCALE[current()]),
  };
}
