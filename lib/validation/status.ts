/**
 * The forms of the status page (issue 16 §1, §2): incident posts, maintenance announcements and
 * subscriptions. Shared by the client forms and their server actions, so free of server imports.
 * Messages are i18n keys (status_manage.v, status_subscribe.v).
 */
import { z } from "zod";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { isWebhookUrl } from "./alerts";
import { emailSchema } from "./users";
import { parseInstant } from "./endpoints";

export const TITLE_MAX = 200;
export const MESSAGE_MAX = 4000;
/** The states an incident may be opened or updated with (resolved: the closing post). */
export const OPEN_STATES = ["investigating", "identified"] as const;
export const UPDATE_STATES = ["investigating", "identified", "resolved"] as const;

const title = z.string("status_manage.v.title_required").trim().min(1, "status_manage.v.title_required").max(TITLE_MAX, `status_manage.v.title_too_long {"max":"${TITLE_MAX}"}`);
const message = z.string("status_manage.v.message_required").trim().min(1, "status_manage.v.message_required").max(MESSAGE_MAX, `status_manage.v.message_too_long {"max":"${MESSAGE_MAX}"}`);
const vendorCode = z.enum(VENDOR_CODES, "status_manage.v.infrastructure_required");
/** A datetime-local value (Amsterdam wall-clock time) or an ISO instant. */
const instant = (required: string) =>
  z
    .string(required)
    .trim()
    .min(1, required)
    .refine((s) => parseInstant(s) !== null, "status_manage.v.time_invalid")
    .transform((s) => parseInstant(s)!);
const optionalInstant = z.preprocess((v) => (v === "" || v === null ? undefined : v), instant("status_manage.v.time_invalid").optional());

export const openIncidentSchema = z.object({
  vendorCode,
  title,
  state: z.enum(OPEN_STATES, "status_manage.v.state_invalid"),
  message,
});
export type OpenIncidentInput = z.input<typeof openIncidentSchema>;
export type OpenIncidentValues = z.output<typeof openIncidentSchema>;

export const incidentUpdateSchema = z.object({
  state: z.enum(UPDATE_STATES, "status_manage.v.state_invalid"),
  message,
  /** When it happened; empty: now. */
  at: optionalInstant,
});
export type IncidentUpdateInput = z.input<typeof incidentUpdateSchema>;
export type IncidentUpdateValues = z.output<typeof incidentUpdateSchema>;

export const maintenanceSchema = z
  .object({
    vendorCode,
    title,
    message: z.string().trim().max(MESSAGE_MAX, `status_manage.v.message_too_long {"max":"${MESSAGE_MAX}"}`).default(""),
    startsAt: instant("status_manage.v.start_required"),
    endsAt: instant("status_manage.v.end_required"),
  })
  .superRefine((v, ctx) => {
    if (v.startsAt >= v.endsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "status_manage.errors.maintenance_order" });
  });
export type MaintenanceInput = z.input<typeof maintenanceSchema>;
export type MaintenanceValues = z.output<typeof maintenanceSchema>;

/** By e-mail (double opt-in by mail) or by webhook (the confirmation link is posted to it, signed). */
export const subscribeSchema = z
  .object({
    channel: z.enum(["email", "webhook"]).default("email"),
    email: z.string().default(""),
    url: z.string().trim().max(2048, "status_subscribe.v.url_invalid").default(""),
    vendorCodes: z.array(vendorCode, "status_subscribe.v.infrastructure_required").min(1, "status_subscribe.v.infrastructure_required"),
  })
  .superRefine((v, ctx) => {
    if (v.channel === "email") {
      const r = emailSchema.safeParse(v.email);
      if (!r.success) ctx.addIssue({ code: "custom", path: ["email"], message: r.error.issues[0]?.message ?? "v.email_invalid" });
      return;
    }
    if (!isWebhookUrl(v.url)) ctx.addIssue({ code: "custom", path: ["url"], message: "status_subscribe.v.url_invalid" });
  })
  .transform((v) => ({ channel: v.channel, email: v.channel === "email" ? v.email.trim().toLowerCase() : "", url: v.channel === "webhook" ? v.url : "", vendorCodes: v.vendorCodes }));
export type SubscribeInput = z.input<typeof subscribeSchema>;
export type SubscribeValues = z.output<typeof subscribeSchema>;
