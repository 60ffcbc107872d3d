/** What the practitioner heard: the story, each of the client's goals, and what matters most. */
export interface ReflectionContent {
  story: string;
  /** One per client goal, keyed by the goal's question id (goals.1 …). */
  goals: Record<string, string>;
  mattersMost: string;
}

/** The client's answer: "you heard me", or corrections overall and goal by goal, in their words. */
export interface ResponseContent {
  verdict: 'confirmed' | 'corrected';
  overall: string;
  /** Only the goals the client corrected. */
  goals: Record<string, string>;
}

export const REFLECTION_LIMITS = { story: 5000, goal: 1000, mattersMost: 2000, correction: 5000 } as const;
