/**
 * Webhooks that people set up in the portal (alert rules, status subscriptions): their signing
 * secret, and the SSRF guard for their URLs: the host must
 * resolve, and every address it resolves to must be public or on the checker's allow-list
 * (CHECKER_ALLOW_TARGETS, lib/checker/target-safety.ts); plain http is accepted only towards
 * allow-listed addresses (a receiver on a private network or, in tests, on loopback). Checked when
 * a rule is saved and again before every send (DNS may change in between).
 */
import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import net from "node:net";
import { env } from "@/lib/env";
import { parseAllowList, vetAddresses, type AllowList } from "@/lib/checker/target-safety";
import { isWebhookUrl } from "@/lib/validation/alerts";

/** A new webhook's secret (alert rules, status subscriptions), shown once: `whsec_` and 32 random bytes. */
export function generateWebhookSecret() {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** The purpose and binding of a rule webhook's sealed secret (lib/auth/secret-box.ts). */
export const ALERT_WEBHOOK_SECRET_PURPOSE = "alert-webhook";
/** The same for a status-page webhook subscription (bound to the subscription id). */
export const STATUS_WEBHOOK_SECRET_PURPOSE = "status-webhook";
export const alertWebhookAad = (ruleId: string, webhookId: string) => `${ruleId}:${webhookId}`;

export type WebhookTargetProblem = "invalid_url" | "https_required" | "unresolvable" | "blocked_address";

export type Resolve = (host: string) => Promise<string[]>;

const defaultResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

function allowList(): AllowList {
  return parseAllowList(env().CHECKER_ALLOW_TARGETS ?? "");
}

/** null when the URL may be called; else why not. */
export async function vetWebhookUrl(url: string, opts: { resolve?: Resolve; allow?: AllowList } = {}): Promise<WebhookTargetProblem | null> {
  if (!isWebhookUrl(url)) return "invalid_url";
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : await (opts.resolve ?? defaultResolve)(host);
  } catch {
    return "unresolvable";
  }
  if (addresses.length === 0) return "unresolvable";
  const vetted = vetAddresses(addresses, opts.allow ?? allowList());
  if (!vetted.ok) return "blocked_address";
  if (u.protocol === "http:" && !vetted.decisions.every((d) => d.allowListed)) return "https_required";
  return null;
}
