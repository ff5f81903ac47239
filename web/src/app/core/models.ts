/** Shapes of the API's responses the console reads (see /api/v1/openapi.json). */

export interface Evaluation {
  id: number;
  created_at: string;
  company_id: number;
  campaign_id: number;
  zone_id: number;
  user_id: number;
  comments: string | null;
  media_filename: string | null;
  duration_seconds: number | null;
  status: 'pending' | 'analyzing' | 'in_review' | 'completed' | 'failed';
  stage: string;
  progress: number;
  error_code: string | null;
  error_message: string | null;
  completed_at: string | null;
  answers?: Record<string, unknown> | null;
  survey_id?: number | null;
}

export interface Quote {
  cita: string;
  inicio: number;
  fin: number;
}

export interface Indicator {
  score: number;
  justificacion: string;
}

export const CHECKS = ['saludo', 'identificacion', 'oferta', 'cierre', 'valor_agregado'] as const;
export type Check = (typeof CHECKS)[number];

export interface OperativeView {
  IOC: Indicator;
  IRD: Indicator;
  CES: Indicator;
  NPS_inferido: number;
  calidad_basica: Record<Check, boolean>;
  evidencias: {
    calidad_basica: Record<Check, Quote[]>;
    verbatims: Record<'positivos' | 'negativos' | 'criticos', Quote[]>;
  };
  verbatims: Record<'positivos' | 'negativos' | 'criticos', string[]>;
  acciones_sugeridas: { accion: string; prioridad: 'alta' | 'media' | 'baja' }[];
  /** The company scorecard's verdicts, by criterion key (absent without a scorecard). */
  criterios?: Record<string, Criterion>;
}

export interface Criterion {
  nombre: string;
  cumple: boolean | null;
  peso: number;
  evidencia: Quote | null;
}

export interface Segment {
  start: number;
  end: number;
  text: string;
  speaker?: string | null;
  role?: string | null;
}

export interface Analysis {
  id: number;
  evaluation_id: number;
  executive_view: string | null;
  operative_view: OperativeView | null;
  transcript: { text?: string; language?: string; duration?: number; segments?: Segment[] } | null;
  provider: string | null;
  model: string | null;
  transcriber: string | null;
  prompt_version: string | null;
  scorecard_version?: string | null;
  /** 0–100, the scorecard's weighted score. */
  scorecard_score?: number | null;
  /** None while the analysis waits for a reviewer. */
  published_at?: string | null;
  /** The reviewer who published it; None when it was published without review. */
  published_by?: number | null;
  adjustments?: Adjustment[];
}

/** A reviewer's change to one verdict: the AI's value beside the human one, who and why. */
export interface Adjustment {
  target: string;
  ai_value: boolean | number | null;
  human_value: boolean | number | null;
  reason: string;
  user_id: number;
  reviewer: string | null;
  dispute_id: number | null;
  updated_at: string;
}

export interface User {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: number;
  company_id: number | null;
  is_reviewer?: boolean;
}

export type DisputeStatus = 'open' | 'accepted' | 'rejected';

export interface Dispute {
  id: number;
  created_at: string;
  company_id: number;
  evaluation_id: number;
  analysis_id: number;
  target: string;
  comment: string;
  status: DisputeStatus;
  raised_by: number;
  resolved_by: number | null;
  resolution: string | null;
  resolved_at: string | null;
}

export interface Agreement {
  target: string;
  provider: string | null;
  model: string | null;
  prompt_version: string | null;
  scorecard_version: string | null;
  reviewed: number;
  agreed: number;
  agreement: number | null;
  kappa: number | null;
  ai_yes: number;
  human_yes: number;
}

export interface Calibration {
  date_from: string | null;
  date_to: string | null;
  reviewed_analyses: number;
  groups: Agreement[];
}

export interface ActivationCheck {
  id: number;
  prompt_id: number;
  status: 'running' | 'activated' | 'refused' | 'failed';
  progress: number;
  total: number;
  before_agreement: number | null;
  after_agreement: number | null;
  margin: number;
  message: string | null;
}

export interface Campaign {
  id: number;
  name: string;
  description: string | null;
  start_date: string;
  end_date: string;
  goal: number;
  survey_id: number | null;
  company_id: number;
}

export interface Progress {
  submitted: number;
  pending: number;
  analyzing: number;
  completed: number;
  failed: number;
  goal: number;
  goal_pct: number;
}

export interface CampaignDetail extends Campaign {
  progress: Progress;
  zones: (Progress & { zone_id: number; zone_name: string })[];
}

export interface Zone {
  id: number;
  name: string;
  country: string;
  state: string;
  city: string | null;
  company_id: number;
}

export const QUESTION_TYPES = ['text', 'number', 'single_choice', 'multiple_choice', 'yes_no', 'scale', 'nps'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Question {
  id?: string;
  type: QuestionType;
  text: string;
  required?: boolean;
  options?: string[];
  min?: number | null;
  max?: number | null;
  max_length?: number | null;
}

export interface Survey {
  id: number;
  name: string;
  description: string | null;
  questions: Question[];
  version: number;
  previous_version_id: number | null;
  is_current: boolean;
  company_id: number;
}

export interface Summary {
  submitted: number;
  completed: number;
  failed: number;
  in_progress: number;
  kpis?: { IOC: number | null; IRD: number | null; CES: number | null; NPS_inferido: number | null };
  quality?: Record<Check, number | null>;
  critical_verbatims: number;
}

export interface Group extends Summary {
  id: number;
  name: string | null;
  goal?: number | null;
}

export interface Dashboard extends Summary {
  role: string;
  companies?: (Summary & { id: number; name: string; subscription_status: string; users: number })[];
  companies_by_status?: Record<string, number>;
  by_campaign?: Group[];
  by_zone?: Group[];
  leaderboard?: { user_id: number; name: string | null; submitted: number; completed: number }[];
  top_critical?: { evaluation_id: number; quotes: string[]; campaign_id: number; zone_id: number; created_at: string }[];
  recent?: Evaluation[];
}

export interface Trends {
  kpi: string;
  interval: string;
  series: { period: string; value: number | null; count: number }[];
}
