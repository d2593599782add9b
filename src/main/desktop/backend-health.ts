/**
 * The minimum client version the backend requires: from GET /api/v1/health, or from the body of
 * a 426 protocol-mismatch answer (an old client talking to a newer server).
 */
import { CLIENT_VERSION_HEADER, Health, PROTOCOL_HEADER, PROTOCOL_VERSION, ProtocolMismatch } from '../../shared/sync/protocol.js';

export async function fetchMinClientVersion(backendUrl: string, clientVersion: string, timeoutMs = 10_000): Promise<string | null> {
  const url = new URL('/api/v1/health', backendUrl);
  const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [CLIENT_VERSION_HEADER]: clientVersion };
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 426) {
    const mismatch = ProtocolMismatch.safeParse(body);
    return mismatch.success ? mismatch.data.minClientVersion : null;
  }
  if (!response.ok) throw new Error(`health answered ${response.status}`);
  const health = Health.safeParse(body);
  if (!health.success) throw new Error('health answer does not match the protocol');
  return health.data.minClientVersion;
}
