/**
 * application/problem+json (RFC 9457): the one function that writes an error response, for the
 * portal's route handlers (lib/api/route.ts), the REST API (lib/api/v1.ts) and /api/session.
 * Pure: no session, no database, so the API and its tests can use it without Next.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type ProblemBody = {
  /** A URI naming the kind of problem; "about:blank" when the status says it all. */
  type?: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
};

export function problemResponse(body: ProblemBody, headers: Record<string, string> = {}): Response {
  return Response.json({ type: "about:blank", ...body }, { status: body.status, headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers } });
}
