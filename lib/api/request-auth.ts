/**
 * Who is calling /fhir or /api/v1: an API token (Authorization: Bearer duo_…) or, where
 * allowed, the signed-in session. Tokens are rate limited per token. The session lookup is
 * passed in, so this stays free of next-auth and can be tested with a plain Request.
 */
import type { Executor } from "@/db/client";
import type { ApiTokenPermission } from "@/db/schema";
import type { Actor } from "@/lib/auth/policy";
import { authenticateApiToken, bearerFrom, consumeRateLimit, rateLimitPerMinute, type TokenAuthFailure } from "@/lib/registry/api-tokens";
import type { Principal } from "@/lib/registry/principal";

export type AuthOutcome =
  | { ok: true; principal: Principal; headers: Record<string, string> }
  | { ok: false; status: 401; reason: Exclude<TokenAuthFailure, "not_permitted"> | "no_session"; message: string }
  | { ok: false; status: 403; reason: "not_permitted"; message: string }
  | { ok: false; status: 429; retryAfterSeconds: number; limit: number; message: string };

const MESSAGES: Record<TokenAuthFailure | "no_session", string> = {
  missing: "An API token is required: send Authorization: Bearer <token>.",
  no_session: "Sign in or send an API token (Authorization: Bearer <token>).",
  malformed: "The Authorization header does not hold a valid API token (Bearer duo_…).",
  unknown: "This API token is not known.",
  expired: "This API token has expired; ask for a new one.",
  revoked: "This API token has been revoked.",
  not_permitted: "This API token may not be used here: it lacks the permission this interface needs (api or metrics).",
};

export async function authenticateRequest(
  db: Executor,
  req: Request,
  opts: { now: Date; sessionActor?: () => Promise<Actor | null>; limitPerMinute?: number; permission?: ApiTokenPermission },
): Promise<AuthOutcome> {
  const raw = bearerFrom(req.headers.get("authorization"));
  if (raw === null && opts.sessionActor) {
    const actor = await opts.sessionActor();
    if (actor) return { ok: true, principal: { kind: "user", actor }, headers: {} };
    return { ok: false, status: 401, reason: "no_session", message: MESSAGES.no_session };
  }
  const res = await authenticateApiToken(db, raw, opts.now, opts.permission);
  if (!res.ok) {
    if (res.reason === "not_permitted") return { ok: false, status: 403, reason: res.reason, message: MESSAGES.not_permitted };
    return { ok: false, status: 401, reason: res.reason, message: MESSAGES[res.reason] };
  }
  const limit = opts.limitPerMinute ?? rateLimitPerMinute();
  const rl = await consumeRateLimit(db, { tokenId: res.token.id, now: opts.now, limit });
  if (!rl.ok) {
    return { ok: false, status: 429, retryAfterSeconds: rl.retryAfterSeconds, limit, message: `Rate limit of ${limit} requests per minute exceeded for this token; retry after ${rl.retryAfterSeconds} s.` };
  }
  return {
    ok: true,
    principal: { kind: "token", token: res.token },
    headers: { "RateLimit-Limit": String(rl.limit), "RateLimit-Remaining": String(rl.remaining), "RateLimit-Reset": String(rl.resetSeconds) },
  };
}
