/**
 * The timing rules of a signed-in session, pure so they can be table-tested: the idle timeout,
 * how often activity is written back, when the client warns, what is still "active", and how
 * long ended sessions are kept.
 */

/** last_seen_at is written at most this often per session, so reads stay reads. */
export const TOUCH_INTERVAL_MS = 60_000;
/** Ended sessions (revoked, or not seen for this long) are deleted after this many days. */
export const SESSION_RETENTION_DAYS = 30;
/** The client warns this long before the idle timeout. */
export const IDLE_WARNING_SECONDS = 120;
export const DEFAULT_IDLE_MINUTES = 30;

const ms = (d: Date | number) => (typeof d === "number" ? d : d.getTime());

/** Idle too long: more than idleMinutes since the last recorded activity. Exactly at the limit still counts. */
export function isIdle(lastSeenAt: Date | number, now: Date | number, idleMinutes: number) {
  return ms(now) - ms(lastSeenAt) > idleMinutes * 60_000;
}

/** Whether this request should record activity: only when the stored value is a minute old or more. */
export function shouldTouch(lastSeenAt: Date | number, now: Date | number) {
  return ms(now) - ms(lastSeenAt) >= TOUCH_INTERVAL_MS;
}

/** Whole seconds until the idle timeout (0 when it has passed). */
export function idleSecondsLeft(lastSeenAt: Date | number, now: Date | number, idleMinutes: number) {
  return Math.max(0, Math.ceil((ms(lastSeenAt) + idleMinutes * 60_000 - ms(now)) / 1000));
}

/** Whole seconds until the absolute lifetime ends (0 when it has passed). */
export function absoluteSecondsLeft(signedInAt: Date | number, now: Date | number, maxAgeSeconds: number) {
  return Math.max(0, Math.ceil((ms(signedInAt) + maxAgeSeconds * 1000 - ms(now)) / 1000));
}

export type SessionTimes = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };

/** A session the user can still use: not revoked, not idle, not past its absolute lifetime. */
export function isSessionActive(s: SessionTimes, now: Date, opts: { idleMinutes: number; maxAgeSeconds: number }) {
  return !s.revokedAt && !isIdle(s.lastSeenAt, now, opts.idleMinutes) && absoluteSecondsLeft(s.createdAt, now, opts.maxAgeSeconds) > 0;
}

/** The oldest moment an active session can have been seen, for listing and counting in SQL. */
export function activeSince(now: Date, idleMinutes: number) {
  return new Date(now.getTime() - idleMinutes * 60_000);
}

/** The oldest sign-in time an active session can have, for listing and counting in SQL. */
export function signedInSince(now: Date, maxAgeSeconds: number) {
  return new Date(now.getTime() - maxAgeSeconds * 1000);
}

/** Sessions that ended (revoked or last seen) before this moment are deleted. */
export function retentionCutoff(now: Date) {
  return new Date(now.getTime() - SESSION_RETENTION_DAYS * 24 * 3600_000);
}

/** How long before the idle timeout the client warns: 2 minutes, or half the timeout when that is shorter. */
export function warningSecondsFor(idleMinutes: number) {
  return Math.min(IDLE_WARNING_SECONDS, Math.floor((idleMinutes * 60) / 2));
}

/**
 * When the client should next ask the server, in seconds from now: at the warning moment, or
 * right at the timeout once the warning shows. Never sooner than 5 s, so a clock difference
 * cannot make it poll in a loop.
 */
export function nextIdleCheckSeconds(secondsLeft: number, warnSeconds = IDLE_WARNING_SECONDS) {
  return Math.max(5, secondsLeft > warnSeconds ? secondsLeft - warnSeconds : secondsLeft + 1);
}

/** Why a session ended, as the login page's `reason` parameter; null when there is nothing to explain. */
export type LoginReason = "idle" | "revoked" | "expired" | "disabled";

export function loginReasonFor(lookupReason: string | undefined | null): LoginReason | null {
  switch (lookupReason) {
    case "session_idle":
      return "idle";
    case "session_revoked":
      return "revoked";
    case "session_expired":
      return "expired";
    case "disabled":
      return "disabled";
    default:
      return null;
  }
}

export function isLoginReason(v: unknown): v is LoginReason {
  return v === "idle" || v === "revoked" || v === "expired" || v === "disabled";
}
