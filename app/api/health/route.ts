import { withRoute } from "@/lib/api/route";

/** Liveness: the process answers. Public by design; reveals nothing but "ok". */
export const GET = withRoute({ public: "liveness: answers only \"ok\"" }, () => Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }));
