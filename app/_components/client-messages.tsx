import { getLocale } from "next-intl/server";
import { clientMessagesJson, isLocale, type ClientMessageGroup } from "@/lib/i18n/messages";
import { IntlClientProvider } from "./intl-client-provider";

/**
 * The texts the client components below it may read: `base` and the given groups
 * (CLIENT_MESSAGE_GROUPS in lib/i18n/messages.ts). app/layout.tsx sends `base` with every page; a
 * route's layout wraps its pages in <ClientMessages groups={["registry", …]}> for the forms under
 * it. next-intl's client provider does not merge with the one around it, so each one carries
 * `base` too. `when={false}`: the viewer gets none of the forms that read these texts (a page
 * whose forms depend on permissions), so nothing is sent and the root layout's `base` applies.
 */
export async function ClientMessages({ groups, when = true, children }: { groups: readonly ClientMessageGroup[]; when?: boolean; children: React.ReactNode }) {
  if (!when) return <>{children}</>;
  const locale = await getLocale();
  return (
    <IntlClientProvider locale={locale} messagesJson={clientMessagesJson(isLocale(locale) ? locale : "nl", groups)} timeZone="Europe/Amsterdam">
      {children}
    </IntlClientProvider>
  );
}
