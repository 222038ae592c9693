/**
 * The gate. Pages call requirePagePermission(), server actions and route handlers call
 * requirePermission() as their first line. Permissions come from the database on every
 * request, so a removed membership or a disabled account takes effect at once.
 */
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { ensureDatabaseReady, getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { getInstitutionRef } from "@/db/queries/institutions";
import { auth } from "./auth";
import { sessionMaxAgeSeconds } from "./config";
import { loadActor } from "./actor";
import { can, type Actor, type InstitutionRef, type Permission } from "./policy";

export const getActor = cache(async (): Promise<Actor | null> => {
  let session;
  try {
    session = await auth();
  } catch {
    return null; // a tampered or undecryptable cookie is simply "not signed in"
  }
  if (!session?.user?.id) return null;
  await ensureDatabaseReady();
  const res = await loadActor(
    getDb(),
    { userId: session.user.id, sessionVersion: session.sv, loginAt: session.loginAt },
    { now: new Date(), maxAgeSeconds: sessionMaxAgeSeconds() },
  );
  return res.ok ? res.actor : null;
});

/** For pages: not signed in → the login page; signed in without the permission → 403 page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
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
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  if (!can(actor, permission, institution)) throw new AppError("forbidden", "errors.forbidden");
  return actor;
}

/**
 * For actions on one institution: loads just enough of it (id, vendor) to decide, and answers
 * "not found" for an institution outside the caller's scope, as the pages do.
 */
export async function requireInstitutionPermission(permission: Permission, institutionId: unknown): Promise<{ actor: Actor; institution: InstitutionRef }> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  const ref = typeof institutionId === "string" ? await getInstitutionRef(getDb(), institutionId) : null;
  if (!ref || !can(actor, "institution.read", ref)) throw new AppError("not_found", "errors.not_found");
  if (!can(actor, permission, ref)) throw new AppError("forbidden", "errors.forbidden");
  return { actor, institution: ref };
}

export async function requireSignedIn(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  return actor;
}

export function auditActor(actor: Actor) {
  return { userId: actor.userId, label: actor.email };
}
