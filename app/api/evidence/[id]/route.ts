import { getDb } from "@/db/client";
import { getEvidenceFile } from "@/lib/onboarding/queries";
import { getInstitutionRef } from "@/lib/institutions/queries";
import { can } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { contentDisposition } from "@/lib/onboarding/evidence";
import { isUuid } from "@/lib/validation/uuid";

const problem = (status: number, title: string) =>
  Response.json({ type: "about:blank", title, status }, { status, headers: { "content-type": "application/problem+json" } });

/** Evidence downloads: only for people who may see the institution; always as an attachment. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) return problem(401, "Niet ingelogd");
  const { id } = await params;
  if (!isUuid(id)) return problem(404, "Niet gevonden");
  const db = getDb();
  const file = await getEvidenceFile(db, id);
  const ref = file ? await getInstitutionRef(db, file.institutionId) : null;
  if (!file || !ref || !can(actor, "institution.read", ref)) return problem(404, "Niet gevonden");
  return new Response(new Uint8Array(file.data), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.sizeBytes),
      "content-disposition": contentDisposition(file.filename),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "x-checksum-sha256": file.sha256,
    },
  });
}
