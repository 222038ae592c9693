import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the subscription confirm and unsubscribe buttons (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["status_subscribe"]}>{children}</ClientMessages>;
}
