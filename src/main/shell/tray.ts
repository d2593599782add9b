/** Renders the desktop host's TrayModel as an Electron Tray (icon per state, tooltip, menu). */
import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { TrayMenuItem, TrayModel } from '../desktop/tray-model.js';

export interface TrayActions {
  open(): void;
  navigate(route: string): void;
  sync(): void;
  quit(): void;
}

export function createTray(iconDir: string, model: TrayModel, actions: TrayActions): { update(model: TrayModel): void; destroy(): void } {
  const icon = (state: TrayModel['icon']) => nativeImage.createFromPath(join(iconDir, `tray-${state}.png`));
  const tray = new Tray(icon(model.icon));
  const click = (item: TrayMenuItem) => {
    if (item.action === 'open') actions.open();
    else if (item.action === 'navigate' && item.route) actions.navigate(item.route);
    else if (item.action === 'sync') actions.sync();
    else if (item.action === 'quit') actions.quit();
  };
  const update = (next: TrayModel) => {
    tray.setImage(icon(next.icon));
    tray.setToolTip(next.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(next.items.map((item) => ({ label: item.label, enabled: item.enabled, click: () => click(item) }))));
  };
  tray.on('click', () => actions.open());
  update(model);
  return { update, destroy: () => tray.destroy() };
}
