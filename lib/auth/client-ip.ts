/**
 * The client address used for per-IP rate limiting. scripts/start.ts (the server) writes the
 * socket address into x-duo-client-ip and drops any copy sent by the client. Behind one reverse
 * proxy (TRUST_PROXY=true) it takes the right-most X-Forwarded-For entry: the address the proxy
 * itself saw and appended. Entries to the left of it come from the client and can be forged.
 */
export const CLIENT_IP_HEADER = "x-duo-client-ip";

export function clientIpFrom(headers: Headers | { get(name: string): string | null }): string {
  return headers.get(CLIENT_IP_HEADER)?.trim() || "unknown";
}

export function resolveClientIp(opts: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustProxy: boolean }) {
  if (opts.trustProxy && opts.forwardedFor) {
    const raw = Array.isArray(opts.forwardedFor) ? opts.forwardedFor.join(",") : opts.forwardedFor;
    const last = raw.split(",").map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last.replace(/^::ffff:/, "").slice(0, 64);
  }
  return (opts.socketAddress ?? "unknown").replace(/^::ffff:/, "");
}
