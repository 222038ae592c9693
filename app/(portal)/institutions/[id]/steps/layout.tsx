import { ClientMessages } from "@/app/_components/client-messages";

/** The texts of the step report and decision forms (lib/i18n/messages.ts: CLIENT_MESSAGE_GROUPS). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <ClientMessages groups={["onboarding"]}>{children}</ClientMessages>;
}
