"use server";
import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { runAction } from "@/lib/actions";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { env } from "@/lib/env";
import { getLocale } from "@/lib/i18n/server";
import { subscribe } from "@/lib/status/subscriptions";
import { subscribeSchema, type SubscribeInput } from "@/lib/validation/status";

/**
 * Public by design: records an unconfirmed subscription and mails (or posts, for a webhook) the confirmation link; nothing
 * else is sent until it is followed. Answers the same for a known address; rate limited per client address.
 */
export async function subscribeAction(input: SubscribeInput) {
  return runAction(async () => {
    const values = subscribeSchema.parse(input);
    const ip = clientIpFrom(await headers());
    const { secret } = await subscribe(getDb(), { values, locale: await getLocale(), ip, now: new Date(), baseUrl: env().APP_URL.replace(/\/$/, "") });
    // A webhook's signing secret is returned once, to be shown once; only a sealed copy is stored.
    return { channel: values.channel, email: values.email, url: values.url, secret };
  });
}
