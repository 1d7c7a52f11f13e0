// Marks logic made by the supervisor creators, so a child spec can default its `type` to 'supervisor'.

const SUPERVISOR_LOGIC = Symbol.for('xstate-otp.supervisorLogic');

export function tagSupervisorLogic<T extends object>(logic: T): T {
  Object.defineProperty(logic, SUPERVISOR_LOGIC, { value: true });
  return logic;
}

export function isSupervisorLogic(logic: unknown): boolean {
  return typeof logic === 'object' && logic !== null && (logic as Record<symbol, unknown>)[SUPERVISOR_LOGIC] === true;
}
