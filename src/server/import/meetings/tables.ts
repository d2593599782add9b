/** The meetings import's own table (use `trx.withTables<MeetingImportTables>()`); created by `migrations.ts`. */
export type MeetingImportTables = {
  /**
   * Which agenda items an import brought in: on a re-import only these can be removed when they
   * vanished from the publication (items the secretariat added by hand are never touched).
   */
  agenda_import_items: {
    item_id: string;
    meeting_id: string;
    municipality_id: string;
    /** The import source name ("meetings:lblod", "meetings:ics", or --source). */
    source: string;
    /** The agendapunt URI, or the iCalendar item's number / title key. */
    external_id: string;
  };
};
