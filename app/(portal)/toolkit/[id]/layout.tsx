import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the acknowledgement, intake and planned-date forms of a toolkit item (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["toolkit", "planning"]}>{children}</ClientMessages>;
}
