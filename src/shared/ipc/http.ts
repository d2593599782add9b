/**
 * How the web harness (src/main/web) carries the same contract over HTTP on 127.0.0.1, so the
 * Vue screens run in a normal browser against the real core (tests, machines without Electron).
 *
 *   POST {RPC_PATH}/<method>   body: JSON input        -> 200 Envelope<output> (JSON)
 *   GET  {EVENTS_PATH}?token=  text/event-stream: `event: <EventName>` + `data: <JSON payload>`
 *
 * Every request carries the per-run token (header TOKEN_HEADER, or `token` query for the SSE
 * stream, which EventSource cannot give headers). The harness prints the URL with `#token=...`;
 * the renderer moves it to sessionStorage and clears it from the address bar.
 */
export const RPC_PATH = '/rpc';
export const EVENTS_PATH = '/events';
export const TOKEN_HEADER = 'x-pop-harness-token';
export const TOKEN_STORAGE_KEY = 'pop-harness-token';
