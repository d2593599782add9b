/** The agenda feature's tables as Kysely sees them (use `trx.withTables<AgendaTables>()`). */
export type AgendaTables = {
  agenda_bodies: {
    id: string;
    municipality_id: string;
    /** JSON: GoverningBody. */
    data: string;
  };
  /** Members of a body (person ids): they may see its closed items. */
  agenda_body_members: { body_id: string; person_id: string };
  agenda_meetings: {
    id: string;
    body_id: string;
    municipality_id: string;
    planned_start: string;
    status: string;
    /** JSON: Meeting. */
    data: string;
  };
  agenda_items: {
    id: string;
    meeting_id: string;
    body_id: string;
    municipality_id: string;
    /** 'public' | 'closed' (besloten). */
    visibility: string;
    /** Department that brought the item (may see it when closed). */
    department_id: string | null;
    position: number;
    /** JSON: AgendaItem. */
    data: string;
  };
  /** Per body and year, the last item number handed out ("2026_GR_00133" -> 133). */
  agenda_numbers: { body_id: string; year: number; last: number };
};
