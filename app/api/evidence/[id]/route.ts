import { getDb } from "@/db/client";
import { getEvidenceFile } from "@/lib/onboarding/queries";
import { attachment, withRoute } from "@/lib/api/route";
import { isUuid } from "@/lib/validation/uuid";

/** Evidence downloads: only for people who may see the institution; always as an attachment. */
export const GET = withRoute(
  {
    permission: "institution.read",
    scope: async ({ params }: { params: { id: string } }) => {
      const file = isUuid(params.id) ? await getEvidenceFile(getDb(), params.id) : null;
      return file && { institutionId: file.institutionId, file };
    },
  },
  ({ target: { file } }) => attachment(new Uint8Array(file.data), { contentType: file.contentType, filename: file.filename, headers: { "x-checksum-sha256": file.sha256 } }),
);
