import { downloadPack } from "@/lib/toolkit/download";

/** The personalised pack (every current document in one PDF), as an attachment; recorded per document. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return downloadPack({ institutionId: id });
}
