import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { institutionScope } from "@/lib/auth/policy";
import { listCertificates } from "@/lib/checker/queries";
import { parseCertificateFilter } from "@/lib/checker/certificate-filters";
import { certificatesCsv } from "@/lib/checker/certificates-csv";
import { toAmsterdamDate } from "@/lib/domain/dates";

/** The certificate list as shown (same filters and order, every page), as a Dutch Excel file. */
export const GET = withRoute({ permission: "endpoint.read" }, async ({ req, actor }) => {
  const filter = parseCertificateFilter(new URL(req.url).searchParams);
  const now = new Date();
  const { rows } = await listCertificates(getDb(), { scope: institutionScope(actor, "endpoint.read"), now, ...filter, page: 1, pageSize: 0 });
  return csvAttachment(certificatesCsv(rows, now), `certificaten-${toAmsterdamDate(now)}.csv`);
});
