/** Tray model and notification planner: what the tray and the notifications show, without Electron. */
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/main/desktop/messages.js';
import { EMPTY_MEMORY, planNotifications, type PlannerFacts } from '../../src/main/desktop/notification-planner.js';
import { trayModel } from '../../src/main/desktop/tray-model.js';
import { BUILT_IN_SETTINGS } from '../../src/main/desktop/settings.js';

const nl = createTranslator('nl-BE');

describe('tray model', () => {
  it('shows counts in tooltip and menu, normal icon when nothing waits', () => {
    const m = trayModel({ pendingApprovals: 0, birthdaysToday: 2, online: true, updateReady: false }, nl);
    expect(m.icon).toBe('normal');
    expect(m.tooltip).toBe('Pop Index: geen goedkeuringen, 2 verjaardagen vandaag');
    expect(m.items.map((i) => i.id)).toEqual(['open', 'approvals', 'birthdays', 'sync', 'quit']);
    expect(m.items.find((i) => i.id === 'birthdays')).toMatchObject({ label: 'Verjaardagen vandaag (2)', action: 'navigate', route: '/birthdays' });
  });

  it('changes the icon when approvals wait, and offline wins', () => {
    const waiting = trayModel({ pendingApprovals: 1, birthdaysToday: 0, online: true, updateReady: true }, nl);
    expect(waiting.icon).toBe('approvals');
    expect(waiting.tooltip).toBe('Pop Index: 1 goedkeuring wacht, geen verjaardagen vandaag, nieuwe versie klaar');
    expect(waiting.items.find((i) => i.id === 'approvals')?.label).toBe('Goedkeuringen (1)');
    const offline = trayModel({ pendingApprovals: 3, birthdaysToday: 0, online: false, updateReady: false }, nl);
    expect(offline.icon).toBe('offline');
    expect(offline.tooltip).toContain('offline');
    expect(offline.items.find((i) => i.id === 'sync')?.enabled).toBe(false);
  });

  it('speaks French and English too', () => {
    expect(trayModel({ pendingApprovals: 4, birthdaysToday: 1, online: true, updateReady: false }, createTranslator('fr-BE')).tooltip).toBe(
      "Pop Index: 4 approbations en attente, 1 anniversaire aujourd'hui",
    );
    expect(trayModel({ pendingApprovals: 4, birthdaysToday: 1, online: true, updateReady: false }, createTranslator('en')).items[4]?.label).toBe('Quit');
  });
});

