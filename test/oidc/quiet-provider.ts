/**
 * `oidc-provider` without its two known start-up warnings, so test output shows only what matters:
 *   - "Unsupported runtime": it asks for Node 22 LTS; these tests run on the supported Node 20.19+
 *     (see README) and cover every flow Pop Index uses;
 *   - "in-memory adapter": a test provider lives as long as its test; memory is exactly right.
 * Only those two lines are dropped; every other warning still reaches the console.
 */
const KNOWN = [/^oidc-provider WARNING: Unsupported runtime\b/, /^oidc-provider WARNING: a quick start development-only in-memory adapter\b/];

/** Runs `work` with console.warn dropping only the KNOWN lines. */
export async function withoutKnownWarnings<T>(work: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    // eslint-disable-next-line no-control-regex
    const text = typeof args[0] === 'string' ? args[0].replace(/\x1b\[[0-9;]*m/g, '') : '';
    if (!KNOWN.some((k) => k.test(text))) warn(...args);
  };
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

export const { default: Provider, errors } = await withoutKnownWarnings(() => import('oidc-provider'));
