/** The dashboard's query string: the as-of date and the forecast window. Pure. */
import { isIsoDate, type IsoDate } from "@/lib/domain/dates";
import { DEFAULT_WINDOW_WEEKS } from "./constants";

type Params = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (p: Params, k: string) => {
  const v = p instanceof URLSearchParams ? p.get(k) : p[k];
  return typeof v === "string" ? v.trim().slice(0, 20) : "";
};

/** The forecast window in weeks: whole numbers from WEEKS_MIN to WEEKS_MAX. */
export const WEEKS_MIN = 1;
export const WEEKS_MAX = 52;

export type DashboardParams = { asOf: IsoDate | null; weeks: number; dateError: boolean; weeksError: boolean; table: boolean };

/**
 * asOf: a real date before today (today or later means "now"; a future or invalid date is
 * reported and ignored). weeks: whole number 1..52, default 8. table=1: show the burn-up data
 * as a table (on request, so the everyday page stays light).
 */
export function parseDashboardParams(p: Params, today: IsoDate): DashboardParams {
  const rawDate = get(p, "asOf");
  const rawWeeks = get(p, "weeks");
  let asOf: IsoDate | null = null;
  let dateError = false;
  if (rawDate) {
    if (!isIsoDate(rawDate) || rawDate > today || rawDate < "2000-01-01") dateError = true;
    else if (rawDate < today) asOf = rawDate;
  }
  let weeks = DEFAULT_WINDOW_WEEKS;
  let weeksError = false;
  if (rawWeeks) {
    const n = Number(rawWeeks);
    if (Number.isInteger(n) && n >= WEEKS_MIN && n <= WEEKS_MAX) weeks = n;
    else weeksError = true;
  }
  return { asOf, weeks, dateError, weeksError, table: get(p, "table") === "1" };
}
