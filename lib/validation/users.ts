/**
 * Schemas shared by the account forms (react-hook-form resolver) and their server actions.
 * Messages are i18n keys (lib/i18n/messages.ts "v" section), translated where shown.
 */
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";
import { addPasswordIssues } from "./password";

export const emailSchema = z
  .string()
  .trim()
  .min(1, "v.email_required")
  .max(254, "v.email_too_long")
  .pipe(z.email("v.email_invalid"))
  .transform((s) => s.toLowerCase());

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "v.password_required").max(200, "v.password_too_long"),
  // The second step of a sign-in with two-step verification: one of the two, checked on the server.
  code: z.string().trim().max(20, "two_factor.code_format").optional(),
  recoveryCode: z.string().trim().max(40, "two_factor.recovery_format").optional(),
});
export type LoginInput = z.input<typeof loginSchema>;

export const inviteSchema = z
  .object({
    email: emailSchema,
    role: z.enum(ROLES, "v.role_invalid"),
    // The form sends "" for "nothing chosen"; the parsed output (sent again to the server) has null.
    institutionId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("v.institution_invalid").optional()),
    vendorCode: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().max(40, "v.vendor_invalid").optional()),
  })
  .superRefine((v, ctx) => {
    const needsInstitution = v.role === "institution_editor" || v.role === "security_officer";
    if (needsInstitution && !v.institutionId) ctx.addIssue({ code: "custom", path: ["institutionId"], message: "v.institution_required" });
    if (v.role === "vendor_editor" && !v.vendorCode) ctx.addIssue({ code: "custom", path: ["vendorCode"], message: "v.vendor_required" });
  })
  .transform((v) => ({
    email: v.email,
    role: v.role,
    institutionId: v.role === "institution_editor" || v.role === "security_officer" ? (v.institutionId ?? null) : null,
    vendorCode: v.role === "vendor_editor" ? (v.vendorCode ?? null) : null,
  }));
export type InviteInput = z.input<typeof inviteSchema>;

export const forgotPasswordSchema = z.object({ email: emailSchema });

/** Accepting an invitation: a name for a new account, plus a new password (policy in password.ts). */
export function makeAcceptInviteSchema(opts: { email: string; existingUser: boolean }) {
  if (opts.existingUser) return z.object({ name: z.string().optional(), password: z.string().optional(), confirmation: z.string().optional() });
  return z
    .object({
      name: z.string().trim().min(1, "v.name_required").max(120, "v.name_too_long"),
      password: z.string(),
      confirmation: z.string(),
    })
    .superRefine((v, ctx) => {
      addPasswordIssues(ctx, v.password, { email: opts.email }, ["password"]);
      if (v.password.normalize("NFC") !== v.confirmation.normalize("NFC")) {
        ctx.addIssue({ code: "custom", path: ["confirmation"], message: "v.password_mismatch" });
      }
    });
}
export type AcceptInviteInput = { name?: string; password?: string; confirmation?: string };
