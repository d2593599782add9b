/**
 * What can be wrong with a request (leave, overtime, training, other), per field, and the nl-BE
 * sentence for each: the server answers with it, and the renderer's nl-BE messages use the same
 * sentences (fr-BE and en are translated there). No imports: the renderer's first chunk may load it.
 */

/** Stable codes of what is wrong with a request, per field. */
export type RequestProblemCode =
  | 'range_reversed'
  | 'range_too_long'
  | 'half_days_same_day'
  | 'no_working_days'
  | 'hours_range'
  | 'hours_step'
  | 'reason_required'
  | 'course_required'
  | 'provider_required'
  | 'cost_range'
  | 'title_required'
  | 'description_required';

/** The nl-BE sentence of each code (server answers; the renderer's nl-BE messages). */
export const REQUEST_PROBLEM_NL: Record<RequestProblemCode, string> = {
  range_reversed: 'De einddatum ligt vóór de begindatum.',
  range_too_long: 'Een aanvraag loopt hoogstens 1 jaar.',
  half_days_same_day: 'Op één dag kiest u een voormiddag of een namiddag, niet beide.',
  no_working_days: 'Deze periode bevat geen werkdagen.',
  hours_range: 'Het aantal uren ligt tussen 0 en 24 (meer dan 0).',
  hours_step: 'Geef de uren op per kwartier (bv. 1,25 of 7,5).',
  reason_required: 'Geef een reden op.',
  course_required: 'Geef de naam van de opleiding op.',
  provider_required: 'Geef de organisator op.',
  cost_range: 'De kostprijs is 0 of meer (hoogstens € 1.000.000).',
  title_required: 'Geef een titel op.',
  description_required: 'Geef een omschrijving op.',
};
