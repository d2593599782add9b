/**
 * The worker thread that builds one image (image.ts): snapshot pages in (`{ page }`, JSON bytes, in
 * order), `{ finish }` last; answers `{ done: { rows, schema } }` or `{ error }`. The desktop's own
 * code does the work (main/core/sync/image.ts), so the file is what a desktop would have built.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildImage } from '../../main/core/sync/image.js';

const port = parentPort!;
const { file } = workerData as { file: string };
const builder = buildImage(file, () => new Date());
let failed = false;

port.on('message', (message: { page?: Uint8Array; finish?: true }) => {
  if (failed) return;
  try {
    if (message.page) builder.apply(JSON.parse(Buffer.from(message.page.buffer, message.page.byteOffset, message.page.byteLength).toString('utf8')));
    else if (message.finish) port.postMessage({ done: builder.finish() });
  } catch (err) {
    failed = true;
    builder.abort();
    port.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
