/**
 * The demo accounts (password DEMO_PASSWORD) and the people they are linked to. Other parts of
 * the app and their tests depend on these exact usernames; see src/server/README.md.
 */
import type { Role } from '../../shared/sync/protocol.js';

export const DEMO_PASSWORD = 'demo';

export interface DemoAccount {
  username: string;
  roles: Role[];
  municipalityId: string;
  /** Which generated person becomes this account's person (department slug, head or n-th staff member). */
  slot: { department: string; head: true } | { department: string; staff: number };
  firstName: string;
  lastName: string;
  jobTitle?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'demo', roles: ['staff'], municipalityId: 'poperinge', slot: { department: 'ict', head: true }, firstName: 'Céline', lastName: 'Vanneste' },
  { username: 'secretariaat', roles: ['staff', 'secretariat'], municipalityId: 'poperinge', slot: { department: 'secr', staff: 0 }, firstName: 'Pieter', lastName: 'Deschodt', jobTitle: 'Administratief medewerker secretariaat' },
  { username: 'financien', roles: ['staff', 'finance'], municipalityId: 'poperinge', slot: { department: 'fin', head: true }, firstName: 'Annelies', lastName: 'Vandenbussche' },
  { username: 'burgerzaken', roles: ['staff', 'population'], municipalityId: 'poperinge', slot: { department: 'bev', staff: 0 }, firstName: 'Jonas', lastName: 'Lefevere', jobTitle: 'Medewerker bevolking' },
  { username: 'bevolking.hoofd', roles: ['staff', 'population', 'population_nrn'], municipalityId: 'poperinge', slot: { department: 'bev', head: true }, firstName: 'Griet', lastName: 'Decroos' },
  { username: 'dpo', roles: ['staff', 'dpo'], municipalityId: 'poperinge', slot: { department: 'secr', staff: 1 }, firstName: 'Hélène', lastName: 'Debaene', jobTitle: 'Functionaris gegevensbescherming' },
  { username: 'ieper', roles: ['staff'], municipalityId: 'ieper', slot: { department: 'com', staff: 0 }, firstName: 'Bram', lastName: 'Vermeersch', jobTitle: 'Deskundige communicatie' },
  { username: 'admin', roles: ['staff', 'admin'], municipalityId: 'poperinge', slot: { department: 'ict', staff: 0 }, firstName: 'Wouter', lastName: 'Coene', jobTitle: 'Systeembeheerder' },
];

/** The general director of Poperinge (top of the hierarchy; the demo user's manager). */
export const POPERINGE_DIRECTOR = { firstName: 'Koen', lastName: 'Vandevoorde' };
