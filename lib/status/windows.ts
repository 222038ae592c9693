/**
 * The next occurrences of endpoint maintenance windows (once or weekly, Amsterdam wall-clock
 * time), so that the windows of central components appear on the status page by themselves.
 */
import type { MaintenanceWindow } from "@/db/schema/endpoints";
import { addDays, toAmsterdamDate } from "@/lib/domain/dates";
import { amsterdamToInstant } from "@/lib/validation/endpoints";

export type WindowOccurrence = { start: Date; end: Date; note: string | null };

/** Occurrences that overlap [from, to), in start order. */
export function windowOccurrences(windows: readonly MaintenanceWindow[], from: Date, to: Date): WindowOccurrence[] {
  const out: WindowOccurrence[] = [];
  for (const w of windows) {
    if (w.kind === "once") {
      const start = new Date(w.start);
      const end = new Date(w.end);
      if (end > from && start < to) out.push({ start, end, note: w.note ?? null });
      continue;
    }
    const [sh, sm] = w.start.split(":").map(Number);
    const [eh, em] = w.end.split(":").map(Number);
    // Each Amsterdam day from the day before `from` to the day of `to`.
    for (let day = addDays(toAmsterdamDate(from), -1); day <= toAmsterdamDate(to); day = addDays(day, 1)) {
      const [y, m, d] = day.split("-").map(Number);
      const isoWeekday = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
      if (isoWeekday !== w.day) continue;
      const start = amsterdamToInstant(y, m, d, sh, sm);
      const end = amsterdamToInstant(y, m, d, eh, em);
      if (end > from && start < to) out.push({ start, end, note: w.note ?? null });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}
