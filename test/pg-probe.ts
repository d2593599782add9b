/**
 * Where the test PostgreSQL is (a user that may create databases) and whether it answers: shared by
 * the backend tests (test/server/helpers.ts) and the Playwright fixtures (test/e2e/fixtures.ts).
 */
import pg from 'pg';

export const PG_ADMIN_URL = process.env.POP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** null when PostgreSQL answers at PG_ADMIN_URL, else why not. */
export async function probePg(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}