describe('notification planner', () => {
  const at = (h: number, m: number, day = 5) => new Date(2026, 2, day, h, m);
  const facts = (over: Partial<PlannerFacts>): PlannerFacts => ({ now: at(9, 0), birthdaysToday: 2, pendingApprovalIds: null, arrivedLetterNumbers: [], ...over });
  const settings = { ...BUILT_IN_SETTINGS, birthdayNotificationTime: '08:30' };

  it('birthdays: not before the set time, once a day at or after it', () => {
    expect(planNotifications(facts({ now: at(8, 29) }), settings, EMPTY_MEMORY, nl).notifications).toEqual([]);
    const first = planNotifications(facts({ now: at(8, 30) }), settings, EMPTY_MEMORY, nl);
    expect(first.notifications).toEqual([{ kind: 'birthdays', title: 'Verjaardagen vandaag', body: "2 collega's zijn vandaag jarig", route: '/birthdays' }]);
    expect(first.memory.birthdaysDoneOn).toBe('2026-03-05');
    expect(planNotifications(facts({ now: at(15, 0) }), settings, first.memory, nl).notifications).toEqual([]);
    expect(planNotifications(facts({ now: at(8, 45, 6) }), settings, first.memory, nl).notifications).toHaveLength(1);
  });

  it('birthdays: none on a day without birthdays, and waits while the count is unknown', () => {
    const none = planNotifications(facts({ birthdaysToday: 0 }), settings, EMPTY_MEMORY, nl);
    expect(none.notifications).toEqual([]);
    expect(none.memory.birthdaysDoneOn).toBe('2026-03-05');
    const unknown = planNotifications(facts({ birthdaysToday: null }), settings, EMPTY_MEMORY, nl);
    expect(unknown.memory.birthdaysDoneOn).toBeNull();
  });

  it('approvals: new ones grouped into one notification, seen ones not repeated', () => {
    const first = planNotifications(facts({ birthdaysToday: null, pendingApprovalIds: ['a', 'b', 'c'] }), settings, EMPTY_MEMORY, nl);
    expect(first.notifications).toEqual([{ kind: 'approvals', title: 'Nieuwe goedkeuringen', body: '3 nieuwe aanvragen wachten op u', route: '/approvals' }]);
    const same = planNotifications(facts({ birthdaysToday: null, pendingApprovalIds: ['b', 'c'] }), settings, first.memory, nl);
    expect(same.notifications).toEqual([]);
    const more = planNotifications(facts({ birthdaysToday: null, pendingApprovalIds: ['b', 'c', 'd'] }), settings, same.memory, nl);
    expect(more.notifications[0]?.body).toBe('1 nieuwe aanvraag wacht op u');
  });

  it('letters: an arrived queued number, grouped when several', () => {
    const one = planNotifications(facts({ birthdaysToday: null, arrivedLetterNumbers: ['2026/00123'] }), settings, EMPTY_MEMORY, nl);
    expect(one.notifications).toEqual([{ kind: 'letters', title: 'Briefnummer ontvangen', body: 'Uw briefnummer 2026/00123 is toegekend', route: '/letters' }]);
    const two = planNotifications(facts({ birthdaysToday: null, arrivedLetterNumbers: ['2026/00123', '2026/00124'] }), settings, EMPTY_MEMORY, nl);
    expect(two.notifications[0]?.body).toBe('2 briefnummers zijn toegekend');
  });

  it('each kind can be turned off (and is still marked as handled)', () => {
    const off = { ...settings, notifyBirthdays: false, notifyApprovals: false, notifyLetters: false };
    const r = planNotifications(facts({ pendingApprovalIds: ['a'], arrivedLetterNumbers: ['2026/1'] }), off, EMPTY_MEMORY, nl);
    expect(r.notifications).toEqual([]);
    expect(r.memory).toEqual({ birthdaysDoneOn: '2026-03-05', seenApprovalIds: ['a'] });
  });

  it('my request decided: one notification per request, grouped when several, under the approvals setting', () => {
    const one = planNotifications(
      facts({ birthdaysToday: null, decidedRequests: [{ requestId: 'a1b2-c3', title: 'Verlof van 30/11/2026 tot 1/12/2026 (2 dagen)', status: 'approved' }] }),
      settings,
      EMPTY_MEMORY,
      nl,
    );
    expect(one.notifications).toEqual([{ kind: 'decided', title: 'Uw aanvraag is goedgekeurd', body: 'Verlof van 30/11/2026 tot 1/12/2026 (2 dagen)', route: '/approvals/a1b2-c3' }]);
    const refused = planNotifications(facts({ birthdaysToday: null, decidedRequests: [{ requestId: 'X.1', title: 'Overuren', status: 'refused' }] }), settings, EMPTY_MEMORY, createTranslator('fr-BE'));
    expect(refused.notifications).toEqual([{ kind: 'decided', title: 'Votre demande est refusée', body: 'Overuren', route: '/approvals' }]);
    const two = planNotifications(
      facts({ birthdaysToday: null, decidedRequests: [{ requestId: 'a', title: 'A', status: 'approved' }, { requestId: 'b', title: 'B', status: 'sent_back' }] }),
      settings,
      EMPTY_MEMORY,
      nl,
    );
    expect(two.notifications).toEqual([{ kind: 'decided', title: 'Beslissingen over uw aanvragen', body: 'Over 2 aanvragen werd beslist', route: '/approvals' }]);
    const off = planNotifications(facts({ birthdaysToday: null, decidedRequests: [{ requestId: 'a', title: 'A', status: 'approved' }] }), { ...settings, notifyApprovals: false }, EMPTY_MEMORY, nl);
    expect(off.notifications).toEqual([]);
  });
});
