import { MyWorkPanel } from "@/app/_components/my-work";
import { AnnouncementsPanel } from "@/app/_components/announcements-panel";
import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listInstitutionsForPage, listVendors } from "@/lib/institutions/queries";
import { can, homePath, institutionScope, isProgramme } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import { diffInDays, formatDate, toAmsterdamDate } from "@/lib/domain/dates";
import { PHASE_CODES, isPhaseCode } from "@/lib/domain/readiness";
import { PRECONDITION_CODES } from "@/lib/domain/steps";
import { isLocale } from "@/lib/i18n/messages";
import { filterQuery, parseInstitutionFilter } from "@/lib/institutions/filters";
import { provinceName } from "@/lib/labels";
import { INSTITUTION_KINDS, PROVINCE_CODES } from "@/lib/validation/identifiers";
import { FilterSelect, Pager } from "@/app/_components/list-controls";
import { ScrollBox } from "@/app/_components/scroll-box";
import { InstitutionRows, type InstitutionRow } from "./institution-rows";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("institutions") };
}

export default async function InstitutionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission("institution.list");
  const [t, ti, requested] = await Promise.all([getTranslations(), getTranslations("institutions"), getLocale()]);
  const locale = isLocale(requested) ? requested : "nl";
  const filter = parseInstitutionFilter(await searchParams);
  const db = getDb();
  const scope = institutionScope(actor, "institution.list");
  const [{ page: result, groups }, vendors] = await Promise.all([listInstitutionsForPage(db, { scope, ...filter, pageSize: 25 }), listVendors(db)]);
  const all = isProgramme(actor);
  const today = filter.asOf ?? toAmsterdamDate(new Date());
  const phaseLabel = (code: string | null) => (isPhaseCode(code) ? t(`readiness.phases.${code}.label`) : t("common.none"));
  const preLabel = (code: string | null) => ((PRECONDITION_CODES as readonly (string | null)[]).includes(code) ? t(`steps.preconditions.${code}.label`) : t("common.none"));
  const qs = filterQuery(filter, { page: 1 });

  return (
    <>
      <h1>{all ? ti("title") : ti("title_mine")}</h1>
      <p className="lead">{all ? ti("intro_all") : ti("intro_mine")}</p>
      {homePath(actor) === "/institutions" && <MyWorkPanel actor={actor} />}
      {homePath(actor) === "/institutions" && <AnnouncementsPanel userId={actor.userId} />}
      {can(actor, "institution.manage") && (
        <p className="actions-row">
          <Link className="button secondary" href="/admin/institutions/new">
            {ti("new")}
          </Link>
          <Link className="button secondary" href="/admin/imports">
            {ti("import")}
          </Link>
        </p>
      )}
      {(filter.asOf || filter.live || filter.met || filter.unmet) && (
        <p className="alert info" data-testid="dashboard-filter">
          {[
            filter.asOf ? `${t("dashboard.as_of_label")}: ${formatDate(filter.asOf, locale)}` : null,
            filter.live ? t("dashboard.live") : null,
            filter.met ? `${t("dashboard.met")}: ${preLabel(filter.met)}` : null,
            filter.unmet ? `${t("dashboard.not_met")}: ${preLabel(filter.unmet)}` : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
      )}
      <form className="filters card" role="search" method="get" aria-label={ti("filters")}>
        {filter.asOf && <input type="hidden" name="asOf" value={filter.asOf} />}
        {filter.live && <input type="hidden" name="live" value="1" />}
        {filter.met && <input type="hidden" name="met" value={filter.met} />}
        {filter.unmet && <input type="hidden" name="unmet" value={filter.unmet} />}
        <div className="field">
          <label htmlFor="q">{ti("search")}</label>
          <input id="q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={100} />
        </div>
        <FilterSelect name="kind" label={ti("kind")} value={filter.kind} all={ti("all")} options={INSTITUTION_KINDS.map((k) => [k, t(`kinds.${k}`)])} />
        <FilterSelect name="province" label={ti("province")} value={filter.province} all={ti("all")} options={PROVINCE_CODES.map((p) => [p, provinceName(p, locale)])} />
        <FilterSelect name="vendor" label={ti("vendor")} value={filter.vendor} all={ti("all")} options={[...vendors.map((v) => [v.code, v.name] as [string, string]), ["none", ti("no_vendor_filter")]]} />
        {groups.length > 0 && (
          <FilterSelect name="group" label={ti("group")} value={filter.group} all={ti("all")} options={[...groups.map((g) => [g.name, ti("group_option", { name: g.name, count: String(g.n) })] as [string, string]), ["none", ti("group_none")]]} />
        )}
        <FilterSelect name="phase" label={ti("phase")} value={filter.phase} all={ti("all")} options={PHASE_CODES.map((code) => [code, phaseLabel(code)])} />
        <FilterSelect name="blocking" label={ti("blocking")} value={filter.blocking} all={ti("all")} options={[...PRECONDITION_CODES.map((code) => [code, preLabel(code)] as [string, string]), ["none", ti("blocking_none")]]} />
        <FilterSelect
          name="sort"
          label={ti("sort")}
          value={filter.sort}
          options={[
            ["name", ti("sort_name")],
            ["readiness", ti("sort_readiness")],
            ["phase", ti("sort_phase")],
            ["time_in_phase", ti("sort_time_in_phase")],
            ["vendor", ti("sort_vendor")],
          ]}
        />
        <FilterSelect
          name="dir"
          label={ti("dir")}
          value={filter.dir}
          options={[
            ["asc", ti("dir_asc")],
            ["desc", ti("dir_desc")],
          ]}
        />
        <div className="field">
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" name="awaiting" value="1" defaultChecked={filter.awaiting} /> {ti("awaiting")}
          </label>
        </div>
        <button className="button" type="submit">
          {ti("apply")}
        </button>
        <Link href="/institutions">{ti("clear")}</Link>
      </form>
      <p className="actions-row">
        <span aria-live="polite">{ti("shown", { shown: String(result.rows.length), total: String(result.total) })}</span>
        <a href={`/institutions/export?${qs}`} download>
          {ti("export_csv")}
        </a>
      </p>
      {result.rows.length === 0 ? (
        <p>{ti("none")}</p>
      ) : (
        <ScrollBox label={all ? ti("title") : ti("title_mine")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ti("name")}</th>
                <th scope="col">{ti("kind")}</th>
                <th scope="col">{ti("province")}</th>
                <th scope="col">{ti("vendor")}</th>
                <th scope="col">{ti("phase")}</th>
                <th scope="col">{ti("readiness")}</th>
                <th scope="col">{ti("blocking")}</th>
                <th scope="col">{ti("ura")}</th>
              </tr>
            </thead>
            <InstitutionRows
              rows={result.rows.map(
                (r): InstitutionRow => ({
                  id: r.id,
                  name: r.name,
                  city: r.city,
                  kind: t(`kinds.${r.kind}`),
                  province: provinceName(r.province, locale),
                  vendor: r.vendorName ?? t("home.no_vendor"),
                  phase: phaseLabel(r.phase),
                  inPhase: r.phaseStartedOn ? ti("days_in_phase", { days: String(diffInDays(today, r.phaseStartedOn)) }) : null,
                  awaiting: (r.awaiting ?? 0) > 0 ? ti("awaiting_count", { count: String(r.awaiting ?? 0) }) : null,
                  percent: r.percent ?? 0,
                  blocking: r.blocking ? preLabel(r.blocking) : t("common.none"),
                  ura: r.ura,
                }),
              )}
            />
          </table>
        </ScrollBox>
      )}
      <Pager
        page={result.page}
        pages={result.pages}
        href={(n) => `/institutions?${filterQuery(filter, { page: n })}`}
        labels={{ page: ti("page", { page: String(result.page), pages: String(result.pages) }), prev: ti("prev"), next: ti("next") }}
      />
    </>
  );
}
