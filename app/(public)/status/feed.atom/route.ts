import { getDb } from "@/db/client";
import { withRoute } from "@/lib/api/route";
import { ensureDatabaseReady } from "@/lib/database";
import { env } from "@/lib/env";
import { statusAtom } from "@/lib/status/publish";
import { loadIncidents, loadStatusModel } from "@/lib/status/queries";

const FEED_ENTRIES = 50;

/** Atom feed of incidents and maintenance announcements (public, like the status page). */
export const GET = withRoute({ public: "incident posts and maintenance announcements that the status page shows anyway" }, async () => {
  await ensureDatabaseReady();
  const db = getDb();
  const now = new Date();
  const [model, incidents] = await Promise.all([loadStatusModel(db, now), loadIncidents(db, { resolvedSince: null, limit: FEED_ENTRIES })]);
  const body = statusAtom(model, incidents, env().APP_URL.replace(/\/$/, ""));
  return new Response(body, { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
});
