/** The letters feature's tables (use `trx.withTables<LetterTables>()`). */
export type LetterTables = {
  letters: {
    /** Client-chosen UUID: a replayed reservation finds its letter again. */
    id: string;
    municipality_id: string;
    year: number;
    sequence: number;
    reserved_at: string;
    subject: string;
    recipient: string;
    department_id: string;
    handling_officer: string;
    dispatch_method: string;
    your_reference: string | null;
    dossier: string | null;
    /** reserved | sent | cancelled */
    status: string;
    requested_by: string;
    requested_by_name: string;
    sent_at: string | null;
    cancelled_at: string | null;
    cancel_reason: string | null;
    cancelled_by: string | null;
  };
  /** Per (municipality, year): the last sequence handed out. Locked by the atomic upsert. */
  letter_counters: { municipality_id: string; year: number; last_sequence: number };
};
