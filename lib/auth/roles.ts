/** Roles, what each may do, and where each lands after sign-in. Pure: no I/O. */
export const ROLES = [
  "programme_admin",
  "programme_viewer",
  "institution_editor",
  "security_officer",
  "vendor_editor",
] as const;
export type Role = (typeof ROLES)[number];

export const PROGRAMME_ROLES: readonly Role[] = ["programme_admin", "programme_viewer"];
export const INSTITUTION_ROLES: readonly Role[] = ["institution_editor", "security_officer"];

export type RoleScope = "programme" | "institution" | "vendor";
export function scopeOfRole(role: Role): RoleScope {
  if (role === "vendor_editor") return "vendor";
  return PROGRAMME_ROLES.includes(role) ? "programme" : "institution";
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Roles that must sign in with a second factor (TOTP): they decide for the whole programme or
 * hold an institution's security documents. Everyone else may switch it on.
 */
export const TWO_FACTOR_REQUIRED_ROLES: readonly Role[] = ["programme_admin", "security_officer"];

export function isTwoFactorRequired(roles: readonly Role[]) {
  return roles.some((r) => TWO_FACTOR_REQUIRED_ROLES.includes(r));
}
