/** Every admin command. Add yours with one import line and one array entry. */
import type { AdminCommand } from '../command.js';
import { backupCommands } from './backup.js';

export const adminCommands: AdminCommand[] = [...backupCommands];
