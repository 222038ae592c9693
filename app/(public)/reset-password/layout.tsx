import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the new-password form (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["login"]}>{children}</ClientMessages>;
}
