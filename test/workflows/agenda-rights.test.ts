import { describe, expect, it } from 'vitest';
import { maySeeItem } from '../../src/server/features/agenda/rights.js';
import type { UserScope } from '../../src/server/features/types.js';
import type { Role } from '../../src/shared/sync/protocol.js';

const scope = (roles: Role[], departmentId: string | null, municipalityId = 'poperinge'): UserScope => ({
  user: { id: 'u', username: 'u', displayName: 'U', municipalityId, personId: 'p', roles },
  visibleTenants: [municipalityId],
  departmentId,
});
const closed = { municipalityId: 'poperinge', bodyId: 'poperinge-gr', visibility: 'closed', departmentId: 'dep-personeel' };
const none = new Set<string>();

describe('who may see an agenda item', () => {
  it('public items: all staff of the municipality, nobody else', () => {
    expect(maySeeItem({ ...closed, visibility: 'public' }, scope(['staff'], 'dep-ict'), none)).toBe(true);
    expect(maySeeItem({ ...closed, visibility: 'public' }, scope(['staff'], 'dep-ict', 'ieper'), none)).toBe(false);
  });
  it('closed items: members of the body, the secretariat, the department that brought it', () => {
    expect(maySeeItem(closed, scope(['staff'], 'dep-ict'), none)).toBe(false);
    expect(maySeeItem(closed, scope(['staff', 'finance'], 'dep-fin'), none)).toBe(false);
    expect(maySeeItem(closed, scope(['staff'], 'dep-ict'), new Set(['poperinge-gr']))).toBe(true);
    expect(maySeeItem(closed, scope(['staff'], 'dep-ict'), new Set(['poperinge-cbs']))).toBe(false);
    expect(maySeeItem(closed, scope(['staff', 'secretariat'], 'dep-secr'), none)).toBe(true);
    expect(maySeeItem(closed, scope(['staff'], 'dep-personeel'), none)).toBe(true);
    expect(maySeeItem({ ...closed, departmentId: null }, scope(['staff'], null), none)).toBe(false);
  });
  it('the secretariat of another municipality sees nothing', () => {
    expect(maySeeItem(closed, scope(['staff', 'secretariat'], 'dep-secr', 'ieper'), none)).toBe(false);
  });
});
