import { getMessages } from "@/lib/i18n/server";

export async function SiteFooter() {
  const { t } = await getMessages();
  return (
    <footer className="site-footer">
      <p>{t.shell.footer}</p>
    </footer>
  );
}
