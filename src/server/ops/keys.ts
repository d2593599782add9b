/**
 * age (X25519) encryption of backup files with the `age-encryption` library (the reference
 * TypeScript implementation of age, on @noble). Key files are age's own formats, so the `age` and
 * `age-keygen` tools read and write the same files:
 *   recipients file (`age -R`): one `age1...` per line, `#` comments;
 *   identity file (`age -i`, what `age-keygen -o key.txt` writes): `AGE-SECRET-KEY-1...` lines.
 * `--encrypt-to` accepts either (an identity file gives its recipient); only the recipient is
 * needed to make a backup, so the machine that makes backups need not hold the secret key.
 */
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decrypter, Encrypter, identityToRecipient } from 'age-encryption';
import { BackupError } from './manifest.js';

function keyLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BackupError(`Cannot read the key file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The recipients (`age1...`) of a recipients file or an identity file. */
export async function readRecipients(file: string): Promise<string[]> {
  const out: string[] = [];
  for (const line of keyLines(file)) {
    if (/^age1[0-9a-z]+$/.test(line)) out.push(line);
    else if (/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(line)) out.push(await identityToRecipient(line));
    else throw new BackupError(`${file} is not an age recipients or identity file (a line is neither age1... nor AGE-SECRET-KEY-1...)`);
  }
  if (out.length === 0) throw new BackupError(`${file} holds no age recipient`);
  return out;
}

/** The identities (`AGE-SECRET-KEY-1...`) of an identity file. */
export function readIdentities(file: string): string[] {
  const ids = keyLines(file).filter((l) => /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(l));
  if (ids.length === 0) throw new BackupError(`${file} holds no age identity (AGE-SECRET-KEY-1...): --decrypt-with needs the secret key file`);
  return ids;
}

/** Encrypts a byte stream to `dest` (age binary format). */
export async function encryptTo(source: Readable, dest: string, recipients: readonly string[]): Promise<void> {
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  const encrypted = await encrypter.encrypt(Readable.toWeb(source) as ReadableStream<Uint8Array>);
  await pipeline(Readable.fromWeb(encrypted as never), createWriteStream(dest, { mode: 0o600 }));
}

/** Decrypts `source` (age) to `dest`; a wrong key or a modified file fails with a clear message. */
export async function decryptFile(source: string, dest: string, identities: readonly string[]): Promise<void> {
  const decrypter = new Decrypter();
  for (const id of identities) decrypter.addIdentity(id);
  try {
    const plain = await decrypter.decrypt(Readable.toWeb(createReadStream(source)) as ReadableStream<Uint8Array>);
    await pipeline(Readable.fromWeb(plain as never), createWriteStream(dest, { mode: 0o600 }));
  } catch (err) {
    throw new BackupError(`Cannot decrypt ${source}: ${err instanceof Error ? err.message : String(err)} (wrong key file, or the file was changed)`);
  }
}

