/** Shows a planned notification; a click opens the window on the notification's screen. */
import { Notification } from 'electron';
import type { PlannedNotification } from '../desktop/notification-planner.js';

export function showNotification(n: PlannedNotification, onClick: (route: string) => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: n.title, body: n.body, silent: false });
  notification.on('click', () => onClick(n.route));
  notification.show();
}
