/** Liveness: the process answers. Public by design; reveals nothing but "ok". */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
