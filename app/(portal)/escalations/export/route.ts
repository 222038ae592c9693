import { getDb } from "@/db/client";
import { csvAttachment, withRoute } from "@/lib/api/route";
import { toAmsterdamDate } from "@/lib/domain/dates";
import { decisionsCsv, escalationsCsv } from "@/lib/escalations/csv";
import { linkNames, listDecisions, listEscalations } from "@/lib/escalations/queries";

/** The escalation register (`?what=register`, every status) or the decision log (`?what=decisions`) as CSV. */
export const GET = withRoute({ permission: "escalations.view" }, async ({ req }) => {
  const db = getDb();
  const today = toAmsterdamDate(new Date());
  if (new URL(req.url).searchParams.get("what") === "decisions") {
    const rows = await listDecisions(db);
    return csvAttachment(decisionsCsv(rows, await linkNames(db, rows.map((r) => r.links))), `besluitenlijst-${today}.csv`);
  }
  const rows = await listEscalations(db, { status: "all" });
  return csvAttachment(escalationsCsv(rows, await linkNames(db, rows.map((r) => r.links))), `escalaties-${today}.csv`);
});
