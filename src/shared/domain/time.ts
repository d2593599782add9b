/**
 * Dates and times on every boundary. A calendar date must exist ("2026-13-45" and "2026-02-29"
 * are refused with a clear message, never reach a query); times carry their offset.
 */
import { z } from 'zod';

export const IsoDate = z.iso.date({ error: 'date: an existing date YYYY-MM-DD expected' });
export const IsoDateTime = z.string().datetime({ offset: true });
