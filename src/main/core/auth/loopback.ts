/**
 * The loopback redirect of a native app (RFC 8252 §7.3): a one-shot HTTP listener on 127.0.0.1
 * (never 0.0.0.0), on a port the OS picks, that waits for the provider's redirect to
 * `http://127.0.0.1:<port>/callback`, hands the callback URL over and, once the app knows,
 * answers the browser with a small "you can close this window" (or "failed") page in nl/fr/en.
 * Anything but `GET /callback` gets a 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OidcSignInError } from './errors.js';

export const CALLBACK_PATH = '/callback';

export interface Callback {
  url: URL;
  /**
   * Answers the waiting browser: "you are signed in" only once the app really is (tokens
   * exchanged, backend agreed), else "signing in failed". Called once; `close()` answers failure.
   */
  answer(signedIn: boolean): void;
}

export interface Loopback {
  redirectUri: string;
  /**
   * Resolves with the first callback whose `state` equals `expectedState` (the browser waits for
   * `answer`); rejects on a state mismatch or a provider error (the browser sees a failure page),
   * on timeout, or when `signal` aborts.
   */
  waitForCallback(expectedState: string, timeoutMs: number, signal?: AbortSignal): Promise<Callback>;
  close(): Promise<void>;
}

const PAGE_STYLE = 'font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5';

function page(res: ServerResponse, status: number, lines: string[]): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
  });
  const body = lines.map((line, i) => `<p lang="${['nl', 'fr', 'en'][i] ?? 'en'}">${line}</p>`).join('');
  res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Pop Index</title></head><body style="${PAGE_STYLE}"><h1>Pop Index</h1>${body}</body></html>`);
}

const DONE = [
  'U bent aangemeld. U kunt dit venster sluiten en terugkeren naar Pop Index.',
  'Vous êtes connecté. Vous pouvez fermer cette fenêtre et revenir à Pop Index.',
  'You are signed in. You can close this window and return to Pop Index.',
];
const FAILED = [
  'Aanmelden is niet gelukt. Sluit dit venster en probeer opnieuw in Pop Index.',
  'La connexion a échoué. Fermez cette fenêtre et réessayez dans Pop Index.',
  'Signing in failed. Close this window and try again in Pop Index.',
];

export async function startLoopback(): Promise<Loopback> {
  let onRequest: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  let waiting: ServerResponse | null = null;
  const answer = (signedIn: boolean): void => {
    if (waiting && !waiting.headersSent) page(waiting, signedIn ? 200 : 400, signedIn ? DONE : FAILED);
    waiting = null;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || !onRequest) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    onRequest(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;

  return {
    redirectUri,
    waitForCallback(expectedState, timeoutMs, signal) {
      return new Promise<Callback>((resolve, reject) => {
        const finish = (error: OidcSignInError | null, url?: URL): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          onRequest = null;
          if (error) reject(error);
          else resolve({ url: url as URL, answer });
        };
        const onAbort = (): void => finish(new OidcSignInError('cancelled', 'Sign-in was cancelled'));
        const timer = setTimeout(() => finish(new OidcSignInError('timeout', `No answer from the browser within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        onRequest = (req, res) => {
          const url = new URL(req.url ?? '/', redirectUri);
          if (url.searchParams.get('state') !== expectedState) {
            page(res, 400, FAILED);
            return finish(new OidcSignInError('state_mismatch', 'The answer from the browser does not belong to this sign-in (state mismatch)'));
          }
          const providerError = url.searchParams.get('error');
          if (providerError) {
            page(res, 400, FAILED);
            const code = providerError === 'access_denied' ? 'denied' : 'provider_error';
            return finish(new OidcSignInError(code, `The identity provider refused the sign-in (${providerError.slice(0, 64)})`));
          }
          waiting = res;
          finish(null, url);
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        answer(false);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
