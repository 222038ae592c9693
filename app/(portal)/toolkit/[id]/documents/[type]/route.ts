import { withRoute } from "@/lib/api/route";
import { downloadDocument } from "@/lib/toolkit/download";

/** A personalised toolkit document, as an attachment; the download is recorded. */
export const GET = withRoute({ permission: "toolkit.download", scope: ({ params }: { params: { id: string; type: string } }) => params.id }, ({ req, params, actor, institution }) =>
  downloadDocument({ actor, institution, type: params.type, versionId: new URL(req.url).searchParams.get("version") }),
);
