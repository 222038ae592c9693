/**
 * Importing a checked CSV file, with its progress: the answer is a stream of JSON lines
 * (application/x-ndjson), so the form can show how far the import is while it runs:
 *
 *   {"type":"progress","phase":"checking"}             the file is read and checked again
 *   {"type":"progress","phase":"writing","done":3,"total":10}
 *   {"type":"done","created":10000,"updated":0}         committed, all of it
 *   {"type":"error","message":"…"}                     nothing was written
 *
 * The gate answers before the stream (401/403 as problem+json). A cross-site post is refused by
 * the HTTP server (lib/ops/http-limits.ts, checkActionOrigin: multipart posts outside /api) and
 * here again, for servers without it (next dev). The import runs to its end even when the browser
 * goes away: it is one transaction, committed or rolled back, never cut off halfway.
 */
import { getDb } from "@/db/client";
import { toActionError } from "@/lib/actions";
import { withRoute } from "@/lib/api/route";
import { auditActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getLocale } from "@/lib/i18n/server";
import { importInstitutions } from "@/lib/institutions/service";
import type { ImportEvent } from "../events";
import { readUpload, rowsToImport } from "../upload";

function sameOrigin(req: Request) {
  const origin = req.headers.get("origin");
  if (origin === null) return true;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const POST = withRoute({ permission: "institution.manage" }, async ({ req, actor }) => {
  if (!sameOrigin(req)) throw new AppError("forbidden", "errors.forbidden");
  const locale = await getLocale();
  const form = await req.formData().catch(() => null);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (event: ImportEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false; // the browser went away; the import still finishes
        }
      };
      send({ type: "progress", phase: "checking" });
      try {
        const { filename, bytes, sha256 } = await readUpload(form);
        const rows = await rowsToImport(bytes);
        // Checking a big file takes a moment on this thread: serve what waits before writing.
        await new Promise((resolve) => setImmediate(resolve));
        const result = await importInstitutions(getDb(), {
          actor: auditActor(actor),
          filename,
          sha256,
          now: new Date(),
          rows,
          onProgress: (p) => send({ type: "progress", phase: "writing", ...p }),
        });
        send({ type: "done", ...result });
      } catch (e) {
        send({ type: "error", message: toActionError(e, locale).message });
      }
      if (open) controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" } });
});
