import { IntakeTemplateContent, STORY_LIMIT } from './template';

/**
 * The template every new practice starts from: the client's own story first, their daily-life
 * baseline, their support and their own expectations. The baseline question ids (baseline.*) are
 * stable: reviews ask them again and compare.
 */
export const BASELINE_AREAS = ['eating', 'sleep', 'movement', 'emotions'] as const;

const scale = (id: string, label: string, help: string) => ({ id, type: 'scale' as const, label, help, required: true, min: 0, max: 10 });
const words = (id: string, label: string) => ({ id, type: 'long_text' as const, label, required: false, maxLength: 2000 });

export const DEFAULT_INTAKE: IntakeTemplateContent = {
  title: 'Getting to know you',
  sections: [
    {
      id: 'about',
      title: 'About you',
      questions: [
        { id: 'about.name', type: 'short_text', label: 'Your full name', required: true, maxLength: 120 },
        { id: 'about.preferred_name', type: 'short_text', label: 'What would you like us to call you?', required: false, maxLength: 60 },
        {
          id: 'about.pronouns',
          type: 'short_text',
          label: 'Your pronouns',
          help: 'For example she/her, he/him, they/them.',
          required: false,
          maxLength: 40,
        },
        { id: 'about.email', type: 'email', label: 'E-mail', required: true },
        { id: 'about.phone', type: 'phone', label: 'Phone', required: false },
        { id: 'about.date_of_birth', type: 'date', label: 'Date of birth', required: true },
      ],
    },
    {
      id: 'story',
      title: 'Your story',
      intro: 'In your own words. There are no wrong answers, and you can take your time.',
      questions: [
        {
          id: 'story.text',
          type: 'long_text',
          label: 'What brings you here?',
          help: 'What is happening, what you have tried so far, and what matters most to you.',
          required: true,
          maxLength: STORY_LIMIT,
        },
      ],
    },
    {
      id: 'goals',
      title: 'Your goals',
      intro: 'Up to five, in your own words.',
      questions: [1, 2, 3, 4, 5].map((n) => ({
        id: `goals.${n}`,
        type: 'short_text' as const,
        label: `Goal ${n}`,
        required: n === 1,
        maxLength: 300,
      })),
    },
    {
      id: 'baseline',
      title: 'Your daily life',
      intro: 'How things are now. 0 means very poor, 10 means very good.',
      questions: [
        scale('baseline.eating', 'Eating', 'How well do you eat, most days?'),
        words('baseline.eating_words', 'Eating, in your words'),
        { id: 'baseline.sleep_hours', type: 'number', label: 'Hours of sleep on a usual night', required: true, min: 0, max: 24 },
        scale('baseline.sleep', 'Sleep quality', 'How rested do you feel?'),
        words('baseline.sleep_words', 'Sleep, in your words'),
        scale('baseline.movement', 'Movement and exercise', 'How much do you move, and how does it feel?'),
        words('baseline.movement_words', 'Movement, in your words'),
        scale('baseline.emotions', 'Emotional life and stress', 'How are you feeling, and how much stress do you carry?'),
        words('baseline.emotions_words', 'Emotions and stress, in your words'),
      ],
    },
    {
      id: 'support',
      title: 'Your support',
      questions: [
        {
          id: 'support.people',
          type: 'long_text',
          label: 'People who support you',
          help: 'Who they are, how they are related to you, and how they help.',
          required: false,
          maxLength: 2000,
        },
        {
          id: 'support.practitioners',
          type: 'long_text',
          label: 'Other practitioners and therapies you use now',
          required: false,
          maxLength: 2000,
        },
      ],
    },
    {
      id: 'expectations',
      title: 'What you expect',
      questions: [
        {
          id: 'expectations.notice_within',
          type: 'single_choice',
          label: 'When do you hope to notice a change?',
          required: true,
          options: [
            { value: 'days', label: 'Within days' },
            { value: 'weeks', label: 'Within a few weeks' },
            { value: 'months', label: 'Within a few months' },
          ],
        },
        {
          id: 'expectations.notice_within_amount',
          type: 'number',
          label: 'About how many days, weeks or months?',
          help: 'For example 2, if you hope to notice a change within 2 weeks. Leave it empty if you are not sure.',
          required: false,
          min: 1,
          max: 120,
        },
        {
          id: 'expectations.monthly_budget',
          type: 'number',
          label: 'What can you spend on care each month?',
          help: 'An amount in your currency.',
          required: false,
          min: 0,
          max: 1_000_000,
        },
        {
          id: 'expectations.hours_per_week',
          type: 'number',
          label: 'Hours per week you can give to visits and home practice',
          required: false,
          min: 0,
          max: 80,
        },
        {
          id: 'expectations.avoid',
          type: 'multiple_choice',
          label: 'Is there anything you would rather avoid?',
          required: false,
          options: [
            { value: 'products', label: 'Buying supplements, remedies or other products' },
            { value: 'tests', label: 'Lab tests' },
            { value: 'medication', label: 'Prescription medication' },
            { value: 'hands_on', label: 'Hands-on treatment (manipulation, massage)' },
            { value: 'talking', label: 'Talking about feelings and the past' },
            { value: 'energy', label: 'Energy work' },
          ],
        },
        {
          id: 'expectations.preferences',
          type: 'long_text',
          label: 'Approaches you prefer, or would rather avoid',
          required: false,
          maxLength: 2000,
        },
      ],
    },
    {
      id: 'consent',
      title: 'Consent and privacy',
      questions: [
        {
          id: 'consent.privacy',
          type: 'yes_no',
          label: 'I understand that my answers are shared only with this practice, to prepare for working together.',
          required: true,
        },
      ],
    },
  ],
};
