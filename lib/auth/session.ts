/**
 * The gate. Pages call requirePagePermission(), server actions and route handlers call
 * requirePermission() as their first line. Permissions come from the database on every
 * request, so a removed membership or a disabled account takes effect at once.
 */
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { AppError } from "@/lib/errors";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { sessionMaxAgeSeconds } from "./config";
import { readSessionToken } from "./session-token";
import { loadActor, type ActorLookup, type SessionClaims } from "./actor";
import { loginReasonFor } from "./session-rules";
import { can, type Actor, type InstitutionRef, type Permission } from "./policy";

/**
 * The signed-in session once per request, including one that still has to enrol a second factor
 * (mfa "pending_enrolment"). Only getEnrolmentActor() hands such a session out; everything else
 * goes through getActor(), which treats it as signed out.
 */
const getSessionActor = cache(async (): Promise<{ actor: Actor; mfa: "ok" | "pending_enrolment"; session: { id: string; lastSeenAt: Date } } | null> => {
  const res = await getSessionLookup();
  return res?.ok ? { actor: res.actor, mfa: res.mfa, session: res.session } : null;
});

/** The claims in this request's session cookie; a tampered or undecryptable cookie is simply "not signed in". */
async function readClaims(): Promise<SessionClaims | null> {
  const token = await readSessionToken((await cookies()).getAll(), env().AUTH_SECRET);
  if (!token?.uid) return null;
  return { userId: String(token.uid), sessionVersion: Number(token.sv ?? 0), loginAt: Number(token.loginAt ?? 0), sessionId: String(token.sid ?? "") };
}

const lookupOptions = (touch: boolean) => ({ now: new Date(), maxAgeSeconds: sessionMaxAgeSeconds(), idleMinutes: env().SESSION_IDLE_MINUTES, touch });

/** The database verdict on this request's session, once per request (null: no session cookie). */
const getSessionLookup = cache(async (): Promise<ActorLookup | null> => {
  const claims = await readClaims();
  if (!claims) return null;
  await ensureDatabaseReady();
  return loadActor(getDb(), claims, lookupOptions(true));
});

/**
 * The id of this browser's session row and its last activity (account page, sign-out). Not a
 * permission check: callers check first, with requirePageActor()/requireSignedIn().
 */
export async function getCurrentSession(): Promise<{ userId: string; sessionId: string; lastSeenAt: Date } | null> {
  const s = await getSessionActor();
  return s ? { userId: s.actor.userId, sessionId: s.session.id, lastSeenAt: s.session.lastSeenAt } : null;
}

/**
 * For the idle-timeout status check: the session's state without recording activity (asking
 * "how long do I have left?" must not count as activity), and the sign-in time.
 */
export async function peekSession(): Promise<{ lookup: ActorLookup; loginAt: number } | null> {
  const claims = await readClaims();
  if (!claims) return null;
  await ensureDatabaseReady();
  return { lookup: await loadActor(getDb(), claims, lookupOptions(false)), loginAt: claims.loginAt };
}

/** The login page, with the reason a session just ended (idle, revoked, …) when there is one to explain. */
async function loginPath() {
  const res = await getSessionLookup();
  const reason = res && !res.ok ? loginReasonFor(res.reason) : null;
  return reason ? `/login?reason=${reason}` : "/login";
}

/**
 * The signed-in user's unread notifications, counted by this request's session lookup (null when
 * nobody is signed in). A server action that marks notifications read runs outside the render's
 * cache, so the page rendered after it counts afresh.
 */
export async function getUnreadNotificationCount(): Promise<number | null> {
  const res = await getSessionLookup();
  return res?.ok ? res.unreadNotifications : null;
}

export const getActor = cache(async (): Promise<Actor | null> => {
  const s = await getSessionActor();
  return s?.mfa === "ok" ? s.actor : null;
});

/** Where a session that must first set up its second factor is sent, whatever it asked for. */
export const ENROL_PATH = "/two-factor/setup";

/** For the enrolment page and its actions only: the actor, whether or not enrolment is still due. */
export async function getEnrolmentActor(): Promise<{ actor: Actor; pending: boolean } | null> {
  const s = await getSessionActor();
  return s ? { actor: s.actor, pending: s.mfa === "pending_enrolment" } : null;
}

/** For the enrolment actions: signed in, with or without the second factor still to set up. */
export async function requireEnrolmentActor(): Promise<{ actor: Actor; pending: boolean }> {
  const s = await getEnrolmentActor();
  if (!s) throw new AppError("unauthenticated", "errors.unauthenticated");
  return s;
}

/** The error for an action without a usable session: a pending enrolment gets its own message. */
async function noActorError() {
  return (await getSessionActor())?.mfa === "pending_enrolment"
    ? new AppError("forbidden", "two_factor.enrolment_required")
    : new AppError("unauthenticated", "errors.unauthenticated");
}

/** For pages: not signed in → the login page; signed in without the permission → 403 page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect((await getSessionActor()) ? ENROL_PATH : await loginPath());
  return actor;
}

export async function requirePagePermission(permission: Permission, institution?: InstitutionRef): Promise<Actor> {
  const actor = await requirePageActor();
  if (!can(actor, permission, institution)) {
    // Do not reveal that another institution exists: outside your scope looks like "not found".
    if (institution) notFound();
    forbidden();
  }
  return actor;
}

/** For server actions and route handlers: throws AppError, mapped to a response in one place. */
export async function requirePermission(permission: Permission, institution?: InstitutionRef): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw await noActorError();
  if (!can(actor, permission, institution)) throw new AppError("forbidden", "errors.forbidden");
  return actor;
}

/**
 * For actions on one institution: loads just enough of it (id, vendor) to decide, and answers
 * "not found" for an institution outside the caller's scope, as the pages do.
 */
export async function requireInstitutionPermission(permission: Permission, institutionId: unknown): Promise<{ actor: Actor; institution: InstitutionRef }> {
  const actor = await getActor();
  if (!actor) throw await noActorError();
  const ref = typeof institutionId === "string" ? await getInstitutionRef(getDb(), institutionId) : null;
  if (!ref || !can(actor, "institution.read", ref)) throw new AppError("not_found", "errors.not_found");
  if (!can(actor, permission, ref)) throw new AppError("forbidden", "errors.forbidden");
  return { actor, institution: ref };
}

export async function requireSignedIn(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw await noActorError();
  return actor;
}

export function auditActor(actor: Actor) {
  return { userId: actor.userId, label: actor.email };
}
