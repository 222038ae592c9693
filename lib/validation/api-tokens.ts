/**
 * The "new API token" form: shared by the client form (react-hook-form resolver) and the server
 * action, so it must stay free of server imports (lib/registry/api-tokens.ts holds the rest).
 * Messages are i18n keys (lib/i18n/messages.ts "registry.v" section).
 */
import { z } from "zod";

export const MAX_TOKEN_DAYS = 365;

export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1, "registry.v.token_name_required").max(80, "registry.v.token_name_too_long"),
    scope: z.enum(["programme", "institution", "vendor"], "registry.v.token_scope_invalid"),
    institutionId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("registry.v.institution_required").optional()),
    vendorCode: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().max(40, "registry.v.vendor_invalid").optional()),
    /** What the token may be used for (db/schema API_TOKEN_PERMISSIONS): at least one. */
    permissions: z.array(z.enum(["api", "metrics"], "registry.v.token_permissions_required")).min(1, "registry.v.token_permissions_required").default(["api"]),
    expiresInDays: z.coerce.number("registry.v.token_expiry_invalid").int("registry.v.token_expiry_invalid").min(1, "registry.v.token_expiry_invalid").max(MAX_TOKEN_DAYS, "registry.v.token_expiry_invalid"),
  })
  .superRefine((v, ctx) => {
    if (v.scope === "institution" && !v.institutionId) ctx.addIssue({ code: "custom", path: ["institutionId"], message: "registry.v.institution_required" });
    if (v.scope === "vendor" && !v.vendorCode) ctx.addIssue({ code: "custom", path: ["vendorCode"], message: "registry.v.vendor_invalid" });
  })
  .transform((v) => ({
    name: v.name,
    scope: v.scope,
    institutionId: v.scope === "institution" ? (v.institutionId ?? null) : null,
    vendorCode: v.scope === "vendor" ? (v.vendorCode ?? null) : null,
    permissions: [...new Set(v.permissions)],
    expiresInDays: v.expiresInDays,
  }));
export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type CreateTokenValues = z.output<typeof createTokenSchema>;
