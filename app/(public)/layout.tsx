import { PageFrame } from "@/app/_components/page-frame";
import { getActor } from "@/lib/auth/session";

export default async function PublicLayout({ children }: { children: React.ReactNode }) {
  return <PageFrame actor={await getActor()}>{children}</PageFrame>;
}
