import { trialText } from '../offerings/describe';
import { formatMoney } from '../offerings/money';
import { ALTERNATIVE_LABELS } from '../offerings/offering-view';
import type { AgreementContent, GoodFaithEstimate, OptionKind } from './agreement-content';
import { t, translator } from '../i18n/catalog';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from './agreement-status';
import { agreementStatusLabel, lengthWords, optionKindLabel, printedLevelLabel, scheduleWords } from './agreement-words';

/**
 * The printed care agreement (views/pdf/agreement.hbs) as its template reads it: every date,
 * amount and code already in words, so the template only places them. Sentences are in English;
 * the locale shapes dates and money, and timestamps are shown in the practice's time zone. No
 * HTML here: the template escapes every string.
 */
export interface AgreementSignatureInput {
  role: 'client' | 'practitioner';
  name: string;
  method: 'remote' | 'in_person' | 'paper';
  signedAt: Date;
  ip: string | null;
  userAgent: string | null;
  witness?: string | null;
}

export interface AgreementEventInput {
  at: Date;
  action: string;
  actor: string;
  ip: string | null;
}

export interface AgreementPdfInput {
  content: AgreementContent;
  status: string;
  /** SHA-256 (hex) of the canonical content. */
  hash: string;
  /** The short verification code, e.g. "ABCD-EFGH-JKMN-PQRS". */
  code: string;
  verifyUrl: string;
  /** The QR code of verifyUrl, as a data: URI (see qr.ts). */
  qr: string;
  locale: string;
  /** The language the client reads it in (default English); `locale` shapes its dates and money. */
  language?: Language;
  practiceLogo?: string | null;
  signatures: AgreementSignatureInput[];
  events: AgreementEventInput[];
  timeZone: string;
}

export const OPTION_KIND_LABELS: Record<OptionKind, string> = {
  offering: 'What this practice offers',
  ...ALTERNATIVE_LABELS,
};

export const FINDING_LEVEL_LABELS: Record<string, string> = {
  aligned: 'Aligned',
  talk: 'We talked it through',
  mismatch: 'Did not fit at first',
  not_answered: 'Not answered',
};

export const SIGNATURE_METHOD_LABELS: Record<AgreementSignatureInput['method'], string> = {
  remote: 'Signed online, by typing their name',
  in_person: 'Signed in person at the practice, by typing their name',
  paper: 'Signed in ink on paper',
};

/** Agreement events and statuses, by the name they are recorded under (with or without "agreement."). */
const ACTION_LABELS: Record<string, string> = {
  created: 'Draft started',
  drafted: 'Draft started',
  updated: 'Draft changed',
  propose: 'Proposed to the client',
  proposed: 'Proposed to the client',
  viewed: 'Opened by the client',
  request_changes: 'The client asked for changes',
  changes_requested: 'The client asked for changes',
  client_sign: 'Signed by the client',
  client_signed: 'Signed by the client',
  countersign: 'Countersigned by the practitioner',
  countersigned: 'Countersigned by the practitioner',
  activate: 'Care began',
  activated: 'Care began',
  supersede: 'Replaced by an amendment',
  superseded: 'Replaced by an amendment',
  end: 'Ended',
  ended: 'Ended',
  printed: 'Printed',
  paper_recorded: 'Paper signature recorded',
};

const ROLE_LABELS = { client: 'Client', practitioner: 'Practitioner' } as const;

