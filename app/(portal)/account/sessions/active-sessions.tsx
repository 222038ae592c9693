/**
 * "Actieve sessies" on the account page: where this user is signed in now (device, address,
 * sign-in time, last activity), this browser marked, every other one with its own "Uitloggen".
 */
import { getDb } from "@/db/client";
import { sessionMaxAgeSeconds } from "@/lib/auth/config";
import type { Actor } from "@/lib/auth/policy";
import { getCurrentSession } from "@/lib/auth/session";
import { TOUCH_INTERVAL_MS } from "@/lib/auth/session-rules";
import { describeDevice, parseUserAgent } from "@/lib/auth/user-agent";
import { listActiveSessions } from "@/lib/auth/user-sessions";
import { env } from "@/lib/env";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { SessionsTable, type SessionRow } from "./sessions-table";
import { formatDateTime } from "@/lib/domain/intl";

export async function ActiveSessions({ actor, children }: { actor: Actor; children?: React.ReactNode }) {
  const [s, locale] = await Promise.all([getTranslations("sessions"), getLocale()]);
  const now = new Date();
  const idleMinutes = env().SESSION_IDLE_MINUTES;
  const maxAgeSeconds = sessionMaxAgeSeconds();
  const [current, sessions] = await Promise.all([getCurrentSession(), listActiveSessions(getDb(), actor.userId, { now, idleMinutes, maxAgeSeconds })]);
  const fmt = (d: Date) => formatDateTime(d, locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Amsterdam" });
  const rows: SessionRow[] = sessions
    .map((x) => {
      const isCurrent = x.id === current?.sessionId;
      const device = describeDevice(parseUserAgent(x.userAgent), { browser_on_os: s.raw("browser_on_os") as string, unknown: s("unknown_device") });
      const ip = x.ip && x.ip !== "unknown" ? x.ip : s("unknown_ip");
      const signedIn = fmt(x.createdAt);
      // Activity is stored once a minute: this browser is active right now, others within the minute count as "just now".
      const lastActive = isCurrent || now.getTime() - x.lastSeenAt.getTime() < TOUCH_INTERVAL_MS ? s("just_now") : fmt(x.lastSeenAt);
      return {
        id: x.id,
        device,
        ip,
        signedIn,
        lastActive,
        current: isCurrent,
        revokeLabel: s("sign_out_label", { device, ip, time: signedIn }),
        doneText: s("signed_out", { device, ip }),
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <section className="card" aria-labelledby="active-sessions-h">
      <h2 id="active-sessions-h">{s("title")}</h2>
      <p>{s("intro")}</p>
      <p className="muted">{s("limits", { duration: s("minutes", { minutes: idleMinutes }), hours: Math.round(maxAgeSeconds / 3600) })}</p>
      <SessionsTable rows={rows} />
      {children}
    </section>
  );
}
