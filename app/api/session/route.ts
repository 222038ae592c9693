/**
 * The idle-timeout companion of the client warning (app/_components/idle-notice.tsx).
 * GET: how long this session has left, WITHOUT counting as activity (asking must not keep a
 * forgotten tab signed in). POST ("Aangemeld blijven"): records activity now, then answers the
 * same. Both answer 401 with the reason when the session has ended. No personal data.
 */
import { getDb } from "@/db/client";
import { problemResponse } from "@/lib/api/problem";
import { problemDetail, problemTitle } from "@/lib/api/route";
import { sessionMaxAgeSeconds } from "@/lib/auth/config";
import { peekSession } from "@/lib/auth/session";
import { absoluteSecondsLeft, idleSecondsLeft, loginReasonFor } from "@/lib/auth/session-rules";
import { touchUserSession } from "@/lib/auth/user-sessions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "private, no-store" };

function ended(reason: string | null) {
  return problemResponse({ title: problemTitle(new AppError("unauthenticated")), status: 401, reason }, NO_STORE);
}

function status(lastSeenAt: Date, loginAt: number, now: Date) {
  const idleMinutes = env().SESSION_IDLE_MINUTES;
  return Response.json(
    { idleMinutes, idleSecondsLeft: idleSecondsLeft(lastSeenAt, now, idleMinutes), expiresInSeconds: absoluteSecondsLeft(loginAt, now, sessionMaxAgeSeconds()) },
    { headers: NO_STORE },
  );
}

/** The permission check of both methods: a valid session of a fully signed-in user (second factor done). */
async function currentSession() {
  const peek = await peekSession();
  if (!peek) return { error: ended(null) } as const;
  if (!peek.lookup.ok) return { error: ended(loginReasonFor(peek.lookup.reason)) } as const;
  if (peek.lookup.mfa !== "ok") return { error: ended(null) } as const;
  return { lookup: peek.lookup, loginAt: peek.loginAt } as const;
}

export async function GET() {
  const s = await currentSession();
  if ("error" in s) return s.error;
  return status(s.lookup.session.lastSeenAt, s.loginAt, new Date());
}

export async function POST(req: Request) {
  const s = await currentSession();
  if ("error" in s) return s.error;
  // Only the portal's own pages may keep a session alive (browsers send Sec-Fetch-Site).
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") {
    const refusal = new AppError("forbidden", "session_api.cross_site");
    return problemResponse({ title: problemTitle(refusal), detail: problemDetail(refusal), status: 403 }, NO_STORE);
  }
  const now = new Date();
  const lastSeenAt = await touchUserSession(getDb(), { userId: s.lookup.actor.userId, sessionId: s.lookup.session.id, now, idleMinutes: env().SESSION_IDLE_MINUTES });
  if (!lastSeenAt) return ended("revoked");
  return status(lastSeenAt, s.loginAt, now);
}
