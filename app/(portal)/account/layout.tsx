import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the account forms: password, two-step verification, sessions, notification preferences (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["account", "two_factor"]}>{children}</ClientMessages>;
}
