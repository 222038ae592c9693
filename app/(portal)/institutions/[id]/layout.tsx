import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the go-live and planned-date forms on an institution (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["golive", "planning"]}>{children}</ClientMessages>;
}
