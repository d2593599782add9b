/** Semantic version precedence, shared by the desktop updater and (if it wants) the backend's client-version guard. */
/** Compares "1.2.3" / "1.2.3-beta.1" versions (semver precedence); null when either is not a version. */
const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function compareVersions(a: string, b: string): number | null {
  const ma = SEMVER.exec(a.trim());
  const mb = SEMVER.exec(b.trim());
  if (!ma || !mb) return null;
  for (let i = 1; i <= 3; i++) {
    const d = Number(ma[i]) - Number(mb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === pb) return 0;
  if (pa === undefined) return 1; // a release is newer than its pre-releases
  if (pb === undefined) return -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const sa = xa[i];
    const sb = xb[i];
    if (sa === undefined) return -1;
    if (sb === undefined) return 1;
    const na = /^\d+$/.test(sa) ? Number(sa) : null;
    const nb = /^\d+$/.test(sb) ? Number(sb) : null;
    if (na !== null && nb !== null && na !== nb) return Math.sign(na - nb);
    if (na !== null && nb === null) return -1;
    if (na === null && nb !== null) return 1;
    if (sa !== sb) return sa < sb ? -1 : 1;
  }
  return 0;
}

/** true when `current` is older than `minimum`; an unparsable minimum never blocks. */
export function isOlderThan(current: string, minimum: string | null): boolean {
  if (!minimum) return false;
  const c = compareVersions(current, minimum);
  return c !== null && c < 0;
}
