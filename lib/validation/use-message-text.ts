"use client";
/**
 * Validation messages in a client form: `const text = useMessageText();` then
 * `error={text(formState.errors.url?.message)}`. Message keys (with their values, see
 * messages.ts) become text in the page's language; anything else is shown as it is (a server
 * action's field errors arrive as text already). The namespaces they name must be in a client
 * message group sent with the page (CLIENT_MESSAGE_GROUPS in lib/i18n/messages.ts).
 */
import { useTranslations } from "next-intl";
import { messageText, type Translate } from "./messages";

export function useMessageText(): (message?: string) => string | undefined {
  const t = useTranslations() as unknown as Translate;
  return (message) => (message ? messageText(t, message) : undefined);
}
