import { downloadDocument } from "@/lib/toolkit/download";

/** A personalised toolkit document, as an attachment; the download is recorded. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; type: string }> }) {
  const { id, type } = await params;
  return downloadDocument({ institutionId: id, type, versionId: new URL(req.url).searchParams.get("version") });
}
