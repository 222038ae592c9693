import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function Forbidden() {
  const { t } = await getMessages();
  return (
    <main id="main" tabIndex={-1}>
      <div className="card narrow">
        <h1>{t.errors.forbidden_title}</h1>
        <p>{t.errors.forbidden}</p>
        <p>
          <Link href="/">{t.errors.go_home}</Link>
        </p>
      </div>
    </main>
  );
}
