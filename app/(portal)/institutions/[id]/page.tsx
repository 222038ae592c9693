import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getInstitutionDetail, getInstitutionRef } from "@/db/queries/institutions";
import { institutionScope } from "@/lib/auth/policy";
import { requirePagePermission } from "@/lib/auth/session";
import { getMessages } from "@/lib/i18n/server";
import { provinceName } from "@/lib/labels";

export const metadata: Metadata = { title: "Instelling" };

export default async function InstitutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const db = getDb();
  const ref = await getInstitutionRef(db, id);
  if (!ref) notFound();
  const actor = await requirePagePermission("institution.read", ref);
  const inst = await getInstitutionDetail(db, { id, scope: institutionScope(actor, "institution.read") });
  if (!inst) notFound();
  const { t, locale } = await getMessages();
  const myRoles = actor.memberships.filter((m) => m.institutionId === inst.id || (m.vendorCode && m.vendorCode === inst.vendorCode));

  return (
    <>
      <h1>{inst.name}</h1>
      <p className="lead">
        {t.kinds[inst.kind]} · {inst.city}, {provinceName(inst.province, locale)}
      </p>
      {myRoles.length > 0 && (
        <p>
          {t.institutions.your_role}:{" "}
          {myRoles.map((m) => (
            <span className="tag" key={m.role}>
              {t.roles[m.role]}
            </span>
          ))}
        </p>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="details-h">
          <h2 id="details-h">{t.institutions.details}</h2>
          <dl className="kv">
            <dt>{t.institutions.ura}</dt>
            <dd>{inst.ura}</dd>
            <dt>{t.institutions.agb}</dt>
            <dd>{inst.agb ?? t.common.none}</dd>
            <dt>{t.institutions.kvk}</dt>
            <dd>{inst.kvk ?? t.common.none}</dd>
            <dt>{t.institutions.vendor}</dt>
            <dd>{inst.vendorName ?? t.home.no_vendor}</dd>
            <dt>{t.institutions.group}</dt>
            <dd>{inst.groupName ?? t.common.none}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="contacts-h">
          <h2 id="contacts-h">{t.institutions.contacts}</h2>
          {inst.contacts.length === 0 ? (
            <p>{t.institutions.no_contacts}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.institutions.contact_role}</th>
                  <th scope="col">{t.institutions.contact_name}</th>
                  <th scope="col">{t.institutions.contact_email}</th>
                </tr>
              </thead>
              <tbody>
                {inst.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>{t.institutions.contact_roles[c.role]}</td>
                    <td>{c.name}</td>
                    <td>
                      <a href={`mailto:${c.email}`}>{c.email}</a>
                      {c.phone && <div className="muted">{c.phone}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h">{t.institutions.people}</h2>
          {inst.people.length === 0 ? (
            <p>{t.common.none}</p>
          ) : (
            <ul>
              {inst.people.map((p) => (
                <li key={`${p.email}-${p.role}`}>
                  {p.name} — {t.roles[p.role]}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
