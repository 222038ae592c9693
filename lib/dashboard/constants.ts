import type { IsoDate } from "@/lib/domain/dates";

export const PROGRAMME_TARGET_DATE: IsoDate = "2026-12-31";
export const DEFAULT_WINDOW_WEEKS = 8;
export const BLOCKERS_PER_GROUP = 10;
