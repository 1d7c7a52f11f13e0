// @xstate-otp/dashboard: a live local page of an actor system (supervision trees included), from xstate inspection events.
export { serveDashboard } from './serveDashboard';
export type { Dashboard, DashboardOptions } from './serveDashboard';
export type { ActorKind, ActorSummaryView, ActorView, BreakerChildView, DashboardView, RecordedEventView, ShardView } from './dashboardView';
export { DashboardError } from './errors';
export type { DashboardErrorCode } from './errors';
