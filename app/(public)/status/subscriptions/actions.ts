"use server";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { confirmSubscription, unsubscribe } from "@/lib/status/subscriptions";

type LinkInput = { id: string; token: string };
const parse = (input: LinkInput) => ({ id: String(input?.id ?? ""), token: String(input?.token ?? "") });

/** Public: the HMAC token from the confirmation mail is the permission; checked first. */
export async function confirmSubscriptionAction(input: LinkInput) {
  return runAction(async () => {
    const row = await confirmSubscription(getDb(), { ...parse(input), now: new Date() });
    return { vendorCodes: row.vendorCodes };
  });
}

/** Public: the HMAC token from any status mail is the permission; checked first. One click, no account. */
export async function unsubscribeAction(input: LinkInput) {
  return runAction(async () => {
    await unsubscribe(getDb(), { ...parse(input), now: new Date() });
    return { done: true };
  });
}