/** "link_opened" → "Link opened". */
const sentenceCase = (key: string) => {
  const words = key.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The kind of an option in words; none when its title already says it ("Waiting and watching"). */
function optionKind(kind: OptionKind, title: string): string | null {
  const label = OPTION_KIND_LABELS[kind] ?? sentenceCase(kind);
  return label.toLowerCase() === title.trim().toLowerCase() ? null : label;
}

function optionKindIn(language: Language, kind: OptionKind, title: string): string | null {
  const label = optionKindLabel(language, kind);
  return label.toLowerCase() === title.trim().toLowerCase() ? null : label;
}

export function actionLabel(action: string): string {
  const key = action.replace(/^agreements?\./, '');
  return ACTION_LABELS[key] ?? sentenceCase(key);
}

/** Formats calendar dates ("2026-03-02") and moments (Dates) for one locale and time zone. */
export function dateFormats(locale: string, timeZone: string) {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const moment = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const short = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  return {
    /** A calendar date as written in the agreement, shown as it is when it is not one. */
    date(value: string): string {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return value;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return Number.isNaN(d.getTime()) ? value : day.format(d);
    },
    moment: (at: Date) => moment.format(at),
    /** Seconds too, for the audit trail. */
    exact: (at: Date) => short.format(at),
  };
}

/** An audit event in the client's language; English keeps the labels above. */
function eventLabel(language: Language, action: string): string {
  if (language === DEFAULT_LANGUAGE) return actionLabel(action);
  const key = action.replace(/^agreements?\./, '');
  const known: Record<string, string> = {
    started: t(language, 'agreements.action.started'),
    proposed: t(language, 'agreements.action.proposed'),
    changes_requested: t(language, 'agreements.action.changes_requested'),
    signed: t(language, 'agreements.action.signed'),
    activated: t(language, 'agreements.action.activated'),
    ended: t(language, 'agreements.action.ended'),
    superseded: t(language, 'agreements.action.superseded'),
    viewed: t(language, 'agreements.action.viewed'),
    printed: t(language, 'agreements.action.printed'),
    pdf_downloaded: t(language, 'agreements.action.pdf_downloaded'),
    countersigned: t(language, 'agreements.action.countersigned'),
  };
  return known[key] ?? actionLabel(action);
}

const FINDING_TITLE_KEYS: Record<string, string> = {
  timing: 'alignment.finding.title.timing',
  budget: 'alignment.finding.title.budget',
  time: 'alignment.finding.title.time',
  approach: 'alignment.finding.title.approach',
};

export function agreementPdfModel(input: AgreementPdfInput) {
  const c = input.content;
  const language = input.language ?? DEFAULT_LANGUAGE;
  const english = language === DEFAULT_LANGUAGE;
  const tr = translator(language);
  const words = scheduleWords(c, language, input.locale);
  const { date, moment, exact } = dateFormats(input.locale, input.timeZone);
  const money = (minor: number, currency = c.fees.currency) => formatMoney(minor, currency, input.locale);
  const sliding = c.fees.slidingScale;
  const chosen = c.options[c.choice.option];
  const chosenTitle = chosen ? chosen.title : '—';
  const statusLabel = english
    ? (AGREEMENT_STATUS_LABELS[input.status as AgreementStatus] ?? sentenceCase(input.status))
    : agreementStatusLabel(language, input.status);

  const product = (i: AgreementContent['products']['items'][number]) => ({
    name: i.name,
    kind: i.kind === 'test' ? tr('agreements.pdf.test') : tr('agreements.pdf.product'),
    price: money(i.priceMinor),
    why: i.why,
  });

  return {
    /** The language `{{t}}` writes the template's words in. */
    lang: language,
    practice: {
      name: c.practice.name,
      address: c.practice.address,
      phone: c.practice.phone,
      publicEmail: c.practice.email,
      logo: input.practiceLogo ?? null,
    },
    client: {
      name: c.client.name,
      dateOfBirth: c.client.dateOfBirth ? date(c.client.dateOfBirth) : null,
      email: c.client.email,
    },
    practitioner: { name: c.practitioner.name },
    offering: { title: c.offering.title, version: c.offering.version },
    status: statusLabel,
    summary: {
      start: date(c.schedule.startDate),
      trialEnd: date(c.schedule.trial.endDate),
      review: date(c.schedule.reviewDate),
      choice: chosenTitle,
    },
    verification: { hash: input.hash, code: input.code, url: input.verifyUrl, qr: input.qr },

    story: {
      excerpt: c.story.excerpt,
      goals: c.story.goals.map((g) => ({ text: g.text, understood: c.reflection.goals[g.id] ?? null })),
      support: c.story.support,
    },
    reflection: {
      story: c.reflection.story,
      mattersMost: c.reflection.mattersMost,
      confirmed: c.reflection.confirmed,
      note: c.reflection.note,
    },

    options: c.options.map((o, i) => ({
      number: i + 1,
      kind: english ? optionKind(o.kind, o.title) : optionKindIn(language, o.kind, o.title),
      title: o.title,
      involves: o.involves,
      benefits: o.benefits,
      drawbacks: o.drawbacks,
      uncertainty: o.uncertainty,
      timeAndCost: o.timeAndCost,
      chosen: i === c.choice.option,
    })),
    choice: { number: c.choice.option + 1, title: chosenTitle, reasons: c.choice.reasons },

    schedule: {
      start: date(c.schedule.startDate),
      phases: c.schedule.phases.map((p, i) => ({
        name: p.name,
        from: date(p.from),
        /** Null for the last phase: it goes on. */
        to: p.to ? date(p.to) : null,
        cadence: words.phases[i]?.cadence ?? p.cadence,
        minutesPerVisit: `${p.minutesPerVisit} min`,
        homePractice: words.phases[i]?.homePractice ?? p.homePractice,
        fee: money(p.feePerVisitMinor),
        feeRange: sliding
          ? `${money(Math.round((p.feePerVisitMinor * sliding.minPercent) / 100))}–${money(Math.round((p.feePerVisitMinor * sliding.maxPercent) / 100))}`
          : null,
        description: p.description,
      })),
      trial: {
        length: english ? trialText(c.schedule.trial) : lengthWords(tr, c.schedule.trial.length, c.schedule.trial.unit),
        endDate: date(c.schedule.trial.endDate),
        expectedChanges: c.schedule.trial.expectedChanges,
      },
      review: date(c.schedule.reviewDate),
      ifNothingChanges: c.schedule.ifNothingChanges,
      timePerWeek: words.timePerWeek,
      projections: words.projections,
    },

    fees: {
      currency: c.fees.currency,
      packages: c.fees.packages.map((p) => ({
        name: p.name,
        visits: p.visits,
        price: money(p.priceMinor),
        description: p.description,
      })),
      sliding: sliding
        ? {
            range: tr('agreements.words.scale_range', { min: sliding.minPercent, max: sliding.maxPercent }),
            howDecided: sliding.howDecided,
          }
        : null,
      fairExchangeNote: c.fees.fairExchangeNote,
      included: c.fees.included,
      notIncluded: c.fees.notIncluded,
      cancellationPolicy: c.fees.cancellationPolicy,
    },

    products: {
      none: c.products.policy === 'none' || c.products.items.length === 0,
      requiresPurchase: c.products.policy === 'required' && c.products.items.some((i) => i.required),
      required: c.products.items.filter((i) => i.required).map(product),
      optional: c.products.items.filter((i) => !i.required).map(product),
    },

    findings: c.findings.map((f) => ({
      // The finding's sentence is the snapshot's, as it was written when the agreement was drafted.
      title: english || !FINDING_TITLE_KEYS[f.key] ? f.title : tr(FINDING_TITLE_KEYS[f.key]),
      level: english ? (FINDING_LEVEL_LABELS[f.level] ?? sentenceCase(f.level)) : printedLevelLabel(language, f.level),
      toClient: f.toClient,
      resolution: f.resolution,
    })),

    commitments: c.commitments,

    gfe: c.goodFaithEstimate ? goodFaithEstimate(c.goodFaithEstimate, date, input.locale) : null,

    signatures: (['client', 'practitioner'] as const).map((role) => {
      const signed = input.signatures.find((s) => s.role === role);
      return {
        role: english ? ROLE_LABELS[role] : tr(role === 'client' ? 'agreements.pdf.role_client' : 'agreements.pdf.role_practitioner'),
        party: role === 'client' ? c.client.name : c.practitioner.name,
        signed: signed
          ? {
              name: signed.name,
              method: english
                ? (SIGNATURE_METHOD_LABELS[signed.method] ?? sentenceCase(signed.method))
                : ((
                    {
                      remote: tr('agreements.pdf.method_remote'),
                      in_person: tr('agreements.pdf.method_in_person'),
                      paper: tr('agreements.pdf.method_paper'),
                    } as Record<string, string>
                  )[signed.method] ?? sentenceCase(signed.method)),
              at: moment(signed.signedAt),
              ip: signed.ip,
              userAgent: signed.userAgent,
              witness: signed.witness ?? null,
            }
          : null,
      };
    }),

    events: [...input.events]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => ({ at: exact(e.at), action: eventLabel(language, e.action), actor: e.actor, ip: e.ip ?? '—' })),
    timeZone: input.timeZone,
  };
}

function goodFaithEstimate(g: GoodFaithEstimate, date: (value: string) => string, locale: string) {
  const money = (minor: number) => formatMoney(minor, g.currency, locale);
  return {
    clientName: g.clientName,
    clientDateOfBirth: g.clientDateOfBirth ? date(g.clientDateOfBirth) : '—',
    issuedOn: date(g.issuedOn),
    periodFrom: date(g.periodFrom),
    periodTo: date(g.periodTo),
    provider: g.provider,
    items: g.items.map((i) => ({
      provider: i.provider,
      description: i.description,
      serviceCodes: i.serviceCodes.length ? i.serviceCodes.join(', ') : '—',
      diagnosisCodes: i.diagnosisCodes.length ? i.diagnosisCodes.join(', ') : '—',
      quantity: new Intl.NumberFormat(locale).format(i.quantity),
      unitCharge: money(i.unitChargeMinor),
      total: money(i.totalMinor),
    })),
    total: money(g.totalMinor),
    currency: g.currency,
    disclaimers: g.disclaimers,
  };
}

export type AgreementPdfModel = ReturnType<typeof agreementPdfModel>;
