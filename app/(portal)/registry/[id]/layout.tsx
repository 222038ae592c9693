import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of "Check now" and the latency chart on an endpoint (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["checker"]}>{children}</ClientMessages>;
}
