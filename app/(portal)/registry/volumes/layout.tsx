import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the volumes form (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["volumes"]}>{children}</ClientMessages>;
}
