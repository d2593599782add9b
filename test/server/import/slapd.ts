/**
 * A private OpenLDAP server for the LDAP source's tests and the bench: Debian's slapd with its own
 * temporary slapd.conf (core, cosine, inetorgperson; back_mdb), an LDIF fixture loaded with slapadd,
 * listening on a free random port of 127.0.0.1 (and optionally ldaps:// with a throwaway CA made
 * with openssl). Stopped by the pid in its pidfile. ldapadd/ldapmodify/ldapdelete change it during
 * a test.
 *
 * slapd not installed: `SLAPD_AVAILABLE` is false and "skipped: slapd not installed" is printed,
 * except under CI=true, where importing this module throws (CI must run these tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** POP_TEST_SLAPD=/path/to/slapd picks another binary (a missing path shows the skip). */
const SLAPD = (process.env.POP_TEST_SLAPD ? [process.env.POP_TEST_SLAPD] : ['/usr/sbin/slapd', '/usr/local/sbin/slapd']).find((p) => existsSync(p)) ?? null;
const SLAPADD = SLAPD ? SLAPD.replace(/slapd$/, 'slapadd') : null;
const LDAP_TOOLS = ['ldapadd', 'ldapmodify', 'ldapdelete'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);

function probe(): string | null {
  if (!SLAPD || !SLAPADD || !existsSync(SLAPADD)) return 'slapd not installed';
  if (!LDAP_TOOLS) return 'ldap-utils not installed';
  return null;
}
const problem = probe();
if (problem) {
  if (process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0') throw new Error(`${problem}: CI must run the LDAP tests (.ci/run installs slapd and ldap-utils)`);
  console.log(`skipped: ${problem}`);
}
export const SLAPD_AVAILABLE = problem === null;

export const SUFFIX = 'dc=poperinge,dc=test';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
export const ROOT_PW = 'Geheim-wachtwoord-42';
export const PEOPLE_BASE = `ou=people,${SUFFIX}`;

export interface SlapdOptions {
  /** LDIF loaded with slapadd before the start (the suffix and ou=people are added first). */
  ldif?: string;
  /** slapd's soft/hard size limit for non-root binds (AD answers at most 1,000 a page). Default unlimited. */
  sizeLimit?: number;
  /** Also listen on ldaps:// with a certificate of a throwaway CA (StartTLS works on ldap:// too). */
  tls?: boolean;
  /** Extra schema text (attributetype / objectclass definitions), included after inetorgperson. */
  schema?: string;
}

export interface Slapd {
  url: string;
  /** ldaps://127.0.0.1:PORT when started with tls. */
  ldapsUrl: string | null;
  /** The throwaway CA's PEM file when started with tls. */
  caFile: string | null;
  dir: string;
  /** A file holding ROOT_PW plus a trailing newline, as IT would write it. */
  passwordFile: string;
  /** A read-only service account (limits apply to it, unlike the rootdn). */
  readerDn: string;
  readerPasswordFile: string;
  add(ldif: string): void;
  modify(ldif: string): void;
  delete(dn: string): void;
  stop(): Promise<void>;
}

export const READER_PW = 'lees-alleen-7';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function makeCa(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const cert = join(dir, 'server.pem');
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const ext = join(dir, 'server.ext');
  const quiet = { stdio: 'pipe' as const };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=Pop Index test CA'], quiet);
  execFileSync('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=localhost'], quiet);
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext], quiet);
  return { ca, cert, key };
}

