/** Every admin command. Add yours with one import line and one array entry. */
import type { AdminCommand } from '../command.js';
import { accountsCommands } from './accounts.js';

export const adminCommands: AdminCommand[] = [...accountsCommands];
