import { withRoute } from "@/lib/api/route";
import { downloadPack } from "@/lib/toolkit/download";

/** The personalised pack (every current document in one PDF), as an attachment; recorded per document. */
export const GET = withRoute({ permission: "toolkit.download", scope: ({ params }: { params: { id: string } }) => params.id }, ({ actor, institution }) => downloadPack({ actor, institution }));
