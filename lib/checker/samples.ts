/**
 * The compact raw record (issue 15 §3): every check of an hour packed into the hourly rollup's
 * `samples` column, 9 bytes per check, so a 1-minute interval costs ~540 bytes an hour instead
 * of a ~700-byte result row plus its index entries per check. Full result rows are kept only
 * where their facts matter (see `keepFullResult`).
 *
 * Layout per check (big-endian): uint32 milliseconds into the hour, uint8 flags
 * (bits 0-1 status: 0 up, 1 degraded, 2 down; bits 2-3 suppression: 0 none, 1 maintenance,
 * 2 checker offline; bit 4: a full result row exists), uint32 total milliseconds.
 */
export const SAMPLE_BYTES = 9;

export type Sample = {
  at: Date;
  status: "up" | "degraded" | "down";
  suppressed: "maintenance" | "checker_offline" | null;
  totalMs: number;
  full: boolean;
};

const STATUS = ["up", "degraded", "down"] as const;
const SUPPRESSION = [null, "maintenance", "checker_offline"] as const;
const HOUR = 3_600_000;

export function packSamples(samples: readonly Sample[]): Buffer {
  const buf = Buffer.alloc(samples.length * SAMPLE_BYTES);
  samples.forEach((s, i) => {
    const o = i * SAMPLE_BYTES;
    const t = s.at.getTime();
    buf.writeUInt32BE(t - Math.floor(t / HOUR) * HOUR, o);
    buf.writeUInt8(STATUS.indexOf(s.status) | (SUPPRESSION.indexOf(s.suppressed) << 2) | (s.full ? 16 : 0), o + 4);
    buf.writeUInt32BE(Math.max(0, Math.min(0xffffffff, Math.round(s.totalMs))), o + 5);
  });
  return buf;
}

/** The checks of one hour (`hour` = its UTC start), in time order. */
export function unpackSamples(hour: Date, data: Uint8Array | null): Sample[] {
  if (!data) return [];
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const out: Sample[] = [];
  for (let o = 0; o + SAMPLE_BYTES <= buf.length; o += SAMPLE_BYTES) {
    const flags = buf.readUInt8(o + 4);
    out.push({
      at: new Date(hour.getTime() + buf.readUInt32BE(o)),
      status: STATUS[flags & 3] ?? "down",
      suppressed: SUPPRESSION[(flags >> 2) & 3] ?? null,
      full: (flags & 16) !== 0,
      totalMs: buf.readUInt32BE(o + 5),
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Whether a check keeps its full result row (SOAP/TLS facts, steps, detail): failures, a status or
 * reason that differs from the check before (latency alone, `slow`, is no change: the sample holds
 * the total time), a health transition, the first check of an hour
 * (fresh TLS/certificate facts for the endpoint page), and every check a person or a token asked
 * for (they can become onboarding evidence). All other checks live only as samples.
 */
export function keepFullResult(c: {
  trigger: "schedule" | "user" | "api";
  status: "up" | "degraded" | "down";
  reason: string | null;
  at: Date;
  previous: { status: string | null; reason: string | null; at: Date | null } | null;
  healthChanged: boolean;
}): boolean {
  if (c.trigger !== "schedule" || c.status === "down" || c.healthChanged) return true;
  const p = c.previous;
  const key = (status: string | null, reason: string | null) => (status === "degraded" && reason === "slow" ? "up|" : `${status}|${reason ?? ""}`);
  if (!p || !p.at || key(p.status, p.reason) !== key(c.status, c.reason)) return true;
  return Math.floor(p.at.getTime() / HOUR) !== Math.floor(c.at.getTime() / HOUR);
}
