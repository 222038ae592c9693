/**
 * Questions and the knowledge base (issue 18 §4): a thread per institution (scoped), answers,
 * assignment, publishing to the knowledge base, Dutch full-text search, safe Markdown, and the
 * open questions with their age for the programme dashboard.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { auditEvents, notifications, questions } from "@/db/schema";
import { DEMO_USERS } from "@/db/seed";
import type { Actor } from "@/lib/auth/policy";
import { renderMarkdown, markdownExcerpt } from "@/lib/questions/markdown";
import { getQuestion, listQuestionsFor, openQuestionsSummary, searchKb } from "@/lib/questions/queries";
import { askQuestion, assignQuestion, closeQuestion, replyToQuestion, saveArticle } from "@/lib/questions/service";
import { articleSchema } from "@/lib/validation/events";
import { createTestDb, type TestDb } from "@/tests/helpers/db";
import { demoInstitutionIds } from "@/tests/helpers/seeded";
import { signedInActor } from "@/tests/helpers/sessions";
import { rejectsWithCode } from "./helpers";

let t: TestDb;
let ids: Awaited<ReturnType<typeof demoInstitutionIds>>;
const actors: Record<string, Actor> = {};
const NOW = new Date("2030-03-01T09:00:00Z");
const byEmail = (email: string) => actors[email];
const demo = (role: string) => actors[DEMO_USERS.find((u) => u.role === role)!.email];

before(async () => {
  t = await createTestDb({ from: "seeded" });
  ids = await demoInstitutionIds(t.db);
  for (const u of DEMO_USERS) actors[u.email] = await signedInActor(t.db, u.email, new Date("2030-01-01T01:00:00Z"));
});
after(async () => {
  await t?.dispose();
});

describe("questions", () => {
  test("ask, answer, reopen, assign, close: scoped to the institution, every step audited", async () => {
    const editor = demo("institution_editor");
    const other = byEmail("projectleider2@duo-demo.test");
    const admin = demo("programme_admin");
    const { id } = await askQuestion(t.db, { actor: editor, institutionId: ids.home, stepCode: "mitz_connected", subject: "Hoe vragen wij Mitz aan?", body: "Wij weten niet waar te beginnen.", now: NOW });
    await rejectsWithCode(askQuestion(t.db, { actor: editor, institutionId: ids.other, subject: "Niet van ons", body: "x", now: NOW }), "not_found");
    await rejectsWithCode(askQuestion(t.db, { actor: demo("programme_viewer"), institutionId: ids.home, subject: "Kijker", body: "x", now: NOW }), "forbidden");
    await rejectsWithCode(askQuestion(t.db, { actor: editor, institutionId: ids.home, stepCode: "no_such_step", subject: "Stap", body: "x", now: NOW }), "validation");

    // Scope: the other institution's editor and the vendor see nothing; the programme sees it.
    assert.ok((await listQuestionsFor(t.db, { actor: editor })).some((q) => q.id === id));
    assert.ok(!(await listQuestionsFor(t.db, { actor: other })).some((q) => q.id === id));
    assert.equal((await listQuestionsFor(t.db, { actor: demo("vendor_editor") })).length, 0);
    assert.ok((await listQuestionsFor(t.db, { actor: demo("programme_viewer"), status: "open" })).some((q) => q.id === id));
    await rejectsWithCode(replyToQuestion(t.db, { actor: other, questionId: id, body: "Ik kijk mee", now: NOW }), "not_found");
    await rejectsWithCode(replyToQuestion(t.db, { actor: demo("programme_viewer"), questionId: id, body: "Kijker", now: NOW }), "forbidden");

    const summary = await openQuestionsSummary(t.db);
    assert.ok(summary.open >= 1);
    assert.ok(summary.oldest.some((q) => q.id === id));

    await assignQuestion(t.db, { actor: admin, questionId: id, assigneeId: byEmail("beoordelaar@duo-demo.test").userId, now: NOW });
    await rejectsWithCode(assignQuestion(t.db, { actor: admin, questionId: id, assigneeId: editor.userId, now: NOW }), "validation");
    assert.ok((await listQuestionsFor(t.db, { actor: byEmail("beoordelaar@duo-demo.test"), mine: true })).some((q) => q.id === id));

    const answered = await replyToQuestion(t.db, { actor: admin, questionId: id, body: "Via het Mitz-portaal van uw leverancier.", now: NOW });
    assert.equal(answered.answered, true);
    assert.equal(answered.askedBy, editor.userId);
    let q = (await getQuestion(t.db, id))!;
    assert.equal(q.status, "answered");
    assert.deepEqual(q.messages.map((m) => m.fromProgramme), [false, true]);
    // The asker is told, with a link to the thread; nobody else, and the institution's own reply tells no one.
    const told = await t.db.select().from(notifications).where(and(eq(notifications.kind, "question_answered"), eq(notifications.link, `/questions/${id}`)));
    assert.deepEqual(told.map((n) => n.userId), [editor.userId]);
    assert.equal(told[0].params.subject, "Hoe vragen wij Mitz aan?");
    await replyToQuestion(t.db, { actor: editor, questionId: id, body: "En daarna?", now: NOW });
    assert.equal((await t.db.select().from(notifications).where(and(eq(notifications.kind, "question_answered"), eq(notifications.link, `/questions/${id}`)))).length, 1);
    q = (await getQuestion(t.db, id))!;
    assert.equal(q.status, "open");
    await closeQuestion(t.db, { actor: admin, questionId: id, now: NOW });
    await rejectsWithCode(closeQuestion(t.db, { actor: admin, questionId: id, now: NOW }), "conflict");
    const [row] = await t.db.select().from(questions).where(eq(questions.id, id));
    assert.equal(row.status, "closed");
    const trail = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.entityId, id));
    assert.deepEqual(trail.map((a) => a.action).sort(), ["question.ask", "question.assign", "question.close", "question.reply", "question.reply"]);
  });
});

describe("knowledge base", () => {
  test("an answer published from a question is found by Dutch full-text search (stemming), best first", async () => {
    const editor = demo("institution_editor");
    const admin = demo("programme_admin");
    const { id } = await askQuestion(t.db, { actor: editor, institutionId: ids.home, subject: "Certificaat verlopen", body: "Ons PKIoverheid-certificaat verloopt, wat nu?", now: NOW });
    await replyToQuestion(t.db, { actor: admin, questionId: id, body: "Vraag tijdig een nieuw certificaat aan.", now: NOW });
    const article = await saveArticle(t.db, {
      actor: admin,
      values: articleSchema.parse({ questionId: id, category: "security", title: "Wat doe ik als mijn certificaat verloopt?", body: "Vraag **tijdig** een nieuw PKIoverheid-certificaat aan en registreer de aansluitingen opnieuw." }),
      now: NOW,
    });
    await saveArticle(t.db, { actor: admin, values: articleSchema.parse({ category: "technical", title: "Testen van de verbinding", body: "Met de knop 'test mijn verbinding' controleert u het endpoint." }), now: NOW });
    // Plural and inflected forms find the article: "certificaten" ~ "certificaat", "aansluiting" ~ "aansluitingen".
    const hits = await searchKb(t.db, { q: "certificaten PKIoverheid" });
    assert.equal(hits[0]?.id, article.id);
    assert.ok((await searchKb(t.db, { q: "aansluiting" })).some((h) => h.id === article.id));
    assert.ok(!(await searchKb(t.db, { q: "verbinding" })).some((h) => h.id === article.id));
    assert.equal((await searchKb(t.db, { q: "certificaat", category: "technical" })).length, 0);
    // Odd input never fails the query.
    assert.ok(Array.isArray(await searchKb(t.db, { q: "\"open -:& | !( quote" })));
    assert.ok((await getQuestion(t.db, id))!.articles.some((a) => a.id === article.id));
    await saveArticle(t.db, { actor: admin, values: articleSchema.parse({ id: article.id, category: "security", title: "Certificaat vervangen", body: "Nieuwe tekst over vervangen." }), now: NOW });
    assert.equal((await searchKb(t.db, { q: "vervangen" }))[0]?.id, article.id);
    await rejectsWithCode(saveArticle(t.db, { actor: demo("programme_viewer"), values: articleSchema.parse({ questionId: id, category: "general", title: "Kijker", body: "x" }), now: NOW }), "forbidden");
  });

  test("Markdown is rendered without raw HTML, scripts or javascript: links", () => {
    const html = renderMarkdown("# Kop\n\n**vet** <script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) [duo](https://duo.example)\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    assert.ok(!/<script|<img|onerror|javascript:/i.test(html), html);
    assert.match(html, /<h2>Kop<\/h2>/);
    assert.match(html, /<strong>vet<\/strong>/);
    assert.match(html, /<a href="https:\/\/duo.example" rel="noopener noreferrer nofollow">duo<\/a>/);
    assert.match(html, /<table>/);
    assert.equal(markdownExcerpt("**Vet** en _schuin_\n\nnog meer", 12), "Vet en schu…");
  });
});
