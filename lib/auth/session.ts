/**
 * The gate. Pages call requirePagePermission(), server actions and route handlers call
 * requirePermission() as their first line. Permissions come from the database on every
 * request, so a removed membership or a disabled account takes effect at once.
 */
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { ensureDatabaseReady, getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
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

export async function requireSignedIn(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthenticated", "errors.unauthenticated");
  return actor;
}

export function auditActor(actor: Actor) {
  return { userId: actor.userId, label: actor.email };
}
