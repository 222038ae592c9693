/** The FHIR R4 directory (read-only). Token or session; the handler checks both first. */
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { getActor } from "@/lib/auth/session";
import { handleFhirRequest } from "@/lib/fhir/handler";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path?: string[] }> };

async function handle(req: Request, { params }: Params) {
  await ensureDatabaseReady();
  const { path = [] } = await params;
  return handleFhirRequest(req, path, { db: getDb(), now: new Date(), sessionActor: getActor });
}

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
