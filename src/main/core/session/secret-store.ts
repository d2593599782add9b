/**
 * Where the host keeps secrets (the session token). The Electron shell gives one backed by
 * safeStorage (refusing the plain-text fallback); the web harness and tests use the in-memory one.
 * The token lives only in the core: never in the renderer, never in logs.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