function baseLdif(): string {
  return [
    `dn: ${SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'dc: poperinge',
    'o: Stad Poperinge',
    '',
    `dn: ${PEOPLE_BASE}`,
    'objectClass: organizationalUnit',
    'ou: people',
    '',
    `dn: cn=reader,${SUFFIX}`,
    'objectClass: organizationalRole',
    'objectClass: simpleSecurityObject',
    'cn: reader',
    `userPassword: ${READER_PW}`,
    '',
    '',
  ].join('\n');
}

/** Starts a private slapd; call `stop()` in afterAll. */
export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  if (!SLAPD || !SLAPADD) throw new Error('slapd not installed');
  const dir = mkdtempSync(join(tmpdir(), 'pop-slapd-'));
  const dbDir = join(dir, 'db');
  mkdirSync(dbDir);
  let port = await freePort();
  let tlsPort = options.tls ? await freePort() : null;
  const certs = options.tls ? makeCa(dir) : null;
  const limit = options.sizeLimit ?? 'unlimited';
  const extraSchema = join(dir, 'extra.schema');
  if (options.schema) writeFileSync(extraSchema, options.schema);
  const conf = [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    ...(options.schema ? [`include ${extraSchema}`] : []),
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...(certs ? [`TLSCACertificateFile ${certs.ca}`, `TLSCertificateFile ${certs.cert}`, `TLSCertificateKeyFile ${certs.key}`] : []),
    'database mdb',
    'maxsize 1073741824',
    `suffix "${SUFFIX}"`,
    `rootdn "${ROOT_DN}"`,
    `rootpw ${ROOT_PW}`,
    `directory ${dbDir}`,
    'index objectClass eq',
    'index entryUUID eq',
    // Like AD's MaxPageSize: a plain search stops at the limit, a paged search reads everything.
    `limits dn.exact="cn=reader,${SUFFIX}" size.soft=${limit} size.hard=${limit} size.pr=unlimited size.prtotal=unlimited`,
    'access to attrs=userPassword by self write by anonymous auth by * none',
    'access to * by dn.exact="cn=reader,' + SUFFIX + '" read by * none',
    '',
  ].join('\n');
  const confFile = join(dir, 'slapd.conf');
  writeFileSync(confFile, conf);
  const ldifFile = join(dir, 'fixture.ldif');
  writeFileSync(ldifFile, baseLdif() + (options.ldif ?? ''));
  const add = spawnSync(SLAPADD, ['-q', '-f', confFile, '-l', ldifFile], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`slapadd failed: ${add.stderr}`);
  // A free port may be taken by another process before slapd binds it: then try other ports.
  for (let attempt = 1; ; attempt++) {
    const urls = [`ldap://127.0.0.1:${port}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])];
    const start = spawnSync(SLAPD, ['-f', confFile, '-h', urls.join(' ')], { encoding: 'utf8' });
    if (start.status === 0) break;
    // slapd says why only in syslog: retry a few times, then give up with what we have.
    if (attempt >= 5) throw new Error(`slapd did not start (exit ${start.status}): ${start.stderr || 'see syslog'}`);
    port = await freePort();
    tlsPort = options.tls ? await freePort() : null;
  }
  // slapd daemonizes; wait (bounded by tries, not by a clock) until it accepts connections.
  let up = false;
  for (let i = 0; i < 200 && !up; i++) {
    up = (await canConnect(port)) && (tlsPort === null || (await canConnect(tlsPort)));
    if (!up) await pause(25);
  }
  if (!up) throw new Error(`slapd did not accept connections on port ${port}`);
  const pidFile = join(dir, 'slapd.pid');
  const url = `ldap://127.0.0.1:${port}`;
  const passwordFile = join(dir, 'root.pw');
  writeFileSync(passwordFile, `${ROOT_PW}\n`, { mode: 0o600 });
  const readerPasswordFile = join(dir, 'reader.pw');
  writeFileSync(readerPasswordFile, `${READER_PW}\n`, { mode: 0o600 });
  // ldap tools read the whole -y file (newline included): give them one without it.
  const toolPw = join(dir, 'tool.pw');
  writeFileSync(toolPw, ROOT_PW, { mode: 0o600 });
  return {
    url,
    ldapsUrl: tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : null,
    caFile: certs?.ca ?? null,
    dir,
    passwordFile,
    readerDn: `cn=reader,${SUFFIX}`,
    readerPasswordFile,
    add: (ldif) => runTool('ldapadd', [], ldif),
    modify: (ldif) => runTool('ldapmodify', [], ldif),
    delete: (dn) => runTool('ldapdelete', [dn]),
    async stop() {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 400 && alive(pid); i++) await pause(25);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  function runTool(name: string, args: string[], input?: string): void {
    const r = spawnSync(name, ['-x', '-H', url, '-D', ROOT_DN, '-y', toolPw, ...args], { input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name} failed (${r.status}): ${r.stderr}`);
  }
}

/** One inetOrgPerson entry as LDIF (under ou=people). */
export function personLdif(p: {
  uid: string;
  givenName?: string;
  sn: string;
  mail?: string;
  title?: string;
  departmentNumber?: string;
  ou?: string;
  telephoneNumber?: string;
  mobile?: string;
  roomNumber?: string;
  employeeNumber?: string;
  manager?: string;
  jpegPhoto?: Buffer;
  /** For slapadd fixtures only (slapadd keeps a given operational timestamp): GeneralizedTime. */
  modifyTimestamp?: string;
}): string {
  const lines = [`dn: uid=${p.uid},${PEOPLE_BASE}`, 'objectClass: inetOrgPerson', `uid: ${p.uid}`, `cn: ${[p.givenName, p.sn].filter(Boolean).join(' ')}`, `sn: ${p.sn}`];
  const opt: Array<[string, string | undefined]> = [
    ['givenName', p.givenName],
    ['mail', p.mail],
    ['title', p.title],
    ['departmentNumber', p.departmentNumber],
    ['ou', p.ou],
    ['telephoneNumber', p.telephoneNumber],
    ['mobile', p.mobile],
    ['roomNumber', p.roomNumber],
    ['employeeNumber', p.employeeNumber],
    ['manager', p.manager],
  ];
  for (const [k, v] of opt) if (v !== undefined) lines.push(/[^\x20-\x7e]/.test(v) ? `${k}:: ${Buffer.from(v, 'utf8').toString('base64')}` : `${k}: ${v}`);
  if (p.jpegPhoto) lines.push(`jpegPhoto:: ${p.jpegPhoto.toString('base64')}`);
  if (p.modifyTimestamp) lines.push(`modifyTimestamp: ${p.modifyTimestamp}`);
  return `${lines.join('\n')}\n\n`;
}

export const personDn = (uid: string): string => `uid=${uid},${PEOPLE_BASE}`;

/**
 * A small stand-in for the AD attributes the `ad` profile reads (slapd has no AD schema; Debian's
 * msuser.schema is "informational" and gives uSNChanged no ordering rule). OIDs under a private
 * test arc. objectGUID and thumbnailPhoto are octet strings, as on AD; slapd never bumps
 * uSNChanged itself: a test sets it, as a domain controller would.
 */
export const AD_TEST_SCHEMA = `
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'uSNChanged' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.4 NAME 'ipPhone' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
attributetype ( 1.3.6.1.4.1.99999.1.5 NAME 'thumbnailPhoto' SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.6 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.7 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'user' SUP inetOrgPerson STRUCTURAL
  MAY ( objectGUID $ userAccountControl $ uSNChanged $ ipPhone $ thumbnailPhoto $ department $ objectCategory ) )
`;

/** An AD-shaped user entry (CN=..., under ou=people) for AD_TEST_SCHEMA. */
export function adUserLdif(u: {
  cn: string;
  guid: Buffer;
  givenName: string;
  sn: string;
  usn: number;
  uac?: number;
  category?: string;
  mail?: string;
  title?: string;
  department?: string;
  ipPhone?: string;
  office?: string;
  manager?: string;
  thumbnailPhoto?: Buffer;
}): string {
  const lines = [
    `dn: ${adDn(u.cn)}`,
    'objectClass: user',
    `cn: ${u.cn}`,
    `objectGUID:: ${u.guid.toString('base64')}`,
    `givenName: ${u.givenName}`,
    `sn: ${u.sn}`,
    `uSNChanged: ${u.usn}`,
    `userAccountControl: ${u.uac ?? 512}`,
    `objectCategory: ${u.category ?? 'person'}`,
  ];
  if (u.mail) lines.push(`mail: ${u.mail}`);
  if (u.title) lines.push(`title: ${u.title}`);
  if (u.department) lines.push(`department: ${u.department}`);
  if (u.ipPhone) lines.push(`ipPhone: ${u.ipPhone}`);
  if (u.office) lines.push(`physicalDeliveryOfficeName: ${u.office}`);
  if (u.manager) lines.push(`manager: ${u.manager}`);
  if (u.thumbnailPhoto) lines.push(`thumbnailPhoto:: ${u.thumbnailPhoto.toString('base64')}`);
  return `${lines.join('\n')}\n\n`;
}

export const adDn = (cn: string): string => `cn=${cn},${PEOPLE_BASE}`;
