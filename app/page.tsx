import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/policy";

export default async function Root() {
  const actor = await getActor();
  redirect(actor ? homePath(actor) : "/login");
}
