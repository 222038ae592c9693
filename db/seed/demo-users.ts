/** One demo account per role (plus a second editor, for "another institution" checks). */
import type { Role } from "@/lib/auth/roles";
import { DEMO_CISO_EMAIL, DEMO_INSTITUTIONS } from "./institutions-data";

export type DemoUser = {
  email: string;
  name: string;
  password: string;
  role: Role;
  /** Index into DEMO_INSTITUTIONS for institution roles. */
  institution?: number;
  vendorCode?: string;
  /**
   * Demo only: a fixed TOTP secret (base32) the seed enrols this account with, for roles that
   * require two-step verification. Published here and printed by `npm start`, so it protects
   * nothing: `npm run demo:totp -- <email>` prints the current code.
   */
  totpSecret?: string;
};

const firstWithVendor = (vendor: string, skip = 0) => {
  const idx = DEMO_INSTITUTIONS.map((d, i) => ({ d, i })).filter(({ d }) => d.vendor === vendor)[skip]?.i;
  if (idx === undefined) throw new Error(`no demo institution with vendor ${vendor}`);
  return idx;
};

/** The editor and the security officer work for the same Enovation hospital. */
export const DEMO_HOME_INSTITUTION = firstWithVendor("enovation");
export const DEMO_OTHER_INSTITUTION = firstWithVendor("alphatron");

/** The CISO account is its institution's CISO contact (see withDemoCisoAccount). */
const homeCiso = DEMO_INSTITUTIONS[DEMO_HOME_INSTITUTION].contacts.find((c) => c.role === "ciso")!;

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@duo-demo.test", name: "Anne de Programmabeheerder", password: "Beeldtijdlijn-Beheer-2026", role: "programme_admin", totpSecret: "XVQWLTI657QRRKZ3KVVAKKFRHSAGEXVF" },
  { email: "beoordelaar@duo-demo.test", name: "Bram Beoordelaar", password: "Tweede-Paar-Ogen-2026", role: "programme_admin", totpSecret: "PMRBT2C7LPMZA3Q7IVXSRYNWMTWJAL5T" },
  { email: "viewer@duo-demo.test", name: "Pieter van Voortgang", password: "Voortgang-Lezen-2026", role: "programme_viewer" },
  { email: "projectleider@duo-demo.test", name: "Sanne Projectleider", password: "Aansluiten-Op-DUO-2026", role: "institution_editor", institution: DEMO_HOME_INSTITUTION },
  { email: DEMO_CISO_EMAIL, name: homeCiso.name, password: "Veilig-Delen-NEN7510", role: "security_officer", institution: DEMO_HOME_INSTITUTION, totpSecret: "DMK5KIBHBHWYFIAOQMICTNTBFJLHXQPY" },
  { email: "leverancier@duo-demo.test", name: "Søren Gateway", password: "Gateway-Beheer-2026", role: "vendor_editor", vendorCode: "enovation" },
  { email: "projectleider2@duo-demo.test", name: "Émilie van Dijk", password: "Aansluiten-Op-DUO-2027", role: "institution_editor", institution: DEMO_OTHER_INSTITUTION },
];
