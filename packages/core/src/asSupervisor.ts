// Marks logic built on supervisors, so a child spec running it defaults its `type` to 'supervisor'.

const SUPERVISOR_LOGIC = Symbol.for('xstate-otp.supervisorLogic');

/**
 * Declares logic as a supervisor for the child specs that run it: their `type` defaults to 'supervisor'
 * and so their `shutdown` to 'infinity' (it stops its own children first, each within its own shutdown).
 * Supervisors are marked already; mark your own machines that run a supervision tree.
 *
 * @example
 * ```ts
 * const pipeline = asSupervisor(setup({}).createMachine({ invoke: { src: createSupervisor({ children }) } }));
 * createSupervisor({ children: [{ id: 'pipeline', logic: pipeline }] }); // type 'supervisor', shutdown 'infinity'
 * ```
 */
export function asSupervisor<T extends object>(logic: T): T {
  if (!isSupervisorLogic(logic)) Object.defineProperty(logic, SUPERVISOR_LOGIC, { value: true });
  return logic;
}

export function isSupervisorLogic(logic: unknown): boolean {
  return typeof logic === 'object' && logic !== null && (logic as Record<symbol, unknown>)[SUPERVISOR_LOGIC] === true;
}
