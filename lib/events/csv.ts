/** The attendee list of an event as CSV for its organiser (Dutch, like every download). Pure. */
import { toSafeCsv } from "@/lib/csv";

const STATUS_NL: Record<string, string> = { registered: "aangemeld", waiting: "wachtlijst", cancelled: "afgemeld" };

type Row = { name: string; email: string; institutionName: string | null; status: string; queuedAt: Date; promotedAt: Date | null; cancelledAt: Date | null };

const instant = (d: Date | null) => (d ? d.toISOString() : null);

export function attendeesCsv(rows: readonly Row[]): string {
  let place = 0;
  return toSafeCsv(
    ["naam", "e-mail", "instelling", "status", "plaats_wachtlijst", "aangemeld_op", "doorgeschoven_op", "afgemeld_op"],
    rows.map((r) => [r.name, r.email, r.institutionName, STATUS_NL[r.status] ?? r.status, r.status === "waiting" ? ++place : null, instant(r.queuedAt), instant(r.promotedAt), instant(r.cancelledAt)]),
  );
}
