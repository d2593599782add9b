/**
 * What the tray shows, computed from plain numbers so it is tested without Electron:
 * src/main/shell/tray.ts only turns this into a Tray, a Menu and an icon file.
 */
import type { Translate } from './strings.js';

export type TrayIcon = 'normal' | 'approvals' | 'offline';
export type TrayAction = 'open' | 'navigate' | 'sync' | 'quit';

export interface TrayInput {
  pendingApprovals: number;
  birthdaysToday: number;
  online: boolean;
  updateReady: boolean;
}

export interface TrayMenuItem {
  id: 'open' | 'approvals' | 'birthdays' | 'sync' | 'quit';
  label: string;
  action: TrayAction;
  /** Screen to show for 'navigate'. */
  route?: string;
  enabled: boolean;
}

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  items: TrayMenuItem[];
}

export function trayModel(input: TrayInput, t: Translate): TrayModel {
  const approvals = Math.max(0, input.pendingApprovals);
  const birthdays = Math.max(0, input.birthdaysToday);
  const icon: TrayIcon = !input.online ? 'offline' : approvals > 0 ? 'approvals' : 'normal';
  const parts = [t('tray.approvals', { n: approvals }, approvals), t('tray.birthdays', { n: birthdays }, birthdays)];
  if (!input.online) parts.push(t('tray.offline'));
  if (input.updateReady) parts.push(t('tray.updateReady'));
  return {
    icon,
    tooltip: `${t('tray.tooltip')}: ${parts.join(', ')}`,
    items: [
      { id: 'open', label: t('tray.open'), action: 'open', enabled: true },
      { id: 'approvals', label: t('tray.menuApprovals', { n: approvals }), action: 'navigate', route: '/approvals', enabled: true },
      { id: 'birthdays', label: t('tray.menuBirthdays', { n: birthdays }), action: 'navigate', route: '/birthdays', enabled: true },
      { id: 'sync', label: t('tray.syncNow'), action: 'sync', enabled: input.online },
      { id: 'quit', label: t('tray.quit'), action: 'quit', enabled: true },
    ],
  };
}
