import { PageFrame } from "@/app/_components/page-frame";
import { requirePageActor } from "@/lib/auth/session";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  return <PageFrame actor={await requirePageActor()}>{children}</PageFrame>;
}
