/**
 * Network health per vendor infrastructure for the dashboard: how many active gateways the
 * checker currently finds up, degraded, down or not yet checked, and whether that looks like a
 * vendor-wide outage rather than a few institutions with a problem. Pure.
 */
import { VENDOR_CODES } from "@/lib/domain/vendors";

export type HealthStatus = "unknown" | "up" | "degraded" | "down";
export type VendorNetworkHealth = { vendor: string; up: number; degraded: number; down: number; unknown: number; checked: number; outage: boolean };

/**
 * An outage: at least OUTAGE_MIN_DOWN gateways of one vendor down and at least half of the
 * checked ones. One institution's broken firewall is not an outage; half the network is.
 */
export const OUTAGE_MIN_DOWN = 2;
export const OUTAGE_SHARE = 0.5;

export function summarizeNetworkHealth(rows: readonly { vendor: string; status: HealthStatus; n: number }[]): VendorNetworkHealth[] {
  const known = [...VENDOR_CODES, ...rows.map((r) => r.vendor).filter((v) => !(VENDOR_CODES as readonly string[]).includes(v)).sort()];
  return [...new Set(known)].map((vendor) => {
    const count = (s: HealthStatus) => rows.filter((r) => r.vendor === vendor && r.status === s).reduce((a, r) => a + r.n, 0);
    const up = count("up");
    const degraded = count("degraded");
    const down = count("down");
    const checked = up + degraded + down;
    return { vendor, up, degraded, down, unknown: count("unknown"), checked, outage: down >= OUTAGE_MIN_DOWN && down >= checked * OUTAGE_SHARE };
  });
}
