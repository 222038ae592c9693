/**
 * Demo knowledge base and one answered question (issue 18 §4), so the pages are not empty on a
 * fresh demo. Written once: nothing is added when the knowledge base has articles already.
 */
import { count } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { kbArticles, questionMessages, questions } from "@/db/schema";

const ARTICLES: { category: string; title: string; body: string }[] = [
  {
    category: "onboarding",
    title: "Welke randvoorwaarden gelden voor aansluiting op DUO?",
    body: [
      "Een instelling is klaar voor DUO als aan drie randvoorwaarden is voldaan:",
      "",
      "1. **Overeenkomsten getekend**: de overeenkomst met de leverancier en de deelnemersovereenkomst van Twiin.",
      "2. **Aangesloten op Mitz** voor toestemming en lokalisatie.",
      "3. **Mitz gevuld**: de toestemmingen van patiënten staan in Mitz.",
      "",
      "Alle instellingen moeten uiterlijk **31-12-2026** aangesloten zijn. Meld elke stap in het portaal; het programmabureau verifieert de melding.",
    ].join("\n"),
  },
  {
    category: "technical",
    title: "Welke transacties moet onze gateway ondersteunen?",
    body: [
      "Een beeldbron registreert per omgeving een adres voor elke transactie:",
      "",
      "- **ITI-38** Cross Gateway Query (zoeken naar documenten);",
      "- **ITI-39** Cross Gateway Retrieve (documenten ophalen);",
      "- **RAD-75** Cross Gateway Retrieve Imaging Document Set (beelden ophalen), als de instelling beelden deelt.",
      "",
      "De controle in het portaal roept elk adres aan met een verzoek van de eigen transactie. Een ITI-38-adres dat als ITI-39 is geregistreerd, wordt gemeld als *Dit adres ondersteunt deze transactie niet*.",
    ].join("\n"),
  },
  {
    category: "security",
    title: "Welk certificaat presenteert onze gateway?",
    body: [
      "De gateway presenteert een servercertificaat met het **URA-nummer van de eigen instelling**. Het portaal controleert de keten, de geldigheid en of het URA overeenkomt.",
      "",
      "Vervang een certificaat minstens 30 dagen voor het verloopt; na vervanging vraagt het portaal om een nieuwe controle voordat de instelling live blijft.",
    ].join("\n"),
  },
  {
    category: "security",
    title: "Hebben we een eigen DPIA nodig?",
    body: "De toolkit bevat een **DPIA-handreiking** die al is ingevuld met de gegevens van uw instelling. De functionaris gegevensbescherming (FG) beoordeelt of de bestaande DPIA van de instelling moet worden aangevuld. Download de handreiking via *Toolkit*.",
  },
  {
    category: "general",
    title: "Wie beantwoordt vragen over de aansluiting?",
    body: "Het programmabureau. Stel uw vraag via *Vragen* in het portaal; het antwoord leest u daar, en u krijgt er een melding van. Veelgestelde vragen komen in deze kennisbank.",
  },
];

export async function seedDemoKnowledge(tx: Tx, opts: { homeInstitutionId: string | null; askerId: string | null; asker: string; answererId: string | null; answerer: string }) {
  const [{ n }] = await tx.select({ n: count() }).from(kbArticles);
  if (Number(n) > 0) return 0;
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  await tx.insert(kbArticles).values(ARTICLES.map((a, i) => ({ ...a, createdBy: opts.answererId, createdAt: new Date(now - (40 - i) * day), updatedAt: new Date(now - (40 - i) * day) })));
  if (opts.homeInstitutionId) {
    const asked = new Date(now - 6 * day);
    const answered = new Date(now - 5 * day);
    const [q] = await tx
      .insert(questions)
      .values({ institutionId: opts.homeInstitutionId, stepCode: "mitz_connector_accepted", subject: "Moet de Mitz-connector ook in de acceptatieomgeving draaien?", status: "answered", askedBy: opts.askerId, createdAt: asked, updatedAt: answered, answeredAt: answered })
      .returning({ id: questions.id });
    await tx.insert(questionMessages).values([
      { questionId: q.id, authorId: opts.askerId, authorName: opts.asker, fromProgramme: false, body: "Onze leverancier vraagt of de Mitz-connector ook in de acceptatieomgeving moet draaien voordat we de stap kunnen melden.", createdAt: asked },
      { questionId: q.id, authorId: opts.answererId, authorName: opts.answerer, fromProgramme: true, body: "Ja: de acceptatie van de connector door Mitz gebeurt in de acceptatieomgeving. Meld de stap met het acceptatiebericht van Mitz als bewijsstuk.", createdAt: answered },
    ]);
  }
  return ARTICLES.length;
}
