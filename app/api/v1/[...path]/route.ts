/** The REST API for automation (API tokens only). The handler authenticates first. */
import { getDb } from "@/db/client";
import { ensureDatabaseReady } from "@/lib/database";
import { handleApiV1Request } from "@/lib/api/v1";
import { env } from "@/lib/env";
import { endpointSchemaOptionsFromEnv } from "@/lib/validation/endpoints";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path: string[] }> };

async function handle(req: Request, { params }: Params) {
  await ensureDatabaseReady();
  const { path } = await params;
  return handleApiV1Request(req, path, { db: getDb(), now: new Date(), schemaOptions: endpointSchemaOptionsFromEnv(env()) });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
