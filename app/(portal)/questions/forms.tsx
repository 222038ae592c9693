"use client";
/** The forms of the questions and the knowledge base (issue 18 §4). */
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SelectField, TextAreaField, TextField } from "@/app/_components/form-bits";
import { articleSchema, askQuestionSchema, replySchema, type ArticleInput, type AskQuestionInput, type ReplyInput } from "@/lib/validation/events";
import { useMessageText } from "@/lib/validation/use-message-text";
import { askQuestionAction, assignQuestionAction, closeQuestionAction, replyAction, saveArticleAction } from "./actions";

type Result = { kind: "ok" | "error"; text: string } | null;
type Choice = { value: string; label: string };

export function AskForm({ institutions, steps }: { institutions: Choice[]; steps: Choice[] }) {
  const t = useTranslations("questions");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const empty: AskQuestionInput = { institutionId: institutions[0]?.value ?? "", stepCode: "", subject: "", body: "" };
  const { register, handleSubmit, formState, setError, reset } = useForm<AskQuestionInput>({ resolver: zodResolver(askQuestionSchema) as never, defaultValues: empty });
  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      const res = await askQuestionAction(values);
      if (res.ok) {
        reset(empty);
        router.push(`/questions/${res.data.id}`);
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof AskQuestionInput, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} data-testid="ask-form">
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      {institutions.length > 1 ? (
        <SelectField id="q-institution" label={t("f_institution")} required error={msg(formState.errors.institutionId?.message)} {...register("institutionId")}>
          {institutions.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </SelectField>
      ) : (
        <input type="hidden" {...register("institutionId")} />
      )}
      <SelectField id="q-step" label={t("f_step")} error={msg(formState.errors.stepCode?.message)} {...register("stepCode")}>
        <option value="">{t("f_step_none")}</option>
        {steps.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <TextField id="q-subject" label={t("f_subject")} required error={msg(formState.errors.subject?.message)} {...register("subject")} />
      <TextAreaField id="q-body" label={t("f_body")} required rows={5} error={msg(formState.errors.body?.message)} {...register("body")} />
      <button className="button" type="submit" disabled={pending}>
        {t("send")}
      </button>
    </form>
  );
}

export function ReplyForm({ questionId, programme }: { questionId: string; programme: boolean }) {
  const t = useTranslations("questions");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<ReplyInput>({ resolver: zodResolver(replySchema) as never, defaultValues: { questionId, body: "" } });
  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      const res = await replyAction(values);
      if (res.ok) {
        reset({ questionId, body: "" });
        setResult({ kind: "ok", text: res.data.message });
        router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof ReplyInput, { message: m });
      }
    }),
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} data-testid="reply-form">
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <input type="hidden" {...register("questionId")} />
      <TextAreaField id="q-reply" label={programme ? t("f_answer") : t("f_reply")} required rows={5} error={msg(formState.errors.body?.message)} {...register("body")} />
      <button className="button" type="submit" disabled={pending}>
        {programme ? t("answer") : t("reply")}
      </button>
    </form>
  );
}

export function AssignForm({ questionId, current, assignees }: { questionId: string; current: string; assignees: Choice[] }) {
  const t = useTranslations("questions");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const [assigneeId, setAssignee] = useState(current);
  return (
    <form
      className="filters"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const res = await assignQuestionAction({ questionId, assigneeId });
          setResult(res.ok ? { kind: "ok", text: res.data.message } : { kind: "error", text: res.error.message });
          if (res.ok) router.refresh();
        });
      }}
    >
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <SelectField id="q-assignee" label={t("assign")} value={assigneeId} onChange={(e) => setAssignee(e.target.value)}>
        <option value="">{t("unassigned")}</option>
        {assignees.map((a) => (
          <option key={a.value} value={a.value}>
            {a.label}
          </option>
        ))}
      </SelectField>
      <button className="button secondary" type="submit" disabled={pending}>
        {t("assign_button")}
      </button>
    </form>
  );
}

export function CloseQuestion({ questionId }: { questionId: string }) {
  const t = useTranslations("questions");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <details>
      <summary>{t("close")}</summary>
      {error && <FormAlert kind="error">{error}</FormAlert>}
      <p>{t("close_confirm")}</p>
      <button
        className="button secondary"
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await closeQuestionAction(questionId);
            if (res.ok) router.refresh();
            else setError(res.error.message);
          })
        }
      >
        {t("close")}
      </button>
    </details>
  );
}

/** A knowledge-base article: new, changed, or published from a question's answer. */
export function ArticleForm({ initial, categories, testId }: { initial: ArticleInput; categories: Choice[]; testId: string }) {
  const t = useTranslations("kb");
  const msg = useMessageText();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result>(null);
  const { register, handleSubmit, formState, setError } = useForm<ArticleInput>({ resolver: zodResolver(articleSchema) as never, defaultValues: initial });
  const onSubmit = handleSubmit((values) =>
    start(async () => {
      setResult(null);
      const res = await saveArticleAction(values);
      if (res.ok) {
        setResult({ kind: "ok", text: res.data.message });
        if (!initial.id && !initial.questionId) router.push(`/kb/${res.data.id}`);
        else router.refresh();
      } else {
        setResult({ kind: "error", text: res.error.message });
        for (const [f, m] of Object.entries(res.error.fieldErrors ?? {})) setError(f as keyof ArticleInput, { message: m });
      }
    }),
  );
  const id = (f: string) => `${testId}-${f}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} data-testid={testId}>
      {result && <FormAlert kind={result.kind}>{result.text}</FormAlert>}
      <input type="hidden" {...register("id")} />
      <input type="hidden" {...register("questionId")} />
      <SelectField id={id("category")} label={t("f_category")} required error={msg(formState.errors.category?.message)} {...register("category")}>
        {categories.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <TextField id={id("title")} label={t("f_title")} required error={msg(formState.errors.title?.message)} {...register("title")} />
      <TextAreaField id={id("body")} label={t("f_body")} hint={t("f_body_hint")} required rows={10} error={msg(formState.errors.body?.message)} {...register("body")} />
      <button className="button" type="submit" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
