import { redirect } from "next/navigation";
import { requirePageActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/policy";

/** `/`: the home page of the role; signed out → the login page, saying why a session ended. */
export default async function Root() {
  const actor = await requirePageActor();
  redirect(homePath(actor));
}
