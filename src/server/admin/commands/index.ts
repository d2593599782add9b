/** Every admin command. Add yours with one import line and one array entry. */
import type { AdminCommand } from '../command.js';
import { backupCommands } from './backup.js';
import { dbGrantApp, dbMigrate } from './db.js';
import { accountsCommands } from './accounts.js';
import { municipalitiesAdd, municipalitiesList } from './municipalities.js';
import { importCsv } from './import-csv.js';
import { importLdap } from './import-ldap.js';
import { importMeetingsCommand } from './import-meetings.js';
import { sourcesList, sourcesRun } from './sources.js';
import { serviceAccountsCommands } from './service-accounts.js';
import { budgetKeysImport } from './budget-keys.js';
import { ordersVisumThreshold } from './orders.js';

export const adminCommands: AdminCommand[] = [
  ...accountsCommands,
  municipalitiesAdd,
  municipalitiesList,
  importCsv,
  importLdap,
  importMeetingsCommand,
  sourcesList,
  sourcesRun,
  ...backupCommands,
  dbMigrate,
  dbGrantApp,
  ...serviceAccountsCommands,
  budgetKeysImport,
  ordersVisumThreshold,
];
