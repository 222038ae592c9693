/**
 * Audience choices and the audience in words, in the page's language: the announcement pages and
 * the event pages share them (issue 18 §2, §3). An event's audience may name no roles (everyone).
 */
import { ANNOUNCEMENT_ROLES, ANNOUNCEMENT_UNMET, type AnnouncementAudience } from "@/lib/domain/announcements";
import { phaseLabel } from "@/lib/domain/onboarding-texts";
import { PHASE_CODES, type PhaseCode } from "@/lib/domain/readiness";
import { VENDOR_CODES, VENDOR_LABELS, type Vendor } from "@/lib/domain/vendors";
import { translator, type Locale } from "@/lib/i18n/messages";
import { provinceName } from "@/lib/labels";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "@/lib/validation/identifiers";

export type Choice = readonly [string, string];
export type AudienceChoices = { roles: Choice[]; vendors: Choice[]; kinds: Choice[]; provinces: Choice[]; phases: Choice[]; unmet: Choice[] };

type T = (key: string) => string;

export function audienceChoices(locale: Locale): AudienceChoices {
  const t = translator(locale) as unknown as T;
  return {
    roles: ANNOUNCEMENT_ROLES.map((r) => [r, t(`roles.${r}`)]),
    vendors: VENDOR_CODES.map((v) => [v, VENDOR_LABELS[v].name]),
    kinds: INSTITUTION_KINDS.map((k) => [k, t(`kinds.${k}`)]),
    provinces: PROVINCE_CODES.map((p) => [p, provinceName(p, locale)]),
    phases: PHASE_CODES.map((p) => [p, phaseLabel(p, locale)]),
    unmet: ANNOUNCEMENT_UNMET.map((c) => [c, t(`steps.preconditions.${c}.label`)]),
  };
}

/** "Projectleider instelling · Alphatron · Mitz-aansluiting nog niet voldaan". */
export function audienceText(a: AnnouncementAudience, locale: Locale): string {
  const t = translator(locale) as unknown as (key: string, v?: Record<string, string>) => string;
  const parts = [a.roles.length ? a.roles.map((r) => t(`roles.${r}`)).join(", ") : t("events.everyone")];
  if (a.vendor) parts.push(VENDOR_LABELS[a.vendor as Vendor]?.name ?? a.vendor);
  if (a.kind) parts.push(t(`kinds.${a.kind}`));
  if (a.province) parts.push(provinceName(a.province, locale));
  if (a.phase) parts.push(t("announcements.in_phase", { phase: phaseLabel(a.phase as PhaseCode, locale) }));
  if (a.unmet) parts.push(t("announcements.not_met", { precondition: t(`steps.preconditions.${a.unmet}.label`) }));
  return parts.join(" · ");
}
