import { getDb } from "@/db/client";
import { withRoute } from "@/lib/api/route";
import { ensureDatabaseReady } from "@/lib/database";
import { etagMatches, statusJson } from "@/lib/status/publish";
import { loadStatusModel } from "@/lib/status/queries";

const CACHE = "public, max-age=60, stale-while-revalidate=60";

/** The public status as JSON (README, "Public status page"): aggregates only, cacheable with an ETag. */
export const GET = withRoute({ public: "network status as aggregates only: no URLs, certificates or single institutions" }, async ({ req }) => {
  await ensureDatabaseReady();
  const model = await loadStatusModel(getDb(), new Date());
  const etag = `W/"${model.version}"`;
  if (etagMatches(req.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: { etag, "cache-control": CACHE } });
  return Response.json(statusJson(model), { headers: { etag, "cache-control": CACHE } });
});
