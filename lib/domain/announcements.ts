/**
 * Who an announcement reaches (issue 18 §2). Pure: the memberships and their institutions' facts
 * come in as data. The audience combines its filters with AND: roles (at least one), and
 * optionally a vendor, an institution kind, a province, a phase and a precondition the
 * institution has not met yet ("all Alphatron institutions not yet connected to Mitz").
 *
 * The rule per membership is the events' rule (lib/domain/events.ts audienceMatches): a vendor
 * filter matches an institution's chosen vendor, or a vendor editor's own vendor; kind, province,
 * phase and "not yet met" are facts of an institution, so they pass institution memberships only.
 * A programme membership passes only an audience that does not narrow at all.
 */
import { audienceMatches, type AudienceFacts } from "./events";
import type { Role } from "@/lib/auth/roles";
import type { PreconditionCode } from "./steps";

export const ANNOUNCEMENT_ROLES = ["programme_admin", "programme_viewer", "institution_editor", "security_officer", "vendor_editor"] as const satisfies readonly Role[];

/** The preconditions an audience can ask to be still open. */
export const ANNOUNCEMENT_UNMET = ["agreements", "mitz_connected", "mitz_filled"] as const satisfies readonly PreconditionCode[];
export type AnnouncementUnmet = (typeof ANNOUNCEMENT_UNMET)[number];

export type AnnouncementAudience = {
  roles: readonly string[];
  vendor?: string;
  kind?: string;
  province?: string;
  phase?: string;
  unmet?: string;
};

/** One membership of an active user, with its institution's facts (null for programme and vendor memberships). */
export type AudienceMember = AudienceFacts & {
  userId: string;
  /** Which preconditions the membership's institution has met; null without an institution. */
  met: Readonly<Record<AnnouncementUnmet, boolean>> | null;
};

/** Drops empty filters, so "" and absent mean the same ("any"). */
export function normaliseAudience(a: AnnouncementAudience): AnnouncementAudience {
  const out: AnnouncementAudience = { roles: [...new Set(a.roles)] };
  for (const k of ["vendor", "kind", "province", "phase", "unmet"] as const) if (a[k]) out[k] = a[k];
  return out;
}

export function memberMatches(a: AnnouncementAudience, m: AudienceMember): boolean {
  if (a.roles.length === 0) return false; // an announcement always names its roles
  if (!audienceMatches(a, m)) return false;
  if (a.unmet) {
    if (m.met === null) return false;
    if (m.met[a.unmet as AnnouncementUnmet] !== false) return false;
  }
  return true;
}

/** The users in the audience: each once, sorted, whichever of their memberships matched. */
export function resolveAudience(a: AnnouncementAudience, members: readonly AudienceMember[]): string[] {
  const audience = normaliseAudience(a);
  return [...new Set(members.filter((m) => memberMatches(audience, m)).map((m) => m.userId))].sort();
}

/** Opened share in whole percent (0 for an empty audience). */
export function openedPercent(opened: number, recipients: number): number {
  return recipients > 0 ? Math.round((opened / recipients) * 100) : 0;
}
