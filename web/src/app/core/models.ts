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
  status: 'pending' | 'analyzing' | 'completed' | 'failed';
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
