/**
 * The forms of issue 18 §3 and §4 (events, questions, knowledge-base articles): shared by the
 * client forms (react-hook-form resolver) and the server actions, so free of server imports.
 * Messages are keys in the "events.v" and "questions.v" sections of messages/*.json.
 */
import { z } from "zod";
import { EVENT_KINDS, KB_CATEGORIES } from "@/lib/domain/events";
import { PHASE_CODES } from "@/lib/domain/readiness";
import { VENDOR_CODES } from "@/lib/domain/vendors";
import { ROLES } from "@/lib/auth/roles";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "./identifiers";
import { parseInstant } from "./endpoints";

const optionalOf = <T extends string>(list: readonly T[], message: string) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(list as unknown as [T, ...T[]], message).optional());

const trimmedOrNull = (max: number, message: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(max, message).nullable().optional());

export const MAX_EVENT_CAPACITY = 10_000;

export const eventSchema = z
  .object({
    /** Present when changing an event. */
    id: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("errors.not_found").optional()),
    kind: z.enum(EVENT_KINDS, "events.v.kind"),
    title: z.string().trim().min(3, "events.v.title").max(160, "events.v.title"),
    description: z.string().trim().min(1, "events.v.description").max(5000, "events.v.description"),
    startsAt: z.string().refine((s) => parseInstant(s) !== null, "events.v.starts_at"),
    endsAt: z.string().refine((s) => parseInstant(s) !== null, "events.v.ends_at"),
    location: trimmedOrNull(300, "events.v.location"),
    link: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.url({ protocol: /^https?$/, message: "events.v.link" }).max(500, "events.v.link").nullable().optional()),
    capacity: z.preprocess(
      (v) => (v === "" || v === null || v === undefined ? null : v),
      z.coerce.number("events.v.capacity").int("events.v.capacity").min(1, "events.v.capacity").max(MAX_EVENT_CAPACITY, "events.v.capacity").nullable(),
    ),
    roles: z.array(z.enum(ROLES, "events.v.audience")).default([]),
    vendor: optionalOf(VENDOR_CODES, "events.v.audience"),
    institutionKind: optionalOf(INSTITUTION_KINDS, "events.v.audience"),
    province: optionalOf(PROVINCE_CODES, "events.v.audience"),
    phase: optionalOf(PHASE_CODES, "events.v.audience"),
  })
  .superRefine((v, ctx) => {
    const s = parseInstant(v.startsAt);
    const e = parseInstant(v.endsAt);
    if (s && e && e.getTime() <= s.getTime()) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "events.v.ends_before_start" });
    if (!v.location && !v.link) ctx.addIssue({ code: "custom", path: ["location"], message: "events.v.place_or_link" });
  })
  .transform((v) => ({
    id: v.id,
    kind: v.kind,
    title: v.title,
    description: v.description,
    startsAt: parseInstant(v.startsAt)!,
    endsAt: parseInstant(v.endsAt)!,
    location: v.location ?? null,
    link: v.link ?? null,
    capacity: v.capacity,
    audience: {
      roles: [...new Set(v.roles)],
      ...(v.vendor ? { vendor: v.vendor } : {}),
      ...(v.institutionKind ? { kind: v.institutionKind } : {}),
      ...(v.province ? { province: v.province } : {}),
      ...(v.phase ? { phase: v.phase } : {}),
    },
  }));
export type EventInput = z.input<typeof eventSchema>;
export type EventValues = z.output<typeof eventSchema>;

export const documentTitleSchema = z.string().trim().min(1, "events.v.document_title").max(200, "events.v.document_title");

export const askQuestionSchema = z.object({
  institutionId: z.uuid("errors.not_found"),
  stepCode: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.string().max(60).optional()),
  subject: z.string().trim().min(3, "questions.v.subject").max(200, "questions.v.subject"),
  body: z.string().trim().min(1, "questions.v.body").max(10_000, "questions.v.body"),
});
export type AskQuestionInput = z.input<typeof askQuestionSchema>;

export const replySchema = z.object({
  questionId: z.uuid("errors.not_found"),
  body: z.string().trim().min(1, "questions.v.body").max(10_000, "questions.v.body"),
});
export type ReplyInput = z.input<typeof replySchema>;

export const articleSchema = z.object({
  id: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("errors.not_found").optional()),
  /** When the article is published from a question's answer. */
  questionId: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid("errors.not_found").optional()),
  category: z.enum(KB_CATEGORIES, "questions.v.category"),
  title: z.string().trim().min(3, "questions.v.title").max(200, "questions.v.title"),
  body: z.string().trim().min(1, "questions.v.article_body").max(20_000, "questions.v.article_body"),
});
export type ArticleInput = z.input<typeof articleSchema>;
export type ArticleValues = z.output<typeof articleSchema>;
