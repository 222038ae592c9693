/**
 * The notification preferences form (issue 18 §1) and the announcement form (§2): shared by the
 * client forms and the server actions, so free of server imports. Messages are i18n keys under
 * `notifications.v` and `announcements.v`.
 */
import { z } from "zod";
import { NOTIFICATION_KINDS, NOTIFICATION_MODES } from "@/lib/domain/notifications";
import { ANNOUNCEMENT_ROLES, ANNOUNCEMENT_UNMET } from "@/lib/domain/announcements";
import { PHASE_CODES } from "@/lib/domain/readiness";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "@/lib/validation/identifiers";

export const preferencesSchema = z.object({
  modes: z.partialRecord(z.enum(NOTIFICATION_KINDS, "notifications.v.kind"), z.enum(NOTIFICATION_MODES, "notifications.v.mode")),
  digestHour: z.coerce.number("notifications.v.hour").int("notifications.v.hour").min(0, "notifications.v.hour").max(23, "notifications.v.hour"),
});
export type PreferencesInput = z.input<typeof preferencesSchema>;
export type PreferencesValues = z.output<typeof preferencesSchema>;

/** "" (any) or one of the values. */
const anyOr = <T extends readonly [string, ...string[]]>(values: T, key: string) =>
  z.preprocess((v) => (v === undefined || v === null ? "" : v), z.union([z.literal(""), z.enum(values, key)]));

export const audienceSchema = z.object({
  roles: z.preprocess((v) => (v === undefined || v === null || v === false || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(ANNOUNCEMENT_ROLES, "announcements.v.roles")).min(1, "announcements.v.roles")),
  vendor: anyOr(VENDOR_CODES, "announcements.v.vendor"),
  kind: anyOr(INSTITUTION_KINDS, "announcements.v.kind"),
  province: anyOr(PROVINCE_CODES, "announcements.v.province"),
  phase: anyOr(PHASE_CODES, "announcements.v.phase"),
  unmet: anyOr(ANNOUNCEMENT_UNMET, "announcements.v.unmet"),
});
export type AudienceInput = z.input<typeof audienceSchema>;

export const announcementSchema = audienceSchema.extend({
  title: z.string().trim().min(3, "announcements.v.title").max(200, "announcements.v.title"),
  body: z.string().trim().min(3, "announcements.v.body").max(8000, "announcements.v.body"),
});
export type AnnouncementInput = z.input<typeof announcementSchema>;
export type AnnouncementValues = z.output<typeof announcementSchema>;
