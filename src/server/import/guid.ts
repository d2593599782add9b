/** AD's objectGUID as a string: used by the LDAP source and by OIDC person matching (Entra's onPremisesImmutableId). */

/** AD's objectGUID bytes -> canonical GUID string (first three groups little-endian, as AD shows it). */
export function guidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`objectGUID has ${bytes.length} bytes, expected 16`);
  const h = (i: number) => bytes[i]!.toString(16).padStart(2, '0');
  const part = (idx: number[]) => idx.map(h).join('');
  return `${part([3, 2, 1, 0])}-${part([5, 4])}-${part([7, 6])}-${part([8, 9])}-${part([10, 11, 12, 13, 14, 15])}`;
}
