/**
 * The one edge for the portal's route handlers (app/**\/route.ts):
 *
 *   export const GET = withRoute({ permission: "dashboard.view" }, async ({ req, actor }) => …);
 *
 * The wrapper's first act is the gate (a permission, optionally on one institution, "signed in",
 * or public with a reason); then the handler runs, and whatever it throws is answered here as
 * application/problem+json: AppError with its status, zod errors as 400, anything else as a logged
 * 500 with a reference. Handlers throw `new AppError(...)` instead of writing error responses.
 * The REST API (/api/v1) and FHIR (/fhir) authenticate tokens and speak their own formats; they
 * are not wrapped (tests/unit/auth/inventory.test.ts lists the exceptions).
 */
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { can, type Actor, type InstitutionRef, type Permission } from "@/lib/auth/policy";
import { requirePermission, requireSignedIn } from "@/lib/auth/session";
import { AppError, isMessageKey, type ErrorCode } from "@/lib/errors";
import { errorText, translate } from "@/lib/i18n/messages";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { errorFields, log } from "@/lib/log";
import { errorReference } from "@/lib/request-context";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { messageText } from "@/lib/validation/messages";
import { problemResponse } from "./problem";

type Params = Record<string, string | string[] | undefined>;
type Awaitable<T> = T | Promise<T>;

/** What a scoped route is about: an institution id, or an object that carries one (and whatever the handler needs of it). */
export type ScopeTarget = string | { institutionId: string };
/** Finds the institution of the request (null: nothing there, answered 404). Runs after the signed-in check. */
export type ScopeResolver<P, S extends ScopeTarget> = (ctx: { req: Request; params: P }) => Awaitable<S | null>;

export type RouteContext<P> = { req: Request; params: P };
export type ActorContext<P> = RouteContext<P> & { actor: Actor };
export type ScopedContext<P, S> = ActorContext<P> & { institution: InstitutionRef; target: S };

/** The signature Next calls a route handler with. */
export type RouteHandler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/**
 * Problem titles of the route handlers (Dutch, as before): errors.problem_titles.<code> for the
 * short titles, errors.<code> otherwise. An AppError's message is a catalogue key or the code
 * itself (→ the title for its code), or a sentence that is its own title. A key that says more
 * than its code (not errors.<code>) is rendered as the problem's detail.
 */
const TITLED: readonly ErrorCode[] = ["unauthenticated", "forbidden", "not_found"];
export function problemTitle(e: AppError): string {
  if (e.message !== e.code && !isMessageKey(e.message)) return e.message;
  return translate("nl", TITLED.includes(e.code) ? `errors.problem_titles.${e.code}` : `errors.${e.code}`);
}

/** The text of a specific message key (with its values), or undefined when the title says it all. */
export function problemDetail(e: AppError): string | undefined {
  return isMessageKey(e.message) && e.message !== `errors.${e.code}` ? errorText("nl", e) : undefined;
}

/** Any error a handler or gate throws, as problem+json. Redirects and notFound() stay control flow. */
export function routeError(e: unknown): Response {
  unstable_rethrow(e);
  if (e instanceof AppError) {
    const errors = e.fieldErrors ? Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, messageText((key, values) => translate("nl", key, values), v[0])])) : undefined;
    const detail = problemDetail(e);
    return problemResponse({ title: problemTitle(e), status: e.status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) });
  }
  if (e instanceof z.ZodError) return routeError(new AppError("validation", "errors.validation", z.flattenError(e).fieldErrors as Record<string, string[]>));
  const reference = errorReference();
  log.error("route.failed", { reference, ...errorFields(e) });
  return problemResponse({ title: translate("nl", "errors.internal"), status: 500, reference });
}

async function scopedGate<P, S extends ScopeTarget>(permission: Permission, resolve: ScopeResolver<P, S>, ctx: RouteContext<P>): Promise<ScopedContext<P, S>> {
  const actor = await requireSignedIn();
  const target = await resolve(ctx);
  const institutionId = target === null ? null : typeof target === "string" ? target : target.institutionId;
  const institution = institutionId ? await getInstitutionRef(getDb(), institutionId) : null;
  // Outside the caller's scope looks like "not found": do not reveal that it exists.
  if (!institution || !can(actor, "institution.read", institution)) throw new AppError("not_found", "errors.not_found");
  if (!can(actor, permission, institution)) throw new AppError("forbidden", "errors.forbidden");
  return { ...ctx, actor, institution, target: target as S };
}

/** A permission on the institution `scope` finds: 404 outside the caller's reach, 403 within it without the permission. */
export function withRoute<P = Params, S extends ScopeTarget = string>(
  gate: { permission: Permission; scope: ScopeResolver<P, S> },
  handler: (ctx: ScopedContext<P, S>) => Awaitable<Response>,
): RouteHandler<P>;
/** A signed-in user (second factor done), or a permission that is not about one institution. */
export function withRoute<P = Params>(gate: { signedIn: true } | { permission: Permission; scope?: never }, handler: (ctx: ActorContext<P>) => Awaitable<Response>): RouteHandler<P>;
/** A public route: nothing to check; `public` says what protects it instead (as the inventory does). */
export function withRoute<P = Params>(gate: { public: string }, handler: (ctx: RouteContext<P>) => Awaitable<Response>): RouteHandler<P>;
export function withRoute<P, S extends ScopeTarget>(
  gate: { public: string } | { signedIn: true } | { permission: Permission; scope?: ScopeResolver<P, S> },
  handler: (ctx: never) => Awaitable<Response>,
): RouteHandler<P> {
  const run = handler as (ctx: RouteContext<P> | ActorContext<P> | ScopedContext<P, S>) => Awaitable<Response>;
  return async (req, { params }) => {
    try {
      const ctx: RouteContext<P> = { req, params: await params };
      if ("public" in gate) return await run(ctx);
      if ("signedIn" in gate) return await run({ ...ctx, actor: await requireSignedIn() });
      if (gate.scope) return await run(await scopedGate(gate.permission, gate.scope, ctx));
      return await run({ ...ctx, actor: await requirePermission(gate.permission) });
    } catch (e) {
      return routeError(e);
    }
  };
}

/** A download: an attachment with a safe file name, never cached or sniffed. */
export function attachment(body: string | Uint8Array, opts: { contentType: string; filename: string; headers?: Record<string, string> }): Response {
  return new Response(body as BodyInit, {
    headers: {
      "content-type": opts.contentType,
      ...(typeof body === "string" ? {} : { "content-length": String(body.byteLength) }),
      "content-disposition": contentDisposition(opts.filename),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      ...opts.headers,
    },
  });
}

export const csvAttachment = (csv: string, filename: string) => attachment(csv, { contentType: "text/csv; charset=utf-8", filename });
export const pdfAttachment = (bytes: Uint8Array, filename: string) => attachment(bytes, { contentType: "application/pdf", filename });
