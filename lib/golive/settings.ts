/**
 * Programme settings of the go-live gate (issue 17 §1), from the one env schema (lib/env.ts):
 *
 * GOLIVE_GREEN_DAYS          consecutive green days every required production endpoint needs (14)
 * GOLIVE_RETEST_DOWN_HOURS   a down period longer than this is a change that needs a retest (24)
 */
import { env } from "@/lib/env";
import type { GoLiveSettings } from "@/lib/domain/golive";

export function goLiveSettings(): GoLiveSettings {
  const e = env();
  return { greenDays: e.GOLIVE_GREEN_DAYS, retestDownHours: e.GOLIVE_RETEST_DOWN_HOURS };
}
